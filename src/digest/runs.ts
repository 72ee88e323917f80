import type { Selectable } from 'kysely';
import type { Store } from '../store/database.js';
import type { DigestRunsTable } from '../store/schema.js';

/**
 * One row per (subscription, period) in `digest_runs`; the unique constraint on the pair is what
 * makes a weekly digest exactly-once-claimed across any number of processes on one database.
 *
 *   (insert) ─► claimed ─► sending ─► sent
 *                  │          │ post failed, provably nothing posted, attempts left ─► pending ─► (re-claimed) claimed …
 *                  │          │ post failed, provably nothing posted, none left     ─► failed
 *                  │          │ post failed, outcome unknown or partly posted      ─► unknown   (never re-sent)
 *                  │          └ process died mid-post                               ─► unknown   (never re-sent)
 *                  ├ process died before posting           ─► re-claimed by another process
 *                  ├ graceful stop                          ─► pending    (released, same day only)
 *                  └ its day is over / unsubscribed         ─► missed / cancelled
 *
 * The guarantee is AT MOST ONCE per period: never two copies of a digest in a channel; in the rare
 * case that a post's outcome cannot be known, it may be missing instead (status `unknown`, shown by
 * `digest status`). A run is moved to `sending` (a conditional update that only its owner can make)
 * immediately before the platform call, and a `sending` run is never posted again, because the post
 * may have gone out before the process died. Everything before `sending` (claim, building the
 * content) is safely repeatable, so a crash there loses nothing. A post is retried only when its
 * failure proves nothing was posted (the poster throws a PostError with `delivered: 'no'`: refused,
 * rate limited, connection refused); a timeout, a dropped connection, a server error, or a digest
 * split into several messages of which some went out, ends the run as `unknown`. A post that
 * succeeded is never retried, even if recording it as `sent` fails (the run then stays `sending` and
 * becomes `unknown`).
 */

export type RunStatus =
  'claimed' | 'sending' | 'sent' | 'pending' | 'failed' | 'unknown' | 'missed' | 'cancelled';

export interface Run {
  id: number;
  subscriptionId: number;
  periodKey: string;
  dueAt: Date;
  status: RunStatus;
  claimedBy: string | null;
  claimedAt: Date | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  messageRef: string | null;
  startedAt: Date | null;
  builtAt: Date | null;
}

const date = (value: string | null): Date | null => (value ? new Date(value) : null);

export function toRun(row: Selectable<DigestRunsTable>): Run {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    periodKey: row.period_key,
    dueAt: new Date(row.due_at),
    status: row.status as RunStatus,
    claimedBy: row.claimed_by,
    claimedAt: date(row.claimed_at),
    attempts: row.attempts,
    nextAttemptAt: date(row.next_attempt_at),
    lastError: row.last_error,
    sentAt: date(row.sent_at),
    messageRef: row.message_ref,
    startedAt: date(row.started_at),
    builtAt: date(row.built_at),
  };
}

/** Error text stored for status: one line, bounded. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 500) || 'unknown error';
}

/** The periods among `periodKeys` that already have a run (in any state) for these subscriptions. */
export async function existingPeriods(
  store: Store,
  subscriptionIds: readonly number[],
  periodKeys: readonly string[],
): Promise<Set<string>> {
  if (subscriptionIds.length === 0) return new Set();
  const rows = await store.db
    .selectFrom('digest_runs')
    .select(['subscription_id', 'period_key'])
    .where('subscription_id', 'in', [...subscriptionIds])
    .where('period_key', 'in', [...new Set(periodKeys)])
    .execute();
  return new Set(rows.map((r) => `${r.subscription_id}/${r.period_key}`));
}

