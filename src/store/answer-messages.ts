import type { Store } from './database.js';

/**
 * Remembers which posted message carried which logged answer, for platforms whose feedback
 * buttons name only the message (Teams' feedback loop sends the message id, nothing else).
 */
export async function saveAnswerMessage(
  store: Store,
  platform: string,
  conversationId: string,
  messageId: string,
  questionId: string,
  now: Date = new Date(),
): Promise<void> {
  const row = {
    platform,
    conversation_id: conversationId,
    message_id: messageId,
    question_id: questionId,
    created_at: now.toISOString(),
  };
  await store.db
    .insertInto('answer_messages')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['platform', 'conversation_id', 'message_id'])
        .doUpdateSet({ question_id: row.question_id, created_at: row.created_at }),
    )
    .execute();
}

/** The question id of the answer posted as `messageId` in `conversationId`, if known. */
export async function findAnsweredQuestion(
  store: Store,
  platform: string,
  conversationId: string,
  messageId: string,
): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('answer_messages')
    .select('question_id')
    .where('platform', '=', platform)
    .where('conversation_id', '=', conversationId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return row?.question_id;
}
