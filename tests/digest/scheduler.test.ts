import { afterEach, beforeEach, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { claimNewRun, findRun, recentRuns } from '../../src/digest/runs.js';
import { createDigestScheduler, retryDelayMs, type SchedulerOptions } from '../../src/digest/scheduler.js';
import {
  deactivateSubscription,
  saveSubscription,
  type Subscription,
} from '../../src/digest/subscriptions.js';
import type { Store } from '../../src/store/database.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { fakeKnowledge, recordingPoster, silentLog, tickThrough } from './helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachDatabase('digest scheduler', (create) => {
  let database: TestDatabase;
  let store: Store;
  const extraStores: Store[] = [];
  beforeEach(async () => {
    database = await create();
    store = await database.open();
  });
  afterEach(async () => {
    for (const s of extraStores.splice(0)) await s.close();
    await store.close();
    await database.drop();
  });

  const knowledge = fakeKnowledge([]);

  function subscribe(
    clock: { now(): Date },
    schedule: Partial<
      Pick<Subscription, 'weekday' | 'time' | 'timezone' | 'orgId' | 'platform' | 'channelId'>
    > = {},
  ) {
    return saveSubscription(
      store,
      {
        platform: schedule.platform ?? 'slack',
        channelId: schedule.channelId ?? 'C0DIGEST',
        weekday: schedule.weekday ?? 1,
        time: schedule.time ?? '08:00',
        timezone: schedule.timezone ?? 'Europe/Stockholm',
        orgId: schedule.orgId ?? null,
        language: 'en',
        createdBy: 'slack:U0OWNER',
      },
      clock.now(),
    );
  }

  function scheduler(options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'clock' | 'posters'>) {
    return createDigestScheduler({ store, knowledge, log: silentLog, ...options });
  }

  it('posts Monday 08:00 Stockholm every week at local 08:00 across the spring DST change', async () => {
    const clock = manualClock('2026-03-14T00:00:00Z');
    await subscribe(clock);
    const poster = recordingPoster('slack', clock.now);
    const s = scheduler({ clock, posters: [poster] });
    await tickThrough(clock, s.tick, '2026-03-14T00:00:00Z', '2026-04-07T00:00:00Z', 30 * MINUTE);
    expect(poster.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-03-16T07:00:00.000Z',
      '2026-03-23T07:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-04-06T06:00:00.000Z',
    ]);
    expect(poster.posts.every((p) => p.channelId === 'C0DIGEST')).toBe(true);
  });

  it('posts Monday 08:00 at local 08:00 across the autumn DST change', async () => {
    const clock = manualClock('2026-10-17T00:00:00Z');
    await subscribe(clock);
    const poster = recordingPoster('slack', clock.now);
    const s = scheduler({ clock, posters: [poster] });
    await tickThrough(clock, s.tick, '2026-10-17T00:00:00Z', '2026-11-03T00:00:00Z', 30 * MINUTE);
    expect(poster.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-10-19T06:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
      '2026-11-02T07:00:00.000Z',
    ]);
  });

  it('posts Sunday 02:30 once on the spring-forward Sunday (at 03:00) and once on the fall-back Sunday (the first 02:30)', async () => {
    const clock = manualClock('2026-03-21T00:00:00Z');
    await subscribe(clock, { weekday: 7, time: '02:30' });
    const poster = recordingPoster('slack', clock.now);
    const s = scheduler({ clock, posters: [poster] });
    await tickThrough(clock, s.tick, '2026-03-21T00:00:00Z', '2026-04-06T00:00:00Z', 15 * MINUTE);
    await tickThrough(clock, s.tick, '2026-10-17T00:00:00Z', '2026-11-02T00:00:00Z', 15 * MINUTE);
    expect(poster.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-03-22T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: 02:30 does not exist that night
      '2026-04-05T00:30:00.000Z',
      '2026-10-18T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the second one (01:30Z) posts nothing
      '2026-11-01T01:30:00.000Z',
    ]);
  });

  it('catches up on a digest missed while down when it starts the same local day, not the next day', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    await subscribe(clock);
    const poster = recordingPoster('slack', clock.now);
    const s = scheduler({ clock, posters: [poster] });
    // Down from Friday until Monday 16:30 local (after the 08:00 due time): sent at the first tick.
    clock.set('2026-03-23T15:30:00Z');
    expect((await s.tick()).sent).toBe(1);
    expect((await s.tick()).sent).toBe(0);
    // Down from then until Tuesday of the following week: Monday 30 March is skipped, never sent late.
    clock.set('2026-03-31T07:00:00Z');
    expect(await s.tick()).toMatchObject({ sent: 0, claimed: 0 });
    // …and the week after still comes, on time.
    await tickThrough(clock, s.tick, '2026-03-31T07:00:00Z', '2026-04-07T00:00:00Z', HOUR);
    expect(poster.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-03-23T15:30:00.000Z',
      '2026-04-06T06:00:00.000Z',
    ]);
    expect((await recentRuns(store, 1, 10)).map((r) => r.periodKey)).toEqual(['2026-04-06', '2026-03-23']);
  });

  it('does not send an occurrence that fell due before the channel subscribed', async () => {
    const clock = manualClock('2026-03-23T09:00:00Z'); // Monday 10:00, after 08:00
    await subscribe(clock);
    const poster = recordingPoster('slack', clock.now);
    const s = scheduler({ clock, posters: [poster] });
    await tickThrough(clock, s.tick, '2026-03-23T09:00:00Z', '2026-03-31T00:00:00Z', HOUR);
    expect(poster.posts.map((p) => p.at.toISOString())).toEqual(['2026-03-30T06:00:00.000Z']);
  });

  it('re-claims and sends a claim left by a process that died before posting (after the lease)', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock);
    clock.set('2026-03-23T07:00:00Z');
    // What a crash right after the claim leaves behind: a `claimed` run owned by a dead process.
    const dead = await claimNewRun(
      store,
      { subscriptionId: subscription.id, periodKey: '2026-03-23', dueAt: clock.now() },
      'dead-host:1:aaaaaa',
      clock.now(),
    );
    expect(dead?.status).toBe('claimed');
    const poster = recordingPoster('slack', clock.now);
    const s = scheduler({ clock, posters: [poster], claimLeaseMs: 5 * MINUTE });
    clock.set('2026-03-23T07:01:00Z');
    expect((await s.tick()).sent).toBe(0); // the claim is fresh: its owner may still be working
    clock.set('2026-03-23T07:06:00Z');
    expect((await s.tick()).sent).toBe(1);
    await tickThrough(clock, s.tick, '2026-03-23T07:07:00Z', '2026-03-24T00:00:00Z', HOUR);
    expect(poster.posts).toHaveLength(1);
    expect(await findRun(store, subscription.id, '2026-03-23')).toMatchObject({
      status: 'sent',
      claimedBy: s.owner,
      attempts: 1,
    });
  });

  it('never re-sends a run whose process died while posting: it becomes unknown (at most once)', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock);
    clock.set('2026-03-23T07:00:00Z');
    const dying = recordingPoster('slack', clock.now, () => 'hang');
    const a = scheduler({ clock, posters: [dying], owner: 'process-a' });
    void a.tick(); // posts and never hears back: the process "dies" mid-post
    await waitFor(async () => (await findRun(store, subscription.id, '2026-03-23'))?.status === 'sending');
    expect(dying.calls).toHaveLength(1);

    const survivor = recordingPoster('slack', clock.now);
    const b = scheduler({ clock, posters: [survivor], owner: 'process-b', sendingLeaseMs: 10 * MINUTE });
    clock.set('2026-03-23T07:05:00Z');
    expect(await b.tick()).toMatchObject({ sent: 0, unknown: 0 });
    clock.set('2026-03-23T07:11:00Z');
    expect(await b.tick()).toMatchObject({ sent: 0, unknown: 1 });
    await tickThrough(clock, b.tick, '2026-03-23T07:12:00Z', '2026-03-24T00:00:00Z', 30 * MINUTE);
    expect(survivor.calls).toHaveLength(0);
    const run = await findRun(store, subscription.id, '2026-03-23');
    expect(run).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(run?.lastError).toMatch(/not re-sent/);
    // The next week is unaffected.
    await tickThrough(clock, b.tick, '2026-03-30T05:00:00Z', '2026-03-30T07:00:00Z', 30 * MINUTE);
    expect(survivor.posts.map((p) => p.at.toISOString())).toEqual(['2026-03-30T06:00:00.000Z']);
  });

  it('stops posting after unsubscribe, including a pending retry', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock);
    const stoppedEarly = await subscribe(clock, { channelId: 'C0STOPPED' });
    await deactivateSubscription(store, stoppedEarly.id, clock.now());
    const poster = recordingPoster('slack', clock.now, (call) => (call === 1 ? 'fail' : 'ok'));
    const s = scheduler({ clock, posters: [poster] });
    clock.set('2026-03-23T07:00:00Z');
    expect(await s.tick()).toMatchObject({ retrying: 1 });
    await deactivateSubscription(store, subscription.id, clock.now());
    clock.set('2026-03-23T07:05:00Z');
    expect(await s.tick()).toMatchObject({ sent: 0, cancelled: 1 });
    await tickThrough(clock, s.tick, '2026-03-23T07:30:00Z', '2026-04-14T00:00:00Z', 2 * HOUR);
    expect(poster.calls).toHaveLength(1);
    expect(poster.calls[0]?.channelId).toBe('C0DIGEST');
    expect(poster.posts).toHaveLength(0);
    expect((await findRun(store, subscription.id, '2026-03-23'))?.status).toBe('cancelled');
    expect(await recentRuns(store, stoppedEarly.id)).toEqual([]);
  });

  it('retries a failed post with exponential backoff, then succeeds once', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock);
    const poster = recordingPoster('slack', clock.now, (call) => (call <= 2 ? 'fail' : 'ok'));
    const s = scheduler({ clock, posters: [poster], retryBaseMs: MINUTE, maxAttempts: 5 });
    clock.set('2026-03-23T07:00:00Z');
    expect(await s.tick()).toMatchObject({ claimed: 1, retrying: 1 });
    let run = await findRun(store, subscription.id, '2026-03-23');
    expect(run).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date('2026-03-23T07:01:00Z'),
    });
    expect(run?.lastError).toMatch(/channel_not_found/);
    clock.set('2026-03-23T07:00:30Z');
    expect(await s.tick()).toMatchObject({ retrying: 0, sent: 0 }); // not yet
    clock.set('2026-03-23T07:01:00Z');
    expect(await s.tick()).toMatchObject({ retrying: 1 });
    run = await findRun(store, subscription.id, '2026-03-23');
    expect(run).toMatchObject({ attempts: 2, nextAttemptAt: new Date('2026-03-23T07:03:00Z') }); // 2 minutes
    clock.set('2026-03-23T07:03:00Z');
    expect(await s.tick()).toMatchObject({ sent: 1 });
    await tickThrough(clock, s.tick, '2026-03-23T07:10:00Z', '2026-03-24T00:00:00Z', HOUR);
    expect(poster.calls).toHaveLength(3);
    expect(poster.posts).toHaveLength(1);
    expect(await findRun(store, subscription.id, '2026-03-23')).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: null,
    });
  });

  it('gives up after the last attempt and keeps the error for status', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock);
    const poster = recordingPoster('slack', clock.now, () => 'fail');
    const s = scheduler({ clock, posters: [poster], retryBaseMs: MINUTE, maxAttempts: 3 });
    await tickThrough(clock, s.tick, '2026-03-23T07:00:00Z', '2026-03-23T09:00:00Z', MINUTE);
    expect(poster.calls.map((c) => c.at.toISOString())).toEqual([
      '2026-03-23T07:00:00.000Z',
      '2026-03-23T07:01:00.000Z',
      '2026-03-23T07:03:00.000Z',
    ]);
    expect(await findRun(store, subscription.id, '2026-03-23')).toMatchObject({
      status: 'failed',
      attempts: 3,
      nextAttemptAt: null,
    });
    // The next week is tried afresh.
    await tickThrough(clock, s.tick, '2026-03-30T05:50:00Z', '2026-03-30T06:00:00Z', 10 * MINUTE);
    expect(poster.calls.map((c) => c.at.toISOString()).slice(3)).toEqual(['2026-03-30T06:00:00.000Z']);
    expect(await findRun(store, subscription.id, '2026-03-30')).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
  });

  it('computes backoff delays as base, 2×, 4× … up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, MINUTE, 30 * MINUTE) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 30, 30,
    ]);
  });

  it('lets exactly one of two schedulers (two connections) post each due digest', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    for (let i = 0; i < 12; i++) await subscribe(clock, { channelId: `C${i}` });
    const other = await database.open();
    extraStores.push(other);
    const postsA = recordingPoster('slack', clock.now);
    const postsB = recordingPoster('slack', clock.now);
    const a = scheduler({ clock, posters: [postsA], owner: 'replica-a' });
    const b = createDigestScheduler({
      store: other,
      knowledge,
      log: silentLog,
      clock,
      posters: [postsB],
      owner: 'replica-b',
    });
    for (const at of [
      '2026-03-23T07:00:00Z',
      '2026-03-23T07:01:00Z',
      '2026-03-23T12:00:00Z',
      '2026-03-30T06:00:00Z',
    ]) {
      clock.set(at);
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    }
    const all = [...postsA.posts, ...postsB.posts];
    expect(all).toHaveLength(24);
    const perChannelWeek = new Set(all.map((p) => `${p.channelId}/${p.at.toISOString().slice(0, 10)}`));
    expect(perChannelWeek.size).toBe(24);
  });

  it('releases its unstarted claims on stop so another process sends them', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock);
    const stopping = scheduler({ clock, posters: [recordingPoster('slack', clock.now)], owner: 'stopping' });
    clock.set('2026-03-23T07:00:00Z');
    // The state a tick interrupted by shutdown leaves: claimed by this process, not yet posting.
    await claimNewRun(
      store,
      { subscriptionId: subscription.id, periodKey: '2026-03-23', dueAt: clock.now() },
      'stopping',
      clock.now(),
    );
    await stopping.stop();
    expect(await findRun(store, subscription.id, '2026-03-23')).toMatchObject({
      status: 'pending',
      claimedBy: null,
    });
    expect((await stopping.tick()).sent).toBe(0); // a stopped scheduler does nothing
    const poster = recordingPoster('slack', clock.now);
    const other = scheduler({ clock, posters: [poster], owner: 'other' });
    clock.set('2026-03-23T07:00:10Z');
    expect((await other.tick()).sent).toBe(1);
    expect(poster.posts).toHaveLength(1);
  });

  it('leaves subscriptions of a platform it cannot post to for a process that can', async () => {
    const clock = manualClock('2026-03-20T10:00:00Z');
    const subscription = await subscribe(clock, { platform: 'teams', channelId: '19:abc@thread.tacv2' });
    const slackOnly = scheduler({ clock, posters: [recordingPoster('slack', clock.now)] });
    clock.set('2026-03-23T07:00:00Z');
    expect(await slackOnly.tick()).toMatchObject({ claimed: 0 });
    expect(await findRun(store, subscription.id, '2026-03-23')).toBeUndefined();
    const teams = recordingPoster('teams', clock.now);
    expect((await scheduler({ clock, posters: [teams] }).tick()).sent).toBe(1);
    expect(teams.posts[0]?.channelId).toBe('19:abc@thread.tacv2');
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
