import type { Selectable } from 'kysely';
import type { Store } from '../store/database.js';
import type { DigestSubscriptionsTable } from '../store/schema.js';
import type { Language } from '../core/language.js';
import type { WeeklySchedule } from './schedule.js';

/** A channel's weekly digest subscription (one per platform and channel). */
export interface Subscription extends WeeklySchedule {
  id: number;
  platform: string;
  channelId: string;
  /** Organisation scope, or null for all organisations. */
  orgId: string | null;
  language: Language;
  createdBy: string;
  createdAt: Date;
  /** When the schedule was last set: occurrences due before it are never sent. */
  updatedAt: Date;
  active: boolean;
}

export function toSubscription(row: Selectable<DigestSubscriptionsTable>): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    channelId: row.channel_id,
    weekday: row.weekday,
    time: row.time,
    timezone: row.timezone,
    orgId: row.org_id,
    language: row.language === 'sv' ? 'sv' : 'en',
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    active: row.active === 1,
  };
}

export async function findSubscription(
  store: Store,
  platform: string,
  channelId: string,
): Promise<Subscription | undefined> {
  const row = await store.db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

/** Subscriptions (active or not) with a given channel id on any platform. */
export async function findSubscriptionsByChannel(store: Store, channelId: string): Promise<Subscription[]> {
  const rows = await store.db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('channel_id', '=', channelId)
    .execute();
  return rows.map(toSubscription);
}

export async function findSubscriptionsByIds(store: Store, ids: readonly number[]): Promise<Subscription[]> {
  if (ids.length === 0) return [];
  const rows = await store.db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toSubscription);
}

export async function listActiveSubscriptions(
  store: Store,
  platforms: readonly string[],
): Promise<Subscription[]> {
  if (platforms.length === 0) return [];
  const rows = await store.db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('active', '=', 1)
    .where('platform', 'in', [...platforms])
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

export interface SubscriptionInput extends WeeklySchedule {
  platform: string;
  channelId: string;
  orgId: string | null;
  language: Language;
  createdBy: string;
}

/**
 * Creates the channel's subscription, or replaces its schedule and scope (re-activating it).
 * Whoever (re-)activates an inactive subscription becomes its owner.
 */
export async function saveSubscription(
  store: Store,
  input: SubscriptionInput,
  now: Date,
): Promise<Subscription> {
  const at = now.toISOString();
  const schedule = {
    weekday: input.weekday,
    time: input.time,
    timezone: input.timezone,
    org_id: input.orgId,
    language: input.language,
    updated_at: at,
    active: 1,
  };
  const existing = await findSubscription(store, input.platform, input.channelId);
  if (existing) {
    await store.db
      .updateTable('digest_subscriptions')
      .set({ ...schedule, ...(existing.active ? {} : { created_by: input.createdBy, created_at: at }) })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await store.db
      .insertInto('digest_subscriptions')
      .values({
        ...schedule,
        platform: input.platform,
        channel_id: input.channelId,
        created_by: input.createdBy,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['platform', 'channel_id']).doUpdateSet(schedule))
      .execute();
  }
  const saved = await findSubscription(store, input.platform, input.channelId);
  if (!saved) throw new Error('subscription vanished after saving');
  return saved;
}

/** Stops the channel's digest; returns false when it had none active. */
export async function deactivateSubscription(store: Store, id: number, now: Date): Promise<boolean> {
  const result = await store.db
    .updateTable('digest_subscriptions')
    .set({ active: 0, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
