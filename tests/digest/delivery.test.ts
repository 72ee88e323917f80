import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createPosterFromApi } from '../../adapters/slack/poster.js';
import { createSlackApi } from '../../adapters/slack/slack-api.js';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { createCore } from '../../src/core/create-core.js';
import { PostError, type Poster } from '../../src/core/poster.js';
import { reply, replyToPlainText } from '../../src/core/reply.js';
import { makeTurn } from '../../src/core/turn.js';
import { findRun } from '../../src/digest/runs.js';
import { createDigestScheduler } from '../../src/digest/scheduler.js';
import { saveSubscription, type Subscription } from '../../src/digest/subscriptions.js';
import type { Store } from '../../src/store/database.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { fakeKnowledge, recordingPoster, silentLog, tickThrough } from './helpers.js';

const MINUTE = 60_000;
const PERIOD = '2026-03-23';
const DUE = '2026-03-23T07:00:00Z'; // Monday 08:00 in Stockholm

/**
 * "Never twice": a post whose outcome is unknown (timeout, server error, partly posted) is not
 * retried, neither by the Slack client nor by the scheduler; only failures that prove nothing was
 * posted are. Real scheduler, real Slack client and poster, a local fake of Slack's Web API.
 */
describeEachDatabase('digest delivery: at most once, end to end', (create) => {
  let slack: FakeSlack;
  let database: TestDatabase;
  let store: Store;
  const clock = manualClock('2026-03-20T10:00:00Z');
  const knowledge = fakeKnowledge([]);

  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
  });
  beforeEach(async () => {
    slack.reset();
    clock.set('2026-03-20T10:00:00Z');
    database = await create();
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  function subscribe(channelId = 'C0DIGEST'): Promise<Subscription> {
    return saveSubscription(
      store,
      {
        platform: 'slack',
        channelId,
        weekday: 1,
        time: '08:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'en',
        createdBy: 'slack:U0OWNER',
      },
      clock.now(),
    );
  }

  function slackPoster(apiUrl = slack.apiUrl, timeoutMs = 1000): Poster {
    return createPosterFromApi(
      createSlackApi({ botToken: 'xoxb-digest', apiUrl, log: silentLog, retry: { timeoutMs, backoffMs: 1 } }),
    );
  }

  function scheduler(poster: Poster) {
    return createDigestScheduler({
      store,
      knowledge,
      clock,
      log: silentLog,
      posters: [poster],
      retryBaseMs: MINUTE,
      tick: 'off',
    });
  }

  /** Ticks through the rest of the day, then waits long enough for any late request to arrive. */
  async function restOfDay(tick: () => Promise<unknown>): Promise<void> {
    await tickThrough(clock, tick, '2026-03-23T07:01:00Z', '2026-03-23T22:00:00Z', 15 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  async function statusText(channelId = 'C0DIGEST'): Promise<string> {
    const core = createCore({
      config: parseConfig({ DATABASE_URL: database.url }),
      store,
      knowledge,
      clock,
      log: silentLog,
    });
    const turn = makeTurn({
      platform: 'slack',
      userId: 'U0OWNER',
      channelId,
      channelKind: 'channel',
      input: { type: 'text', text: 'digest status' },
    });
    return replyToPlainText(await core.router.handle(turn));
  }

  it('a slow Slack (answers after 1.5 s, client timeout 1 s) gets exactly one chat.postMessage; the run is unknown', async () => {
    const subscription = await subscribe();
    slack.script('chat.postMessage', { delayMs: 1500, body: { ok: true, ts: '1.000001' } }, 20);
    const s = scheduler(slackPoster());
    clock.set(DUE);
    expect(await s.tick()).toMatchObject({ claimed: 1, sent: 0, unknown: 1, retrying: 0 });
    await restOfDay(s.tick);
    expect(slack.received('chat.postMessage')).toBe(1);
    const run = await findRun(store, subscription.id, PERIOD);
    expect(run).toMatchObject({ status: 'unknown', attempts: 1, nextAttemptAt: null });
    expect(run?.lastError).toMatch(/may or may not have reached Slack: request_error/);
    expect(run?.lastError).toMatch(/not re-sent, since the post may have gone out/);
    const status = await statusText();
    expect(status).toContain('unknown: it may or may not have been posted, so it was not re-sent');
    expect(status).toContain('may or may not have reached Slack');
  }, 20_000);

  it('a server error (HTTP 500 or internal_error) is not retried either', async () => {
    const a = await subscribe('C0FIVEHUNDRED');
    const b = await subscribe('C0INTERNAL');
    slack.script('chat.postMessage', { status: 500, body: 'upstream failed' });
    slack.script('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    const s = scheduler(slackPoster());
    clock.set(DUE);
    expect(await s.tick()).toMatchObject({ claimed: 2, unknown: 2, retrying: 0, sent: 0 });
    await restOfDay(s.tick);
    expect(slack.received('chat.postMessage')).toBe(2);
    expect((await findRun(store, a.id, PERIOD))?.status).toBe('unknown');
    expect((await findRun(store, b.id, PERIOD))?.status).toBe('unknown');
  });

  it('refusals and rate limits prove nothing was posted: retried with backoff until posted once', async () => {
    const subscription = await subscribe();
    slack.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    // More 429s than the client waits out (3): the attempt fails as rate limited.
    slack.script(
      'chat.postMessage',
      { status: 429, headers: { 'Retry-After': '0' }, body: { ok: false } },
      4,
    );
    const s = scheduler(slackPoster());
    clock.set(DUE);
    expect(await s.tick()).toMatchObject({ retrying: 1 });
    let run = await findRun(store, subscription.id, PERIOD);
    expect(run).toMatchObject({ status: 'pending', attempts: 1 });
    expect(run?.lastError).toMatch(
      /Slack refused the post to C0DIGEST: not_in_channel \(the bot is not a member/,
    );
    clock.set('2026-03-23T07:01:00Z');
    expect(await s.tick()).toMatchObject({ retrying: 1 });
    expect((await findRun(store, subscription.id, PERIOD))?.lastError).toMatch(/rate_limited/);
    clock.set('2026-03-23T07:03:00Z');
    expect(await s.tick()).toMatchObject({ sent: 1 });
    await restOfDay(s.tick);
    // 1 refused + 4 rate limited + 1 posted; the fake answered `ok` once.
    expect(slack.received('chat.postMessage')).toBe(6);
    run = await findRun(store, subscription.id, PERIOD);
    expect(run).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('a refused connection proves nothing was sent: retried, not unknown', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const subscription = await subscribe();
    const s = scheduler(slackPoster(`http://127.0.0.1:${port}/api/`));
    clock.set(DUE);
    expect(await s.tick()).toMatchObject({ retrying: 1, unknown: 0 });
    const run = await findRun(store, subscription.id, PERIOD);
    expect(run).toMatchObject({ status: 'pending', attempts: 1 });
    expect(run?.lastError).toMatch(/the post to C0DIGEST could not be sent to Slack: request_error/);
  });

  it('a digest split in several messages whose second part fails is partial: the first part is never re-posted', async () => {
    const subscription = await subscribe();
    const real = slackPoster();
    const long = reply({
      text: 'Weekly digest',
      blocks: Array.from({ length: 120 }, (_, i) => ({ type: 'text' as const, text: [`line ${i}`] })),
    });
    // The scheduler builds the digest; this poster posts a long one instead, through the real poster.
    const splitting: Poster = { platform: 'slack', post: (channelId) => real.post(channelId, long) };
    slack.script('chat.postMessage', { body: { ok: true, ts: '1.000001' } });
    slack.script('chat.postMessage', { body: { ok: false, error: 'msg_too_long' } });
    const s = scheduler(splitting);
    clock.set(DUE);
    expect(await s.tick()).toMatchObject({ unknown: 1, retrying: 0 });
    await restOfDay(s.tick);
    expect(slack.received('chat.postMessage')).toBe(2);
    const run = await findRun(store, subscription.id, PERIOD);
    expect(run?.status).toBe('unknown');
    expect(run?.lastError).toMatch(/Slack posted 1 of 3 parts to C0DIGEST; part 2 was refused: msg_too_long/);
    expect(run?.lastError).toMatch(/not re-sent, since part of the digest was posted/);
  });

  it('treats an error that says nothing about delivery as unknown, and a proven one as retryable', async () => {
    const unknown = await subscribe('C0UNKNOWN');
    const plain = recordingPoster('slack', clock.now, () => 'error');
    const s = scheduler(plain);
    clock.set(DUE);
    expect(await s.tick()).toMatchObject({ unknown: 1, retrying: 0 });
    await restOfDay(s.tick);
    expect(plain.calls).toHaveLength(1);
    expect((await findRun(store, unknown.id, PERIOD))?.status).toBe('unknown');
    expect(new PostError('x', 'no').delivered).toBe('no');
  });
});
