import { DateTime } from 'luxon';
import { afterEach, expect, it } from 'vitest';
import { claimEvent } from '../../src/store/processed-events.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Two server processes' worth of state on one database: what running replicas relies on. */
describeEachDatabase('two replicas on one database', (create) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoReplicas(): Promise<[TestServer, TestServer]> {
    const database = await create();
    cleanups.push(() => database.drop());
    // Started together on a fresh database: both run the migrations at once.
    const [a, b] = await Promise.all([startTestServer({ database }), startTestServer({ database })]);
    cleanups.push(async () => {
      await a.close();
      await b.close();
    });
    return [a, b];
  }

  it('start together on a fresh database and both reach it', async () => {
    const [a, b] = await twoReplicas();
    for (const replica of [a, b]) {
      const response = await fetch(`${replica.url}/readyz`);
      expect(((await response.json()) as { database: boolean }).database).toBe(true);
    }
  });

  it('deduplicate a delivery retried to the other replica', async () => {
    const [a, b] = await twoReplicas();
    const now = new Date();
    const claims = await Promise.all([
      claimEvent(a.runtime.core.services.store, 'slack:Ev0REPLICA', 3_600_000, now),
      claimEvent(b.runtime.core.services.store, 'slack:Ev0REPLICA', 3_600_000, now),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('share visits: logged through one replica, listed through the other', async () => {
    const [a, b] = await twoReplicas();
    const session = await fetch(`${a.url}/chat/session`);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const send = (url: string, text: string) =>
      fetch(`${url}/chat/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ input: { type: 'text', text }, timezone: 'Europe/Stockholm' }),
      }).then((r) => r.json() as Promise<{ text: string; html: string }>);
    const date = DateTime.now().plus({ days: 45 }).toISODate();
    await send(a.url, `visit add ${date} 10:00 Alytus — Replica study visit`);
    const list = await send(b.url, 'visit list mine');
    expect(list.html).toContain('Replica study visit');
  });
});
