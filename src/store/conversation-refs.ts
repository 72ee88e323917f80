import type { Store } from './database.js';

/** Platform conversation references, kept so the digest can post proactively. */
export async function saveConversationRef(
  store: Store,
  platform: string,
  conversationId: string,
  reference: unknown,
  now: Date = new Date(),
): Promise<void> {
  const row = {
    platform,
    conversation_id: conversationId,
    reference: JSON.stringify(reference),
    updated_at: now.toISOString(),
  };
  await store.db
    .insertInto('conversation_refs')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['platform', 'conversation_id'])
        .doUpdateSet({ reference: row.reference, updated_at: row.updated_at }),
    )
    .execute();
}

export async function loadConversationRef<T = unknown>(
  store: Store,
  platform: string,
  conversationId: string,
): Promise<T | undefined> {
  const row = await store.db
    .selectFrom('conversation_refs')
    .select('reference')
    .where('platform', '=', platform)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.reference) as T) : undefined;
}

/** Forgets a conversation the bot was removed from: nothing can be posted there any more. */
export async function deleteConversationRef(
  store: Store,
  platform: string,
  conversationId: string,
): Promise<boolean> {
  const result = await store.db
    .deleteFrom('conversation_refs')
    .where('platform', '=', platform)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
