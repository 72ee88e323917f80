import { ConfigError, loadConfig, type Config } from '../config.js';

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
