import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rememberConversation } from '../../adapters/teams/conversation-reference.js';
import { createTeamsPoster } from '../../adapters/teams/poster.js';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { postDelivery, type Poster } from '../../src/core/poster.js';
import { reply } from '../../src/core/reply.js';
import { findRun } from '../../src/digest/runs.js';
import { createDigestScheduler } from '../../src/digest/scheduler.js';
import { saveSubscription } from '../../src/digest/subscriptions.js';
import type { Store } from '../../src/store/database.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { fakeKnowledge, silentLog, tickThrough } from './helpers.js';

const channelMention = JSON.parse(
  readFileSync(new URL('../teams/fixtures/channel-mention.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const CHANNEL = '19:intl-office@thread.tacv2';

type Mode = 'hang' | 'reset' | 'bad-gateway' | 'forbidden';

/** A Bot Connector that misbehaves on every activity post: never answers, drops the connection, 502 or 403. */
async function startBadConnector(): Promise<{
  url: string;
  posts: () => number;
  mode: Mode;
  close(): Promise<void>;
}> {
  let posts = 0;
  const state = {
    url: '',
    mode: 'hang' as Mode,
    posts: () => posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (/\/activities/.test(req.url ?? '')) posts += 1;
      if (state.mode === 'hang') return;
      if (state.mode === 'reset') return void req.socket.destroy();
      res.writeHead(state.mode === 'forbidden' ? 403 : 502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Fake', message: state.mode } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return state;
}

/** The Teams half of "never twice": the real Teams poster and Bot Framework adapter, a faulty connector. */
describe('digest delivery on Teams: at most once', () => {
  let connector: Awaited<ReturnType<typeof startBadConnector>>;
  let database: TestDatabase;
  let store: Store;
  let poster: Poster;
  const clock = manualClock('2026-03-20T10:00:00Z');

  beforeAll(async () => {
    connector = await startBadConnector();
  });
  afterAll(async () => {
    await connector?.close();
  });
  beforeEach(async () => {
    clock.set('2026-03-20T10:00:00Z');
    database = createSqliteTestDatabase();
    store = await database.open();
    await rememberConversation(store, { ...channelMention, serviceUrl: connector.url }, clock.now());
    const config = parseConfig({ TEAMS_DEV_ANONYMOUS: '1', DATABASE_URL: database.url });
    // Quick client retries, so that a retry would show within the test rather than after minutes.
    poster = createTeamsPoster(config, store, silentLog, {
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 100 },
    });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const digest = reply({ text: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }] });

  it('a connector that times out gets the digest once; the run is unknown and never re-sent', async () => {
    connector.mode = 'hang';
    const before = connector.posts();
    const subscription = await saveSubscription(
      store,
      {
        platform: 'teams',
        channelId: CHANNEL,
        weekday: 1,
        time: '08:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'en',
        createdBy: 'teams:29:owner',
      },
      clock.now(),
    );
    const scheduler = createDigestScheduler({
      store,
      knowledge: fakeKnowledge([]),
      clock,
      log: silentLog,
      posters: [poster],
      retryBaseMs: 60_000,
      tick: 'off',
    });
    clock.set('2026-03-23T07:00:00Z');
    // The connector client gives up after its 15-second timeout.
    expect(await scheduler.tick()).toMatchObject({ claimed: 1, unknown: 1, retrying: 0, sent: 0 });
    await tickThrough(clock, scheduler.tick, '2026-03-23T07:01:00Z', '2026-03-23T20:00:00Z', 30 * 60_000);
    expect(connector.posts() - before).toBe(1);
    const run = await findRun(store, subscription.id, '2026-03-23');
    expect(run?.status).toBe('unknown');
    expect(run?.lastError).toMatch(/may or may not have reached Teams/);
  }, 45_000);

  it('a dropped connection or a 502 after the request was sent is unknown: posted once', async () => {
    for (const mode of ['reset', 'bad-gateway'] as const) {
      connector.mode = mode;
      const before = connector.posts();
      const error = await poster.post(CHANNEL, digest).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(postDelivery(error), mode).toBe('unknown');
      expect(connector.posts() - before, mode).toBe(1);
    }
  });

  it('a refusal (403) or a connection refused proves nothing was posted: delivered "no", so retryable', async () => {
    connector.mode = 'forbidden';
    const refused = await poster.post(CHANNEL, digest).catch((e: unknown) => e);
    expect(postDelivery(refused)).toBe('no');
    expect((refused as Error).message).toMatch(/Teams refused the post .*HTTP 403/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await rememberConversation(
      store,
      { ...channelMention, serviceUrl: `http://127.0.0.1:${port}/` },
      clock.now(),
    );
    const unreachable = await poster.post(CHANNEL, digest).catch((e: unknown) => e);
    expect(postDelivery(unreachable)).toBe('no');
    expect((unreachable as Error).message).toMatch(/could not be reached/);
  });
});
