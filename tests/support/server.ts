import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer, type ServerComponent } from '../../src/server.js';
import { createSqliteTestDatabase, type TestDatabase } from './databases.js';

/** The repository root, for paths such as the bundled `knowledge/`. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface TestServerOptions {
  /** Environment on top of the defaults (PORT=0, HOST=127.0.0.1, a fresh database, the bundled knowledge). */
  env?: Record<string, string | undefined>;
  /** A database to use (the caller drops it); by default a fresh SQLite file, removed by `close`. */
  database?: TestDatabase;
  components?: readonly ServerComponent[];
  clock?: Clock;
  shutdownGraceMs?: number;
  /** Log level of the captured logs (default `info`). */
  logLevel?: string;
}

export interface TestServer {
  readonly url: string;
  readonly config: Config;
  readonly runtime: Runtime;
  readonly server: RunningServer;
  readonly database: TestDatabase;
  readonly log: Logger;
  /** Every log line written so far, parsed. */
  readonly logs: LogRecord[];
  /** Shuts the server down, closes the runtime and removes the database it created. */
  close(): Promise<void>;
}

/** A logger that keeps its JSON lines in memory. */
export function capturingLogger(level = 'info'): { log: Logger; logs: LogRecord[] } {
  const logs: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { log: createLogger(level, sink), logs };
}

/** Starts the real server in-process on a random port, with real store, knowledge and core. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDatabase = options.database === undefined;
  const database = options.database ?? createSqliteTestDatabase();
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    KNOWLEDGE_DIR: `${repoRoot}knowledge`,
    ...options.env,
  });
  const { log, logs } = capturingLogger(options.logLevel ?? 'info');
  let runtime: Runtime | undefined;
  try {
    runtime = await createRuntime(config, log, options.clock ? { clock: options.clock } : {});
    const server = await startServer(config, runtime, log, {
      ...(options.components ? { components: options.components } : {}),
      ...(options.shutdownGraceMs !== undefined ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
    });
    const opened = runtime;
    return {
      url: server.url,
      config,
      runtime: opened,
      server,
      database,
      log,
      logs,
      async close() {
        await server.close();
        await opened.close();
        if (ownDatabase) await database.drop();
      },
    };
  } catch (error) {
    await runtime?.close();
    if (ownDatabase) await database.drop();
    throw error;
  }
}
