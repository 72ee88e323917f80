import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { postDelivery, type Poster } from '../core/poster.js';
import type { KnowledgeService } from '../knowledge/service.js';
import { digestsTotal } from '../observability/metrics.js';
import type { Store } from '../store/database.js';
import { buildDigest, subscriptionTarget } from './build-digest.js';
import {
  claimNewRun,
  closeRun,
  existingPeriods,
  listOpenRuns,
  markAttemptFailed,
  markPostOutcomeUnknown,
  markSending,
  markSent,
  markStaleSendingUnknown,
  reclaimRun,
  releaseClaims,
  type Run,
} from './runs.js';
import { latestOccurrence, stillSameLocalDay } from './schedule.js';
import { findSubscriptionsByIds, listActiveSubscriptions, type Subscription } from './subscriptions.js';

/**
 * Runs in every server process. Each tick (croner, every minute by default, and once at start):
 * 1. for every active subscription of a platform this process can post to, find the latest
 *    occurrence due by now; if it fell due today (local) and after the schedule was set, claim it
 *    by inserting its run (the unique (subscription, period) key lets exactly one process win) and post;
 * 2. look at open runs: retry posts that provably failed once their backoff has passed, take over
 *    claims abandoned by a process that died before posting, and mark runs abandoned mid-post as
 *    `unknown` (never re-sent).
 * A post whose outcome is unknown (timeout, dropped connection, server error, partly posted) is never
 * retried: it ends as `unknown`. Delivery is at most once per period; see src/digest/runs.ts.
 */

export interface SchedulerOptions {
  store: Store;
  knowledge: KnowledgeService;
  clock: Clock;
  log: Logger;
  /** One per platform this process can post to; subscriptions of other platforms are left alone. */
  posters: readonly Poster[];
  /** croner pattern for the tick (default every minute; six fields for seconds). */
  tick?: string;
  /** Identifies this process in `claimed_by`. */
  owner?: string;
  /** Posting attempts per period before giving up (default 5); only provably failed posts are retried. */
  maxAttempts?: number;
  /** Wait before the first retry, doubled each time (default 1 minute), capped by `retryMaxMs` (30 minutes). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A claim older than this without a post starting belongs to a dead process (default 5 minutes). */
  claimLeaseMs?: number;
  /** A post in flight for longer than this belongs to a dead process (default 10 minutes). */
  sendingLeaseMs?: number;
  /** Retries stop this long after the due time (default 24 hours). */
  retryWindowMs?: number;
}

export interface TickReport {
  claimed: number;
  sent: number;
  failed: number;
  retrying: number;
  unknown: number;
  missed: number;
  cancelled: number;
}

export interface DigestScheduler {
  readonly owner: string;
  /** One pass; ticks never overlap (a call waits for the one in progress). Never throws. */
  tick(): Promise<TickReport>;
  /** Ticks once now (catch-up after downtime), then on the cron pattern. */
  start(): Promise<void>;
  /** Stops ticking, waits for a post in flight, and releases claims not yet being posted. */
  stop(): Promise<void>;
}

export function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

const emptyReport = (): TickReport => ({
  claimed: 0,
  sent: 0,
  failed: 0,
  retrying: 0,
  unknown: 0,
  missed: 0,
  cancelled: 0,
});

