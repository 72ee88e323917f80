import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The URL with any password removed, for logs. */
  readonly description: string;
  /** True when a trivial query succeeds. */
  ping(): Promise<boolean>;
  /**
   * Runs `work` in one transaction while no other process can write (SQLite: `BEGIN IMMEDIATE` on the
   * one connection; PostgreSQL: a session advisory lock around a transaction). For migrations.
   */
  exclusive<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

// COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

export function describeDatabaseUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

/** Opens the database named by `sqlite:PATH` or `postgres://…`, creating the SQLite file when missing. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const store = url.startsWith('sqlite:')
    ? openSqlite(url.slice('sqlite:'.length))
    : openPostgres(url, options);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SQLite(path);
  // The timeout first: switching to WAL takes a write lock another process may hold.
  connection.pragma('busy_timeout = 5000');
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${path}`,
    ping: () => ping(db),
    async exclusive(work) {
      await beginImmediate(connection);
      // One connection, so kysely's queries below run inside this transaction.
      try {
        const result = await work(db);
        connection.exec('COMMIT');
        return result;
      } catch (error) {
        if (connection.inTransaction) connection.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => db.destroy(),
  };
}

const LOCK_WAIT_MS = 30_000;

/**
 * Takes SQLite's write lock without blocking the event loop: another connection in this same process
 * may hold the lock and needs the loop to finish its work, so wait between tries instead of in SQLite.
 */
async function beginImmediate(connection: SQLite.Database): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  connection.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        connection.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        const busy = String((error as { code?: string }).code ?? '').startsWith('SQLITE_BUSY');
        if (!busy || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      }
    }
  } finally {
    connection.pragma('busy_timeout = 5000');
  }
}

function openPostgres(url: string, options: OpenStoreOptions): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    description: describeDatabaseUrl(url),
    ping: () => ping(db),
    exclusive: (work) =>
      db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
        try {
          return await conn.transaction().execute(work);
        } finally {
          await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
        }
      }),
    close: () => db.destroy(),
  };
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

const MIGRATION_LOCK_KEY = 7_346_120_981; // arbitrary, fixed: serialises migrations across processes

/**
 * Applies pending migrations (in name order) and records them in `ansvar_migrations`, all under
 * `store.exclusive`: when several processes start at once, one migrates and the others find the work
 * done.
 */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const all = migrations(store.dialect);
  return store.exclusive(async (db) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const untyped = db as unknown as Kysely<any>;
    await sql`create table if not exists ansvar_migrations (name text primary key, applied_at text not null)`.execute(
      db,
    );
    const done = new Set<string>(
      (await untyped.selectFrom('ansvar_migrations').select('name').execute()).map(
        (row: { name: string }) => row.name,
      ),
    );
    const applied: string[] = [];
    for (const name of Object.keys(all).sort()) {
      if (done.has(name)) continue;
      await all[name]!.up(untyped);
      await untyped
        .insertInto('ansvar_migrations')
        .values({ name, applied_at: new Date().toISOString() })
        .execute();
      applied.push(name);
    }
    return applied;
  });
}
