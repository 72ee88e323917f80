import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';

const databaseModule = fileURLToPath(new URL('../../src/store/database.ts', import.meta.url));
const PROCESSES = 4;
const ROUNDS = 4;

/** Opens (and so migrates) the database in a separate Node process; resolves with its exit code and stderr. */
function openInChildProcess(url: string): Promise<{ code: number | null; stderr: string }> {
  const script = `const { openStore } = await import(${JSON.stringify(databaseModule)});
const store = await openStore(${JSON.stringify(url)});
await store.close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describeEachDatabase('start-up migrations in several processes at once', (create) => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });

  it(`leave every one of ${PROCESSES} processes with a migrated database, round after round`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const database = await create();
      databases.push(database);
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, () => openInChildProcess(database.url)),
      );
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
      const store = await database.open();
      try {
        const applied = await store.db
          .selectFrom('ansvar_migrations' as never)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(applied.n)).toBeGreaterThanOrEqual(4);
      } finally {
        await store.close();
      }
    }
  }, 120_000);
});