/** Inserts the run for a period as claimed by `owner`; undefined when another process got there first. */
export async function claimNewRun(
  store: Store,
  occurrence: { subscriptionId: number; periodKey: string; dueAt: Date },
  owner: string,
  now: Date,
): Promise<Run | undefined> {
  const result = await store.db
    .insertInto('digest_runs')
    .values({
      subscription_id: occurrence.subscriptionId,
      period_key: occurrence.periodKey,
      due_at: occurrence.dueAt.toISOString(),
      status: 'claimed',
      claimed_by: owner,
      claimed_at: now.toISOString(),
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      sent_at: null,
      message_ref: null,
    })
    .onConflict((oc) => oc.columns(['subscription_id', 'period_key']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
  return findRun(store, occurrence.subscriptionId, occurrence.periodKey);
}

export async function findRun(
  store: Store,
  subscriptionId: number,
  periodKey: string,
): Promise<Run | undefined> {
  const row = await store.db
    .selectFrom('digest_runs')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('period_key', '=', periodKey)
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

/** Runs that may need work: waiting for a retry, or claimed/sending by a process that may have died. */
export async function listOpenRuns(store: Store, limit = 500): Promise<Run[]> {
  const rows = await store.db
    .selectFrom('digest_runs')
    .selectAll()
    .where('status', 'in', ['pending', 'claimed', 'sending'])
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

/**
 * Takes over a run: a `pending` one whose next attempt is due, or a `claimed` one whose claim is
 * older than `staleBefore` (its process died before posting). Exactly one contender wins.
 */
export async function reclaimRun(
  store: Store,
  run: Run,
  owner: string,
  now: Date,
  staleBefore: Date,
): Promise<boolean> {
  const at = now.toISOString();
  let query = store.db
    .updateTable('digest_runs')
    .set({ status: 'claimed', claimed_by: owner, claimed_at: at })
    .where('id', '=', run.id);
  if (run.status === 'pending') {
    query = query
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]));
  } else if (run.status === 'claimed') {
    query = query.where('status', '=', 'claimed').where('claimed_at', '<', staleBefore.toISOString());
  } else {
    return false;
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The last step before the platform call; false when this process no longer owns the claim or the channel unsubscribed. */
export async function markSending(
  store: Store,
  runId: number,
  owner: string,
  now: Date,
  builtAt: Date,
): Promise<boolean> {
  const result = await store.db
    .updateTable('digest_runs')
    .set((eb) => ({
      status: 'sending',
      started_at: now.toISOString(),
      built_at: builtAt.toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', runId)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', owner)
    // Unsubscribing while the digest was being built stops it here, atomically.
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('digest_subscriptions')
          .select('digest_subscriptions.id')
          .whereRef('digest_subscriptions.id', '=', 'digest_runs.subscription_id')
          .where('digest_subscriptions.active', '=', 1),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markSent(
  store: Store,
  runId: number,
  messageRef: string | undefined,
  now: Date,
): Promise<void> {
  await store.db
    .updateTable('digest_runs')
    .set({
      status: 'sent',
      sent_at: now.toISOString(),
      message_ref: messageRef ?? null,
      next_attempt_at: null,
      last_error: null,
    })
    .where('id', '=', runId)
    .execute();
}

/** Records failed attempt number `attempts`: `pending` until `retryAt`, or `failed` for good when `retryAt` is null. */
export async function markAttemptFailed(
  store: Store,
  runId: number,
  attempts: number,
  error: unknown,
  retryAt: Date | null,
): Promise<void> {
  await store.db
    .updateTable('digest_runs')
    .set({
      attempts,
      status: retryAt ? 'pending' : 'failed',
      next_attempt_at: retryAt ? retryAt.toISOString() : null,
      last_error: errorText(error),
      claimed_by: null,
    })
    .where('id', '=', runId)
    .execute();
}

/**
 * A post whose outcome is unknown (or that was partly posted) ends its run for good as `unknown`:
 * retrying could post the digest, or its first parts, a second time.
 */
export async function markPostOutcomeUnknown(
  store: Store,
  runId: number,
  error: unknown,
  delivered: 'unknown' | 'partial',
): Promise<void> {
  const why =
    delivered === 'partial'
      ? 'not re-sent, since part of the digest was posted'
      : 'not re-sent, since the post may have gone out';
  await store.db
    .updateTable('digest_runs')
    .set({
      status: 'unknown',
      next_attempt_at: null,
      last_error: `${errorText(error).slice(0, 440)}; ${why}`,
      claimed_by: null,
    })
    .where('id', '=', runId)
    .execute();
}

/** Closes a run that will never be posted (`missed`, `cancelled`, `failed`) if it is still in `from`. */
export async function closeRun(
  store: Store,
  runId: number,
  from: RunStatus,
  to: 'missed' | 'cancelled' | 'failed',
  reason: string,
): Promise<boolean> {
  const result = await store.db
    .updateTable('digest_runs')
    .set({ status: to, last_error: reason, claimed_by: null, next_attempt_at: null })
    .where('id', '=', runId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A `sending` run older than `staleBefore` belongs to a process that died mid-post: mark it, never re-send. */
export async function markStaleSendingUnknown(
  store: Store,
  runId: number,
  staleBefore: Date,
): Promise<boolean> {
  const result = await store.db
    .updateTable('digest_runs')
    .set({
      status: 'unknown',
      last_error: 'the process stopped while posting; not re-sent, since the post may have gone out',
      claimed_by: null,
    })
    .where('id', '=', runId)
    .where('status', '=', 'sending')
    .where('started_at', '<', staleBefore.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Graceful shutdown: hands this process's not-yet-started claims back (`pending`, due now). */
export async function releaseClaims(store: Store, owner: string, now: Date): Promise<number> {
  const result = await store.db
    .updateTable('digest_runs')
    .set({ status: 'pending', claimed_by: null, claimed_at: null, next_attempt_at: now.toISOString() })
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The newest runs of a subscription, newest first (for `digest status`). */
export async function recentRuns(store: Store, subscriptionId: number, limit = 5): Promise<Run[]> {
  const rows = await store.db
    .selectFrom('digest_runs')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('due_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

/** The instant the last posted digest of a subscription was built for (the start of "new since last digest"). */
export async function lastSentContentTime(
  store: Store,
  subscriptionId: number,
  before: Date,
): Promise<Date | undefined> {
  const row = await store.db
    .selectFrom('digest_runs')
    .select(['built_at', 'due_at'])
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'sent')
    .where('due_at', '<', before.toISOString())
    .orderBy('due_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return new Date(row.built_at ?? row.due_at);
}

/**
 * An operator's `ansvar digest send`: recorded as a run of its own period (`manual:<instant>`), already
 * `sending`, so it shows in `digest status` and starts the next digest's "new since" window. It never
 * blocks the scheduled digest of the day.
 */
export async function startManualRun(
  store: Store,
  subscriptionId: number,
  owner: string,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const row = await store.db
    .insertInto('digest_runs')
    .values({
      subscription_id: subscriptionId,
      period_key: `manual:${at}`,
      due_at: at,
      status: 'sending',
      claimed_by: owner,
      claimed_at: at,
      attempts: 1,
      next_attempt_at: null,
      last_error: null,
      sent_at: null,
      message_ref: null,
      started_at: at,
      built_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
