import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { parseConfig, type Config } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { openStore } from '../../src/store/database.js';
import { createTestCore } from './test-core.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { Store } from '../../src/store/database.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.js';
import type { TestDatabase } from '../support/databases.js';

export type FixtureName =
  | 'personal-message'
  | 'channel-mention'
  | 'group-chat-command'
  | 'card-submit'
  | 'feedback-invoke'
  | 'installation-update';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Activity = Record<string, any>;

/**
 * A recorded Teams activity (tests/teams/fixtures) with changes applied. Its id is replaced by a
 * fresh one (so deduplication does not swallow it) unless `changes` names one.
 */
export function fixture(name: FixtureName, changes: Activity = {}): Activity {
  const base = JSON.parse(
    readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as Activity;
  return { ...base, id: `${base.id}-${randomUUID()}`, ...changes };
}

export interface TeamsHarness {
  readonly server: RunningServer;
  readonly connector: FakeTeamsConnector;
  readonly config: Config;
  readonly store: Store;
  readonly runtime: Runtime;
  /**
   * POSTs an activity to /api/messages with a fresh id unless it has one, and with `serviceUrl`
   * replaced by the fake connector's unless `keepServiceUrl`.
   */
  post(
    activity: Activity,
    options?: { headers?: Record<string, string>; keepServiceUrl?: boolean },
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** `real`: the application's runtime (createRuntime); `test`: the real router over test modules (test-core.ts). */
  core?: 'real' | 'test';
}

/** The real server on a fresh database, Teams in anonymous mode, replies going to a fake connector. */
export async function startTeamsHarness(
  database: TestDatabase,
  options: HarnessOptions = {},
): Promise<TeamsHarness> {
  const env = options.env ?? {};
  const connector = await startFakeTeamsConnector();
  const config = parseConfig({
    TEAMS_DEV_ANONYMOUS: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    LOCAL_CHAT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const log: Logger = pino({ level: process.env.TEAMS_TEST_LOG ?? 'silent' });
  const runtime =
    options.core === 'test' ? await createTestRuntime(config, log) : await createRuntime(config, log);
  const server = await startServer(config, runtime, log);
  return {
    server,
    connector,
    config,
    store: runtime.core.services.store,
    runtime,
    async post(activity, { headers = {}, keepServiceUrl = false } = {}) {
      const body = {
        ...activity,
        id: activity.id ?? `${Date.now()}-${randomUUID()}`,
        serviceUrl: keepServiceUrl ? activity.serviceUrl : connector.serviceUrl,
      };
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.text() };
    },
    async close() {
      await server.close();
      await runtime.close();
      await connector.close();
    },
  };
}

export async function createTestRuntime(config: Config, log: Logger): Promise<Runtime> {
  const store = await openStore(config.databaseUrl);
  const knowledge = await createKnowledgeService({ dir: config.knowledgeDir, log });
  const core = createTestCore({ config, store, knowledge, clock: systemClock, log });
  return {
    core,
    async close() {
      await knowledge.close();
      await store.close();
    },
  };
}
