import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from './server.js';
import { repoRoot } from './server.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  /** Parsed JSON log lines from stdout so far. */
  readonly logs: LogRecord[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line that matches; rejects after `timeoutMs` or when the process exits first. */
  waitForLog(predicate: (line: LogRecord) => boolean, timeoutMs?: number): Promise<LogRecord>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The URL from the `listening` line. */
  url(): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * Runs `node bin/ansvar.js serve` (or another command) as a real child process in an empty working
 * folder (so a developer's `.env` does not leak in), with only the given environment plus PATH/HOME.
 */
export function spawnAnsvar(
  args: string[],
  env: Record<string, string>,
  options: { dotEnv?: string; bin?: string } = {},
): ServeProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'ansvar-serve-'));
  if (options.dotEnv !== undefined) writeFileSync(join(cwd, '.env'), options.dotEnv);
  const child = spawn(process.execPath, [options.bin ?? join(repoRoot, 'bin', 'ansvar.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogRecord[] = [];
  let out = '';
  let err = '';
  let partial = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogRecord);
      } catch {
        // not a log line
      }
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const listener of listeners) listener();
  });

  const waitForLog: ServeProcess['waitForLog'] = (predicate, timeoutMs = 20_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.find(predicate);
        if (found) return finish(() => resolve(found));
        if (hasExited)
          finish(() =>
            reject(
              new Error(`process exited before the expected log line\nstdout:\n${out}\nstderr:\n${err}`),
            ),
          );
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`timed out waiting for a log line\nstdout:\n${out}\nstderr:\n${err}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    child,
    logs,
    stdout: () => out,
    stderr: () => err,
    waitForLog,
    exited,
    url: async () => String((await waitForLog((l) => l.msg === 'listening')).url),
    async cleanup() {
      if (!hasExited) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
