import type { App } from '@slack/bolt';
import { findForm } from '../../../src/core/reply.js';
import { claimEvent } from '../../../src/store/processed-events.js';
import { channelKindOf, encodeOpenForm, replyLanguage, slackTurn } from '../conversation.js';
import { deliver } from '../delivery.js';
import type { SlackDeps } from '../deps.js';
import { slackTextToPlain } from '../incoming-text.js';

/** How long a handled message stays claimed: longer than Slack's retry window. */
export const MESSAGE_CLAIM_TTL_MS = 60 * 60_000;

/** Message subtypes that are a person writing; edits, joins, bot posts and the like are ignored. */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export interface IncomingMessage {
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
}

/** Mentions in channels and direct messages: the answer goes in a thread under the question. */
export function registerMessageListeners(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, context }) => {
    await handleMessage(deps, event as unknown as IncomingMessage, context.botUserId);
  });
  app.event('message', async ({ event, context }) => {
    const message = event as unknown as IncomingMessage;
    if (message.channel_type !== 'im') return;
    await handleMessage(deps, message, context.botUserId);
  });
}

/** True for messages a person wrote (not this or another bot, not an edit or a join). */
export function isFromPerson(message: IncomingMessage, botUserId?: string): boolean {
  if (!message.user || message.bot_id) return false;
  if (botUserId && message.user === botUserId) return false;
  return PERSON_SUBTYPES.has(message.subtype);
}

async function handleMessage(deps: SlackDeps, message: IncomingMessage, botUserId?: string): Promise<void> {
  if (!isFromPerson(message, botUserId)) return;
  // A mention in a DM arrives both as app_mention and as message (different event ids): answer once.
  const store = deps.core.services.store;
  if (!(await claimEvent(store, `slack:msg:${message.channel}:${message.ts}`, MESSAGE_CLAIM_TTL_MS))) {
    deps.log.debug({ channel: message.channel, ts: message.ts }, 'message already answered');
    return;
  }
  const userId = message.user!;
  const text = slackTextToPlain(message.text ?? '', botUserId);
  const profile = await deps.profiles.get(userId);
  const turn = slackTurn(
    { userId, channelId: message.channel, channelKind: channelKindOf(message.channel, message.channel_type) },
    profile,
    { type: 'text', text },
  );
  const reply = await deps.core.router.handle(turn);
  const openFormValue = findForm(reply) ? encodeOpenForm({ text }) : undefined;
  await deliver(
    deps,
    reply,
    {
      userId,
      channelId: message.channel,
      isDm: turn.channelKind === 'dm',
      threadTs: message.thread_ts ?? message.ts,
      publicVia: 'post',
    },
    { language: replyLanguage(reply, turn), ...(openFormValue ? { openFormValue } : {}) },
  );
}
