import { existsSync } from 'node:fs';
import pg from 'pg';

/**
 * Tests that need PostgreSQL or Chromium run whenever those are reachable and are skipped, loudly,
 * when not. With ANSVAR_REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails the run instead.
 */

export const requireServices = process.env.ANSVAR_REQUIRE_SERVICES === '1';

export const postgresAdminUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let postgresReachable: Promise<boolean> | undefined;

export function isPostgresReachable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 1500 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresReachable;
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function isChromiumAvailable(): boolean {
  return existsSync(chromiumPath);
}

/** Call at collection time: returns true to run, or reports the skip (or throws in CI). */
export function serviceGate(service: 'PostgreSQL' | 'Chromium', available: boolean, what: string): boolean {
  if (available) return true;
  const message = `[skipped] ${what}: ${service} is not reachable on this machine`;
  if (requireServices) throw new Error(`${message} (ANSVAR_REQUIRE_SERVICES=1 forbids skipping)`);
  console.warn(message);
  return false;
}
