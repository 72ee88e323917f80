import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentRuns } from '../../src/digest/runs.js';
import { saveSubscription } from '../../src/digest/subscriptions.js';
import { spawnAnsvar, type ServeProcess } from '../support/child-serve.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { repoRoot } from '../support/server.js';
import { isPostgresReachable, serviceGate } from '../support/services.js';

const run = serviceGate(
  'PostgreSQL',
  await isPostgresReachable(),
  'digest: two server processes on one PostgreSQL',
);

/** A zone where it is now between 01:00 and 22:59, so "two minutes ago" is still today there. */
function zoneWithRoomToday(now: DateTime): string {
  const zones = ['Europe/Stockholm', 'Asia/Tokyo', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata'];
  return zones.find((zone) => {
    const hour = now.setZone(zone).hour;
    return hour >= 1 && hour <= 22;
  })!;
}

(run ? describe : describe.skip)('digest across two real server processes', () => {
  let slack: FakeSlack;
  let database: TestDatabase;
  const servers: ServeProcess[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    database = await createPostgresTestDatabase();
  });
  afterAll(async () => {
    for (const server of servers) await server.cleanup();
    await slack?.close();
    await database?.drop();
  });

  it('posts a due digest exactly once although both processes tick every second', async () => {
    // One subscription that fell due two minutes ago, set up yesterday.
    const now = DateTime.utc();
    const zone = zoneWithRoomToday(now);
    const due = now.setZone(zone).minus({ minutes: 2 });
    const store = await database.open();
    const subscription = await saveSubscription(
      store,
      {
        platform: 'slack',
        channelId: 'C0TWOPROC',
        weekday: due.weekday,
        time: due.toFormat('HH:mm'),
        timezone: zone,
        orgId: null,
        language: 'en',
        createdBy: 'slack:U1',
      },
      now.minus({ days: 1 }).toJSDate(),
    );

    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
      SLACK_BOT_TOKEN: 'xoxb-two-processes',
      SLACK_SIGNING_SECRET: 'two-processes-secret',
      SLACK_API_URL: slack.apiUrl,
      ANSVAR_DIGEST_TICK: '* * * * * *',
      LOG_LEVEL: 'info',
    };
    servers.push(spawnAnsvar(['serve'], env), spawnAnsvar(['serve'], env));
    await Promise.all(servers.map((s) => s.waitForLog((l) => l.msg === 'digest scheduler started', 60_000)));

    await slack.waitFor(() => slack.callsTo('chat.postMessage').length > 0, 30_000);
    // Both keep ticking every second: give them several more chances to double-post.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('C0TWOPROC');
    expect(String(posts[0]?.args.text)).toContain('Weekly digest');

    const sentLogs = servers.flatMap((s) => s.logs.filter((l) => l.msg === 'digest sent'));
    expect(sentLogs).toHaveLength(1);
    const runs = await recentRuns(store, subscription.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'sent', attempts: 1, periodKey: due.toISODate() });
    expect(runs[0]?.claimedBy).toBe(String(sentLogs[0]?.owner));
    await store.close();

    // Both shut down cleanly (the scheduler stops first and releases nothing it had not started).
    for (const server of servers) server.child.kill('SIGTERM');
    const exits = await Promise.all(servers.map((s) => s.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  }, 120_000);
});
