import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { recentRuns } from '../../src/digest/runs.js';
import { createDigestSchedulerComponent } from '../../src/digest/scheduler-component.js';
import { saveSubscription } from '../../src/digest/subscriptions.js';
import type { Store } from '../../src/store/database.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { fakeKnowledge, recordingPoster, silentLog } from './helpers.js';

describe('digest scheduler as a server component', () => {
  let database: TestDatabase;
  let store: Store;
  let core: Core;
  const clock = manualClock('2026-03-23T09:00:00Z'); // Monday 10:00 in Stockholm
  beforeEach(async () => {
    database = createSqliteTestDatabase();
    store = await database.open();
    core = createCore({
      config: parseConfig({ DATABASE_URL: database.url }),
      store,
      knowledge: fakeKnowledge([]),
      clock,
      log: silentLog,
    });
    // Due at 08:00 today, set up last week: a process starting now catches up.
    await saveSubscription(
      store,
      {
        platform: 'slack',
        channelId: 'C1',
        weekday: 1,
        time: '08:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'en',
        createdBy: 'slack:U1',
      },
      new Date('2026-03-16T00:00:00Z'),
    );
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('catches up at start with the posters the server hands it, then stops cleanly', async () => {
    const poster = recordingPoster('slack', clock.now);
    const component = createDigestSchedulerComponent({ digestTick: '0 0 0 1 1 *' }, { clock });
    await component.start({ config: core.services.config, core, log: silentLog, posters: [poster] });
    expect(poster.posts.map((p) => p.channelId)).toEqual(['C1']);
    await component.stop();
    expect((await recentRuns(store, 1))[0]?.status).toBe('sent');
  });

  it('does nothing when turned off or when no platform can post', async () => {
    const poster = recordingPoster('slack', clock.now);
    const off = createDigestSchedulerComponent({ digestTick: 'off' }, { clock });
    await off.start({ config: core.services.config, core, log: silentLog, posters: [poster] });
    expect(off.scheduler).toBeUndefined();
    const idle = createDigestSchedulerComponent({ digestTick: '* * * * * *' }, { clock });
    await idle.start({ config: core.services.config, core, log: silentLog, posters: [] });
    await idle.stop();
    expect(poster.calls).toHaveLength(0);
    expect(await recentRuns(store, 1)).toEqual([]);
  });
});
