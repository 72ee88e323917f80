import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Store } from '../../src/store/database.js';
import {
  deleteConversationRef,
  loadConversationRef,
  saveConversationRef,
} from '../../src/store/conversation-refs.js';
import { baseConversationId } from './inbound/activity.js';

export const PLATFORM = 'teams';

/**
 * A reference that posts a new top-level message: no thread suffix in the conversation id and
 * no activity to reply to.
 */
export function topLevelReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const { activityId: _replyTarget, ...rest } = reference;
  if (!rest.conversation?.id) return rest;
  return { ...rest, conversation: { ...rest.conversation, id: baseConversationId(rest.conversation.id) } };
}

/** Stores where the digest can post later, keyed by the conversation without thread suffix. */
export async function rememberConversation(
  store: Store,
  activity: Partial<Activity>,
  now: Date,
): Promise<void> {
  const reference = topLevelReference(TurnContext.getConversationReference(activity));
  const id = reference.conversation?.id;
  if (!id || !reference.serviceUrl) return;
  await saveConversationRef(store, PLATFORM, id, reference, now);
}

/** Forgets the conversation the bot was removed from or uninstalled in (a thread names its channel). */
export async function forgetConversation(store: Store, conversationId: string): Promise<boolean> {
  return deleteConversationRef(store, PLATFORM, baseConversationId(conversationId));
}

export function loadConversation(
  store: Store,
  conversationId: string,
): Promise<Partial<ConversationReference> | undefined> {
  return loadConversationRef<Partial<ConversationReference>>(
    store,
    PLATFORM,
    baseConversationId(conversationId),
  );
}
