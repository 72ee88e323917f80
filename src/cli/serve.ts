import { createLogger, type Logger } from '../logger.js';
import type { Runtime } from '../runtime.js';
import { startServer, type RunningServer } from '../server.js';
import { createServerComponents } from '../server/components.js';
import { handleShutdownSignals, type ShutdownSignal } from '../server/shutdown-signals.js';
import { loadCliConfig, type CliCommand, type CliIo } from './io.js';
import { openRuntime } from './startup.js';

const USAGE = 'usage: ansvar serve   (configured by environment variables; see .env.example)';

/**
 * How long the process may linger after a clean shutdown before it exits anyway (open handles). With
 * the default grace period the whole shutdown stays inside `docker stop`'s 10 s before SIGKILL.
 */
export const EXIT_AFTER_SHUTDOWN_MS = 1000;

/**
 * `ansvar serve`: the server on HOST:PORT until SIGTERM/SIGINT. The first signal shuts down
 * gracefully (exit 0); a second one exits at once (128 + signal number).
 */
export const serveCommand: CliCommand = async (args, io) => {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.length > 0) {
    io.stderr(`unknown argument '${args[0]}'\n${USAGE}\n`);
    return 2;
  }
  const config = loadCliConfig(io);
  if (!config) return 2;
  const log = createLogger(config.logLevel);

  let shutdownRequested: ShutdownSignal | undefined;
  let requestShutdown: (signal: ShutdownSignal) => void = (signal) => {
    shutdownRequested = signal;
  };
  const removeSignalHandlers = handleShutdownSignals(process, {
    onFirst: (signal) => requestShutdown(signal),
    onSecond: (signal, exitCode) => {
      log.warn({ signal }, 'second signal: exiting at once');
      process.exit(exitCode);
    },
  });

  // A library's stray rejection is logged, not fatal (Node's default would take every surface down);
  // an uncaught exception leaves the process in an unknown state, so it is logged and ends it.
  const onRejection = (reason: unknown) => log.error({ err: reason }, 'unhandled promise rejection');
  const onException = (error: Error) => {
    log.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const removeProcessHandlers = () => {
    removeSignalHandlers();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };

  let runtime: Runtime | undefined;
  let server: RunningServer | undefined;
  try {
    log.info({ node: process.version }, 'starting');
    runtime = await openRuntime(config, log, { watchKnowledge: true });
    const components = await createServerComponents(config, runtime, log);
    server = await startServer(config, runtime, log, { components });
  } catch (error) {
    reportStartupFailure(error, log, io);
    await runtime?.close().catch(() => undefined);
    removeProcessHandlers();
    return 1;
  }

  const signal = await new Promise<ShutdownSignal>((resolve) => {
    if (shutdownRequested) resolve(shutdownRequested);
    requestShutdown = resolve;
  });
  log.info({ signal, inFlight: server.inFlight }, 'shutting down');
  const began = Date.now();
  let code = 0;
  try {
    await server.close();
    await runtime.close();
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    code = 1;
  }
  log.info({ durationMs: Date.now() - began }, 'shutdown complete');
  removeProcessHandlers();
  // Something (a library's socket or timer) may still hold the event loop; do not hang on it.
  setTimeout(() => process.exit(code), EXIT_AFTER_SHUTDOWN_MS).unref();
  return code;
};

/** One line on stderr and one log line; the stack goes to the log at debug level only. */
function reportStartupFailure(error: unknown, log: Logger, io: CliIo): void {
  const message = error instanceof Error ? error.message : String(error);
  log.fatal({ error: message }, 'start-up failed');
  log.debug({ err: error }, 'start-up failure details');
  io.stderr(`ansvar serve: ${message}\n`);
}
