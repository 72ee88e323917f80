import type { Store } from './database.js';

/**
 * Deduplication of platform deliveries (Slack retries, Teams redeliveries), shared by every replica
 * through the database. The first caller to claim a key wins until the claim expires.
 */
export async function claimEvent(
  store: Store,
  key: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const result = await store.db
    .insertInto('processed_events')
    .values({ key, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ expires_at: expiresAt })
        .where('processed_events.expires_at', '<', now.toISOString()),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes expired claims; returns how many. */
export async function purgeExpiredEvents(store: Store, now: Date = new Date()): Promise<number> {
  const result = await store.db
    .deleteFrom('processed_events')
    .where('expires_at', '<', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
