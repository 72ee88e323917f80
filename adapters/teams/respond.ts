import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Language } from '../../src/core/language.js';
import type { Reply } from '../../src/core/reply.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import type { Store } from '../../src/store/database.js';
import { PLATFORM } from './conversation-reference.js';
import { deliverReply } from './deliver.js';
import { noteReply } from './files/notes.js';
import { offerFiles } from './files/offer-files.js';
import type { TeamsActivity } from './inbound/activity.js';
import { userContext } from './inbound/to-turn.js';
import { inPrivateChat, PrivateChatError } from './private-chat.js';

export interface RespondDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  store: Store;
  log: Logger;
  now: Date;
}

/** Channels and group chats: everyone in them sees what the bot posts. */
export function isSharedConversation(activity: TeamsActivity): boolean {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat';
}

/** File consent cards exist only in Teams' own 1:1 chats (not the emulator or other channels). */
function canOfferFiles(activity: TeamsActivity): boolean {
  return activity.channelId === 'msteams' && activity.conversation?.conversationType === 'personal';
}

function languageOf(reply: Reply, activity: TeamsActivity): Language {
  if (reply.language) return reply.language;
  return userContext(activity).locale?.toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

/**
 * Answers a user's turn. A private reply asked for in a channel or group chat goes to the user's
 * 1:1 chat with the bot, with a short note where they asked; it never lands in the shared
 * conversation. Files in a reply are offered with consent cards in the 1:1 chat.
 */
export async function respond(
  context: TurnContext,
  activity: TeamsActivity,
  reply: Reply,
  deps: RespondDeps,
  options: { replaceMessageId?: string } = {},
): Promise<void> {
  const { store, log, now } = deps;
  if (reply.visibility === 'private' && isSharedConversation(activity)) {
    await respondPrivately(context, activity, reply, deps);
    return;
  }
  await deliverReply(context, reply, { store, log, now, ...options });
  if (activity.from && canOfferFiles(activity)) await offerFiles(context, reply, activity.from.id, deps);
}

async function respondPrivately(
  context: TurnContext,
  activity: TeamsActivity,
  reply: Reply,
  deps: RespondDeps,
): Promise<void> {
  const { store, log, now } = deps;
  const userId = activity.from?.id ?? '';
  let note: 'sentPrivately' | 'messageMeDirectly' = 'sentPrivately';
  try {
    await inPrivateChat(deps.adapter, deps.botAppId, activity, async (privateContext) => {
      await deliverReply(privateContext, reply, { store, log, now });
      if (activity.channelId === 'msteams') await offerFiles(privateContext, reply, userId, deps);
    });
  } catch (error) {
    if (!(error instanceof PrivateChatError)) throw error;
    note = 'messageMeDirectly';
    platformErrorsTotal.inc({ platform: PLATFORM, kind: 'private_chat' });
    // Only the stage and status: the error's request could carry the private content.
    log.warn(
      { stage: error.stage, status: error.status, reason: error.message },
      'teams: a private reply could not be sent in a 1:1 chat',
    );
  }
  await deliverReply(context, noteReply(note, languageOf(reply, activity)), { store, log, now });
}
