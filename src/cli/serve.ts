import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createRuntime } from '../runtime.js';
import { startServer } from '../server.js';
import type { CliCommand } from './io.js';

/** `ansvar serve`: the server on HOST:PORT until SIGTERM/SIGINT. */
export const serveCommand: CliCommand = async (_args, io) => {
  let config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const runtime = await createRuntime(config, log, { watchKnowledge: true });
  const server = await startServer(config, runtime, log);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log.info('shutting down');
  await server.close();
  await runtime.close();
  return 0;
};
