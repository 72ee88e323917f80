import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../../../src/config.js';
import type { Core } from '../../../src/core/create-core.js';
import { createRuntime, type Runtime } from '../../../src/runtime.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import type { Store } from '../../../src/store/database.js';
import type { TestDatabase } from '../../support/databases.js';
import {
  startFakeSlack,
  type FakeSlack,
  type FakeSlackOptions,
  type RecordedCall,
} from '../../support/fake-slack-api.js';
import { capturingLogger, repoRoot, type LogRecord } from '../../support/server.js';
import { commandBody, FORM, interactionBody, JSON_TYPE, signedHeaders } from './signing.js';
import { createTestCore, type TestCore } from './test-core.js';

export const SIGNING_SECRET = 'test-signing-secret-8f3a';
export const BOT_USER_ID = 'U0LAN0Z89';

const fixtureDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(`${fixtureDir}${name}`, 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export interface HarnessOptions {
  database: TestDatabase;
  /** `real`: the core the server normally runs; `test` (default): the scripted test core. */
  core?: 'test' | 'real';
  socketMode?: boolean;
  fake?: FakeSlackOptions;
}

export interface SentResponse {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

export interface SlackHarness {
  readonly url: string;
  readonly fake: FakeSlack;
  readonly store: Store;
  readonly config: Config;
  readonly server: RunningServer;
  /** The test core (undefined with `core: 'real'`). */
  readonly testCore?: TestCore;
  readonly logs: LogRecord[];
  /** What the fake Slack received while the server started (before any test reset it). */
  readonly startupCalls: readonly RecordedCall[];
  send(
    body: string,
    contentType: string,
    options?: { timestamp?: number; secret?: string; headers?: Record<string, string> },
  ): Promise<SentResponse>;
  event(envelope: unknown, headers?: Record<string, string>): Promise<SentResponse>;
  command(fields: Record<string, string>): Promise<SentResponse>;
  interaction(payload: unknown): Promise<SentResponse>;
  close(): Promise<void>;
}

export async function startSlackHarness(options: HarnessOptions): Promise<SlackHarness> {
  const fake = await startFakeSlack({ botUserId: BOT_USER_ID, ...options.fake });
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: options.database.url,
    KNOWLEDGE_DIR: `${repoRoot}knowledge`,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    ...(options.socketMode
      ? { SLACK_APP_TOKEN: 'xapp-test-token' }
      : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SLACK_API_URL: fake.apiUrl,
    LOCAL_CHAT: '0',
  });
  const { log, logs } = capturingLogger('warn');
  let runtime: Runtime | undefined;
  try {
    runtime = await createRuntime(config, log);
    const testCore = options.core === 'real' ? undefined : createTestCore(runtime.core.services);
    const core: Core = testCore ?? runtime.core;
    const opened = runtime;
    const server = await startServer(config, { core, close: () => opened.close() }, log, {
      shutdownGraceMs: 2000,
    });
    const endpoint = `${server.url}/slack/events`;
    const startupCalls = [...fake.calls];

    const send: SlackHarness['send'] = async (body, contentType, sendOptions = {}) => {
      const headers = {
        ...signedHeaders(sendOptions.secret ?? SIGNING_SECRET, body, contentType, sendOptions.timestamp),
        ...sendOptions.headers,
      };
      const response = await fetch(endpoint, { method: 'POST', headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json, headers: response.headers };
    };

    return {
      url: server.url,
      fake,
      store: core.services.store,
      config,
      server,
      ...(testCore ? { testCore } : {}),
      logs,
      startupCalls,
      send,
      event: (envelope, headers) => send(JSON.stringify(envelope), JSON_TYPE, headers ? { headers } : {}),
      command: (fields) => send(commandBody(fixtureText('slash-command.txt'), fields), FORM),
      interaction: (payload) => send(interactionBody(payload), FORM),
      async close() {
        await server.close();
        await opened.close();
        await fake.close();
      },
    };
  } catch (error) {
    await runtime?.close();
    await fake.close();
    throw error;
  }
}
