import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { isPostgresReachable, postgresAdminUrl, serviceGate } from './services.js';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** A `DATABASE_URL` for a fresh, empty database (for child processes and servers). */
  readonly url: string;
  open(): Promise<Store>;
  drop(): Promise<void>;
}

/** A fresh SQLite file in a temporary folder. */
export function createSqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'ansvar-test-'));
  const url = `sqlite:${join(dir, 'test.db')}`;
  return {
    name: 'sqlite',
    url,
    open: () => openStore(url),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL database of its own, dropped afterwards. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `ansvar_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    url: url.toString(),
    open: () => openStore(url.toString()),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

const postgresAvailable = await isPostgresReachable();

/**
 * Runs the same suite against SQLite and PostgreSQL. `create` gives each suite a fresh database;
 * the PostgreSQL variant is skipped (with a message) when the server is unreachable.
 */
export function describeEachDatabase(
  title: string,
  suite: (create: () => Promise<TestDatabase>) => void,
): void {
  describe(`${title} [sqlite]`, () => suite(async () => createSqliteTestDatabase()));
  const runPostgres = serviceGate('PostgreSQL', postgresAvailable, `${title} [postgres]`);
  (runPostgres ? describe : describe.skip)(`${title} [postgres]`, () => suite(createPostgresTestDatabase));
}

/**
 * A fresh database for every test of the suite: returns a Store that stands for the current test's
 * database (opened before each test, closed and dropped after it).
 */
export function freshStorePerTest(create: () => Promise<TestDatabase>): Store {
  let database: TestDatabase | undefined;
  let current: Store | undefined;
  beforeEach(async () => {
    database = await create();
    current = await database.open();
  });
  afterEach(async () => {
    await current?.close();
    await database?.drop();
    current = undefined;
  });
  return new Proxy({} as Store, {
    get(_target, key) {
      if (!current) throw new Error('the test store is only open inside a test');
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
