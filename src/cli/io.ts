import { destination, type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';

/** Where CLI commands write; tests capture it. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin(): AsyncIterable<string>;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => readLines(process.stdin),
  env: process.env,
};

async function* readLines(stream: NodeJS.ReadableStream): AsyncIterable<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** A CLI command: returns the process exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** The configuration from the environment, or undefined after printing its problems (exit code 2). */
export function loadCliConfig(io: CliIo): Config | undefined {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

/**
 * The logger of a one-shot command (chat, digest): the validated LOG_LEVEL when one is set, else
 * warnings only; written to stderr so that stdout holds nothing but the command's output.
 */
export function createCliLogger(config: Config, io: CliIo): Logger {
  const level = io.env.LOG_LEVEL?.trim() ? config.logLevel : 'warn';
  return createLogger(level, destination({ dest: 2, sync: true }));
}

interface ClosableOutput {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A reader that stops early (`ansvar ask --json --batch < q.jsonl | head -1`) closes our stdout, and
 * the next write fails with EPIPE. That is the reader's choice, not a failure: end at once, quietly,
 * with exit code 0. A closed stderr is ignored (there is nowhere left to report anything).
 */
export function endQuietlyWhenOutputCloses(
  stdout: ClosableOutput,
  stderr: ClosableOutput,
  exit: (code: number) => void,
): void {
  stdout.on('error', (error) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      exit(0);
      return;
    }
    process.stderr.write(`ansvar: cannot write the output: ${error.message}\n`);
    exit(1);
  });
  stderr.on('error', () => undefined);
}
