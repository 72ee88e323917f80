import { afterEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('migrations', (create) => {
  let database: TestDatabase | undefined;
  const stores: Store[] = [];

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await database?.drop();
  });

  it('create every table on first open and are idempotent on the next', async () => {
    database = await create();
    const first = await openStore(database.url);
    stores.push(first);
    await first.db
      .insertInto('processed_events')
      .values({ key: 'slack:Ev1', expires_at: '2030-01-01T00:00:00.000Z' })
      .execute();
    const second = await openStore(database.url);
    stores.push(second);
    const rows = await second.db.selectFrom('processed_events').selectAll().execute();
    expect(rows).toEqual([{ key: 'slack:Ev1', expires_at: '2030-01-01T00:00:00.000Z' }]);
    expect(await second.ping()).toBe(true);
  });

  it('are safe when several processes open a new database at once', async () => {
    database = await create();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openStore(database!.url)));
    stores.push(...opened);
    for (const store of opened) {
      const count = await store.db
        .selectFrom('visits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    }
  });
});
