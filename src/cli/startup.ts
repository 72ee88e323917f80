import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { KnowledgeLoadError } from '../knowledge/service.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { describeDatabaseUrl, openStore, type Store } from '../store/database.js';
import { createCliLogger, loadCliConfig, type CliIo } from './io.js';

/** Start-up could not get what the configuration names; the message starts with the variable to fix. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface ErrorDetails {
  code?: unknown;
  syscall?: unknown;
  errors?: unknown;
}

function errorCode(error: unknown): string | undefined {
  const details = (error ?? {}) as ErrorDetails;
  if (typeof details.code === 'string') return details.code;
  // Connecting to a name with several addresses fails with an AggregateError of one error each.
  if (Array.isArray(details.errors)) return errorCode(details.errors[0]);
  return undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}

/**
 * One line naming DATABASE_URL for a database that cannot be opened, password masked, e.g.
 * `DATABASE_URL: cannot connect to postgres://app:***@db:5432/ansvar (ECONNREFUSED)`.
 */
export function describeDatabaseError(error: unknown, databaseUrl: string): string {
  const where = describeDatabaseUrl(databaseUrl);
  const code = errorCode(error);
  if (code && NETWORK_CODES.has(code)) return `DATABASE_URL: cannot connect to ${where} (${code})`;
  let detail = firstLine(error);
  try {
    const password = databaseUrl.startsWith('sqlite:')
      ? ''
      : decodeURIComponent(new URL(databaseUrl).password);
    if (password) detail = detail.split(password).join('***');
  } catch {
    // an unparseable URL has no password to hide
  }
  return `DATABASE_URL: cannot open ${where}: ${detail}`;
}

/** The runtime (database, knowledge, core); what it cannot open is a StartupError naming the variable. */
export async function openRuntime(
  config: Config,
  log: Logger,
  options: Parameters<typeof createRuntime>[2] = {},
): Promise<Runtime> {
  try {
    return await createRuntime(config, log, options);
  } catch (error) {
    if (error instanceof KnowledgeLoadError) {
      throw new StartupError(
        `KNOWLEDGE_DIR: ${config.knowledgeDir} has problems:\n${error.problems.map((p) => `  ${p}`).join('\n')}`,
        {
          cause: error,
        },
      );
    }
    // Watching the knowledge folder (serve) can fail for reasons of its own, e.g. too many watchers.
    if ((error as ErrorDetails | undefined)?.syscall === 'watch') {
      throw new StartupError(
        `KNOWLEDGE_DIR: cannot watch ${config.knowledgeDir} for changes: ${firstLine(error)}`,
        {
          cause: error,
        },
      );
    }
    // Anything else that fails here comes from opening the database (connecting, migrating).
    throw new StartupError(describeDatabaseError(error, config.databaseUrl), { cause: error });
  }
}

/** The database alone (exports); failures are StartupErrors naming DATABASE_URL. */
export async function openCliStore(config: Config): Promise<Store> {
  try {
    return await openStore(config.databaseUrl);
  } catch (error) {
    throw new StartupError(describeDatabaseError(error, config.databaseUrl), { cause: error });
  }
}

/** Prints a StartupError as `ansvar COMMAND: message` and returns exit code 1; anything else is rethrown. */
export function reportStartupError(command: string, error: unknown, io: CliIo): number {
  if (!(error instanceof StartupError)) throw error;
  io.stderr(`ansvar ${command}: ${error.message}\n`);
  return 1;
}

/**
 * Loads the configuration, opens the runtime for `command` and runs `body` with it, closing it
 * afterwards. A bad configuration exits 2, a runtime that cannot open exits 1 with one line.
 */
export async function withCliRuntime(
  command: string,
  io: CliIo,
  body: (runtime: Runtime, config: Config, log: Logger) => Promise<number>,
): Promise<number> {
  const config = loadCliConfig(io);
  if (!config) return 2;
  const log = createCliLogger(config, io);
  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, log);
  } catch (error) {
    return reportStartupError(command, error, io);
  }
  try {
    return await body(runtime, config, log);
  } finally {
    await runtime.close();
  }
}
