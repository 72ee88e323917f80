import { z } from 'zod';
import type { Language } from '../../src/core/language.js';
import { turnLanguage } from '../../src/core/language.js';
import type { Reply } from '../../src/core/reply.js';
import { makeTurn, type Turn, type TurnInput } from '../../src/core/turn.js';
import type { UserProfile } from './user-profiles.js';

/**
 * Slack conversation ids and hints → the Turn's channel kind. The hint is an event's `channel_type`
 * (`im`, `mpim`, `channel`, `group` = private channel) or a command's `channel_name`. Without one
 * (`app_mention` carries none, nor do buttons and modals), the id decides: `D…` is a DM, `G…` a group
 * DM (private channels have had `C…` ids for years), anything else a channel.
 */
export function channelKindOf(channelId: string, hint?: string): Turn['channelKind'] {
  if (hint === 'im' || hint === 'directmessage') return 'dm';
  if (hint === 'mpim' || hint?.startsWith('mpdm-')) return 'group';
  if (hint === 'channel' || hint === 'group' || hint === 'privategroup') return 'channel';
  if (channelId.startsWith('D')) return 'dm';
  return channelId.startsWith('G') ? 'group' : 'channel';
}

export interface TurnSource {
  userId: string;
  userName?: string;
  channelId: string;
  channelKind: Turn['channelKind'];
}

export function slackTurn(source: TurnSource, profile: UserProfile, input: TurnInput): Turn {
  const name = source.userName ?? profile.name;
  return makeTurn({
    platform: 'slack',
    userId: source.userId,
    ...(name ? { userName: name } : {}),
    ...(profile.timezone ? { timezone: profile.timezone } : {}),
    ...(profile.locale ? { locale: profile.locale } : {}),
    channelId: source.channelId,
    channelKind: source.channelKind,
    input,
    receivedAt: new Date(),
  });
}

export function replyLanguage(reply: Reply, turn: Turn): Language {
  return reply.language ?? turnLanguage(turn);
}

/**
 * The value of the adapter's own "Open the form" button: what to send the core again, with a
 * trigger_id this time, to get the form that could not open as a modal (mentions, DMs, expired triggers).
 */
const openFormSchema = z.union([
  z.object({ text: z.string().max(1900) }),
  z.object({ action: z.string().max(200), value: z.string().max(1500) }),
]);
export type OpenFormRequest = z.infer<typeof openFormSchema>;

export function encodeOpenForm(request: OpenFormRequest): string | undefined {
  const parsed = openFormSchema.safeParse(request);
  return parsed.success ? JSON.stringify(parsed.data) : undefined;
}

export function decodeOpenForm(value: string): OpenFormRequest | undefined {
  try {
    const parsed = openFormSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function openFormInput(request: OpenFormRequest): TurnInput {
  return 'text' in request
    ? { type: 'text', text: request.text }
    : { type: 'action', action: request.action, value: request.value };
}
