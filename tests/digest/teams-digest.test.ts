import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { recentRuns } from '../../src/digest/runs.js';
import { createDigestSchedulerComponent } from '../../src/digest/scheduler-component.js';
import { findSubscription } from '../../src/digest/subscriptions.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { repoRoot } from '../support/server.js';

// The recorded Teams channel mention (tests/teams/fixtures, copied from the shared fixtures).
const channelMention = JSON.parse(
  readFileSync(new URL('../teams/fixtures/channel-mention.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** A Teams channel subscribes through the real Teams surface; the scheduler posts through its poster. */
describeEachDatabase('digest on Teams, end to end', (create) => {
  let database: TestDatabase;
  let connector: FakeTeamsConnector;
  let runtime: Runtime;
  let server: RunningServer;
  const clock = manualClock('2026-03-25T10:00:00Z'); // Wednesday
  const component = createDigestSchedulerComponent({ digestTick: '0 0 0 1 1 *' }, { clock });

  beforeAll(async () => {
    database = await create();
    connector = await startFakeTeamsConnector();
    const config = parseConfig({
      TEAMS_DEV_ANONYMOUS: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
      LOCAL_CHAT: '0',
    });
    const log = pino({ level: 'silent' });
    runtime = await createRuntime(config, log, { clock });
    server = await startServer(config, runtime, log, { components: [component] });
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await connector?.close();
    await database?.drop();
  });

  async function say(text: string): Promise<void> {
    const activity = {
      ...channelMention,
      id: randomUUID(),
      serviceUrl: connector.serviceUrl,
      text: `<at>Ansvar</at> ${text}`,
    };
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
  }

  it('subscribes from a channel message and posts the digest there as a new top-level message when due', async () => {
    await say('digest subscribe thursday 09:00');
    const [confirmation] = await connector.waitForDeliveries(1);
    expect(JSON.stringify(confirmation?.body)).toContain(
      'This channel will get the weekly digest every Thursday at 09:00',
    );
    const subscription = await findSubscription(
      runtime.core.services.store,
      'teams',
      '19:intl-office@thread.tacv2',
    );
    expect(subscription).toMatchObject({ weekday: 4, time: '09:00', createdBy: 'teams:29:4d5e6f-user' });
    connector.reset();

    clock.set('2026-03-26T07:59:00Z');
    expect((await component.scheduler!.tick()).sent).toBe(0);
    clock.set('2026-03-26T08:00:00Z'); // 09:00 in Stockholm
    expect((await component.scheduler!.tick()).sent).toBe(1);
    const [digest] = connector.delivered();
    expect(digest).toMatchObject({ kind: 'send', conversationId: '19:intl-office@thread.tacv2' });
    expect(JSON.stringify(digest?.body)).toContain('Weekly digest · week 13');
    expect(await recentRuns(runtime.core.services.store, subscription!.id)).toMatchObject([
      { periodKey: '2026-03-26', status: 'sent', messageRef: digest?.id },
    ]);
    clock.set('2026-03-26T12:00:00Z');
    expect((await component.scheduler!.tick()).sent).toBe(0);
    expect(connector.delivered()).toHaveLength(1);
  });
});