/** Delay before retry number `attempt` (1-based): base, 2×base, 4×base … capped. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export function createDigestScheduler(options: SchedulerOptions): DigestScheduler {
  const { store, knowledge, clock, log } = options;
  const owner = options.owner ?? defaultOwner();
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const retryMaxMs = options.retryMaxMs ?? 30 * 60_000;
  const claimLeaseMs = options.claimLeaseMs ?? 5 * 60_000;
  const sendingLeaseMs = options.sendingLeaseMs ?? 10 * 60_000;
  const retryWindowMs = options.retryWindowMs ?? 24 * 3600_000;
  const posters = new Map(options.posters.map((p) => [p.platform as string, p]));
  const platforms = [...posters.keys()];

  let stopping = false;
  let cron: Cron | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function send(run: Run, subscription: Subscription, report: TickReport): Promise<void> {
    const poster = posters.get(subscription.platform);
    if (!poster) return;
    const attempt = run.attempts + 1;
    const builtAt = clock.now();
    let failure: unknown;
    try {
      const message = await buildDigest(
        { store, knowledge },
        subscriptionTarget(subscription),
        subscription.language,
        builtAt,
      );
      // Stopping: leave the claim for stop() to release, for another process to send.
      if (stopping) return;
      if (!(await markSending(store, run.id, owner, clock.now(), builtAt))) return;
      let result: { messageId?: string };
      try {
        result = await poster.post(subscription.channelId, message);
      } catch (error) {
        const delivered = postDelivery(error);
        // Nothing was posted: an attempt like any other, retried below with backoff.
        if (delivered === 'no') throw error;
        // Never let this reach the retry below: should recording fail, the run stays `sending`
        // and the sending lease turns it `unknown` later.
        await markPostOutcomeUnknown(store, run.id, error, delivered).catch((recordError: unknown) =>
          log.error({ err: recordError, subscription: subscription.id }, 'digest outcome not recorded'),
        );
        report.unknown += 1;
        digestsTotal.inc({ platform: subscription.platform, result: 'unknown' });
        log.error(
          { err: error, subscription: subscription.id, period: run.periodKey, delivered, attempt },
          'digest post outcome unknown; not re-sent',
        );
        return;
      }
      report.sent += 1;
      digestsTotal.inc({ platform: subscription.platform, result: 'sent' });
      log.info(
        { subscription: subscription.id, period: run.periodKey, platform: subscription.platform, owner },
        'digest sent',
      );
      // Posted: from here on nothing may lead to a retry. Should recording it fail, the run stays
      // `sending` and later shows as `unknown`.
      await markSent(store, run.id, result.messageId, clock.now()).catch((error: unknown) =>
        log.error(
          { err: error, subscription: subscription.id, period: run.periodKey },
          'digest sent but not recorded',
        ),
      );
      return;
    } catch (error) {
      // The post provably failed, or building it did (nothing was posted): retried with backoff.
      failure = error;
    }
    const now = clock.now();
    const retryAt =
      attempt < maxAttempts ? new Date(now.getTime() + retryDelayMs(attempt, retryBaseMs, retryMaxMs)) : null;
    await markAttemptFailed(store, run.id, attempt, failure, retryAt);
    if (retryAt) report.retrying += 1;
    else report.failed += 1;
    digestsTotal.inc({ platform: subscription.platform, result: retryAt ? 'retry' : 'failed' });
    log.warn(
      {
        err: failure,
        subscription: subscription.id,
        period: run.periodKey,
        attempt,
        retryAt: retryAt?.toISOString() ?? null,
      },
      retryAt ? 'digest post failed; will retry' : 'digest post failed; giving up',
    );
  }

  async function claimDueOccurrences(subscriptions: Subscription[], report: TickReport): Promise<void> {
    const now = clock.now();
    const due: { subscription: Subscription; periodKey: string; dueAt: Date }[] = [];
    for (const subscription of subscriptions) {
      try {
        const occurrence = latestOccurrence(subscription, now);
        if (occurrence.dueAt.getTime() < subscription.updatedAt.getTime()) continue;
        if (!stillSameLocalDay(occurrence.dueAt, now, subscription.timezone)) continue;
        due.push({ subscription, ...occurrence });
      } catch (error) {
        log.error({ err: error, subscription: subscription.id }, 'digest schedule cannot be computed');
      }
    }
    if (due.length === 0) return;
    const existing = await existingPeriods(
      store,
      due.map((d) => d.subscription.id),
      due.map((d) => d.periodKey),
    );
    for (const item of due) {
      if (stopping) return;
      if (existing.has(`${item.subscription.id}/${item.periodKey}`)) continue;
      const run = await claimNewRun(
        store,
        { subscriptionId: item.subscription.id, periodKey: item.periodKey, dueAt: item.dueAt },
        owner,
        clock.now(),
      );
      if (!run) continue;
      report.claimed += 1;
      await send(run, item.subscription, report);
    }
  }

  async function processOpenRuns(known: Subscription[], report: TickReport): Promise<void> {
    const runs = await listOpenRuns(store);
    if (runs.length === 0) return;
    const byId = new Map(known.map((s) => [s.id, s]));
    const missing = [...new Set(runs.map((r) => r.subscriptionId))].filter((id) => !byId.has(id));
    for (const s of await findSubscriptionsByIds(store, missing)) byId.set(s.id, s);

    for (const run of runs) {
      if (stopping) return;
      const now = clock.now();
      const subscription = byId.get(run.subscriptionId);
      if (run.status === 'sending') {
        if (await markStaleSendingUnknown(store, run.id, new Date(now.getTime() - sendingLeaseMs))) {
          report.unknown += 1;
          digestsTotal.inc({ platform: subscription?.platform ?? 'unknown', result: 'unknown' });
          log.error(
            { subscription: run.subscriptionId, period: run.periodKey, claimedBy: run.claimedBy },
            'digest post abandoned mid-send; not re-sent',
          );
        }
        continue;
      }
      const stale =
        run.status === 'claimed' && (run.claimedAt?.getTime() ?? 0) < now.getTime() - claimLeaseMs;
      const retryDue = run.status === 'pending' && (run.nextAttemptAt?.getTime() ?? 0) <= now.getTime();
      if (!stale && !retryDue) continue;
      if (!subscription?.active) {
        if (await closeRun(store, run.id, run.status, 'cancelled', 'unsubscribed')) report.cancelled += 1;
        continue;
      }
      if (!posters.has(subscription.platform)) continue;
      if (run.attempts === 0 && !stillSameLocalDay(run.dueAt, now, subscription.timezone)) {
        if (await closeRun(store, run.id, run.status, 'missed', 'not sent on its day')) report.missed += 1;
        continue;
      }
      if (run.attempts > 0 && now.getTime() - run.dueAt.getTime() > retryWindowMs) {
        if (
          await closeRun(
            store,
            run.id,
            run.status,
            'failed',
            `gave up retrying: ${run.lastError ?? 'no post'}`,
          )
        )
          report.failed += 1;
        continue;
      }
      if (await reclaimRun(store, run, owner, now, new Date(now.getTime() - claimLeaseMs))) {
        await send({ ...run, status: 'claimed' }, subscription, report);
      }
    }
  }

  async function runTick(): Promise<TickReport> {
    const report = emptyReport();
    if (stopping) return report;
    try {
      const subscriptions = await listActiveSubscriptions(store, platforms);
      await claimDueOccurrences(subscriptions, report);
      await processOpenRuns(subscriptions, report);
    } catch (error) {
      log.error({ err: error }, 'digest tick failed');
    }
    return report;
  }

  function tick(): Promise<TickReport> {
    const next = chain.then(runTick, runTick);
    chain = next;
    return next;
  }

  return {
    owner,
    tick,
    async start() {
      if (platforms.length === 0) {
        log.info('digest scheduler idle: no platform to post to');
        return;
      }
      await tick();
      if (stopping || options.tick === 'off') return;
      cron = new Cron(options.tick ?? '0 * * * * *', { protect: true, unref: false }, async () => {
        await tick();
      });
      log.info({ owner, platforms, tick: options.tick ?? 'every minute' }, 'digest scheduler started');
    },
    async stop() {
      stopping = true;
      cron?.stop();
      // Release first: a post hanging past the shutdown grace period must not keep other claims.
      // A released run can no longer be moved to `sending` by this process (markSending checks the owner).
      let released = await releaseClaims(store, owner, clock.now());
      await chain.catch(() => undefined);
      released += await releaseClaims(store, owner, clock.now());
      if (released > 0) log.info({ released }, 'digest claims released');
    },
  };
}
