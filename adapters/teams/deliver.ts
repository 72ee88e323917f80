import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Reply } from '../../src/core/reply.js';
import { saveAnswerMessage } from '../../src/store/answer-messages.js';
import type { Store } from '../../src/store/database.js';
import { saveOptionList } from '../../src/store/option-lists.js';
import { PLATFORM } from './conversation-reference.js';
import { baseConversationId } from './inbound/activity.js';
import { replyToMessage, type OutgoingMessage } from './render/activity.js';

/** Teams refuses bot messages over about 28 KB. */
const MESSAGE_SIZE_WARNING = 26_000;

/** Renders a Reply and stores what its card will ask for later (option lists searched on demand). */
export async function prepareMessage(
  reply: Reply,
  store: Store,
  log: Logger,
  now: Date,
): Promise<OutgoingMessage> {
  const { message, optionLists } = replyToMessage(reply);
  for (const list of optionLists) await saveOptionList(store, list.id, list.options, now);
  const size = Buffer.byteLength(JSON.stringify(message));
  if (size > MESSAGE_SIZE_WARNING) log.warn({ size }, 'teams: card close to or over the message size limit');
  return message;
}

export interface DeliverOptions {
  store: Store;
  log: Logger;
  now: Date;
  /** Update this message (the card that carried the button or form) instead of posting anew. */
  replaceMessageId?: string;
}

/**
 * Sends a Reply into the turn's conversation (as a reply to the incoming activity), or updates the
 * card it answers. An answer's message id is remembered so Teams' feedback on it finds the question.
 */
export async function deliverReply(
  context: TurnContext,
  reply: Reply,
  options: DeliverOptions,
): Promise<string | undefined> {
  const message = await prepareMessage(reply, options.store, options.log, options.now);
  let messageId: string | undefined;
  if (options.replaceMessageId) {
    try {
      await context.updateActivity({ ...message, id: options.replaceMessageId });
      messageId = options.replaceMessageId;
    } catch (error) {
      // The card may be gone or too old to edit; the reply still matters more than its place.
      options.log.warn({ err: error }, 'teams: updating the card failed, sending a new message');
    }
  }
  if (!messageId) messageId = (await context.sendActivity(message))?.id || undefined;

  const conversationId = context.activity.conversation?.id;
  if (reply.feedback && messageId && conversationId) {
    await saveAnswerMessage(
      options.store,
      PLATFORM,
      baseConversationId(conversationId),
      messageId,
      reply.feedback.questionId,
      options.now,
    );
  }
  return messageId;
}
