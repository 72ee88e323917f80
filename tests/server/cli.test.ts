import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { endQuietlyWhenOutputCloses, type CliIo } from '../../src/cli/io.js';
import { describeDatabaseError } from '../../src/cli/startup.js';
import { spawnAnsvar } from '../support/child-serve.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { repoRoot } from '../support/server.js';

function captureIo(env: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    stdin: async function* () {},
    env: { KNOWLEDGE_DIR: `${repoRoot}knowledge`, ...env },
  };
  return io;
}

const noStackTrace = /\n\s+at .+:\d+:\d+\)?|node:internal/;
const scratch = mkdtempSync(join(tmpdir(), 'ansvar-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a closed stdout ends a command quietly', () => {
  it('ansvar ask --json --batch | head -1: exit 0, no stack trace', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ansvar.js'), 'ask', '--json', '--batch'], {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', KNOWLEDGE_DIR: `${repoRoot}knowledge` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${JSON.stringify({ question: 'who signs partner agreements?' })}\n`.repeat(3000));
    // Like `head -1`: read the first chunk, then close the pipe while the command is still writing.
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(stderr).toBe('');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('exits 0 on EPIPE, 1 with one line on any other write error, and ignores a closed stderr', () => {
    const stdout = new EventEmitter();
    const stderr = new EventEmitter();
    const codes: number[] = [];
    endQuietlyWhenOutputCloses(stdout, stderr, (code) => codes.push(code));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    stderr.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    const write = process.stderr.write;
    let written = '';
    process.stderr.write = ((text: string) => {
      written += text;
      return true;
    }) as typeof process.stderr.write;
    try {
      stdout.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    } finally {
      process.stderr.write = write;
    }
    expect(codes).toEqual([0, 1]);
    expect(written).toBe('ansvar: cannot write the output: no space left on device\n');
  });
});

describe('LOG_LEVEL is validated for every command', () => {
  describeEachDatabase('chat and digest', (create) => {
    let database: TestDatabase;
    afterEach(async () => {
      await database?.drop();
    });

    it('accept a level pino would not (spaces, capitals) once it is valid configuration', async () => {
      database = await create();
      for (const args of [
        ['digest', 'preview', '--channel', 'C1'],
        ['chat', 'help'],
      ]) {
        const io = captureIo({ DATABASE_URL: database.url, LOG_LEVEL: ' WARN ' });
        expect(await runCli(args, io), `${args.join(' ')}: ${io.err}`).toBe(0);
        expect(io.out.length).toBeGreaterThan(0);
      }
    });
  });

  it('a bad LOG_LEVEL is a configuration error naming the variable', async () => {
    const io = captureIo({ DATABASE_URL: `sqlite:${join(scratch, 'level.db')}`, LOG_LEVEL: 'loud' });
    expect(await runCli(['chat', 'help'], io)).toBe(2);
    expect(io.err).toMatch(/^Invalid configuration:\n {2}LOG_LEVEL: must be one of fatal, error/);
  });
});

describe('a database that cannot be opened at start-up is named by DATABASE_URL', () => {
  const unreachable = 'postgres://ansvar:s3cret-pw@127.0.0.1:1/ansvar';
  const masked = 'postgres://ansvar:***@127.0.0.1:1/ansvar';

  it.each([
    ['chat', ['chat', 'help']],
    ['visits', ['visits', 'export']],
    ['digest', ['digest', 'preview', '--channel', 'C1']],
  ])('ansvar %s: one line, password masked, exit 1', async (name, args) => {
    const io = captureIo({ DATABASE_URL: unreachable, LOG_LEVEL: 'silent' });
    expect(await runCli(args, io)).toBe(1);
    expect(io.err).toBe(`ansvar ${name}: DATABASE_URL: cannot connect to ${masked} (ECONNREFUSED)\n`);
    expect(io.out).toBe('');
  });

  it('a SQLite path that cannot be created', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const io = captureIo({ DATABASE_URL: `sqlite:${file}/sub/ansvar.db`, LOG_LEVEL: 'silent' });
    expect(await runCli(['visits', 'export'], io)).toBe(1);
    expect(io.err).toMatch(
      new RegExp(
        `^ansvar visits: DATABASE_URL: cannot open sqlite:${file}/sub/ansvar\\.db: ENOTDIR: not a directory`,
      ),
    );
  });

  it('never shows the password, even when the driver repeats it', () => {
    const error = new Error('password authentication failed (tried s3cret-pw)');
    expect(describeDatabaseError(error, unreachable)).toBe(
      `DATABASE_URL: cannot open ${masked}: password authentication failed (tried ***)`,
    );
    const aggregate = Object.assign(
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      {},
    );
    expect(describeDatabaseError(aggregate, unreachable)).toBe(
      `DATABASE_URL: cannot connect to ${masked} (ECONNREFUSED)`,
    );
  });

  it('ansvar serve: the same line, exit 1, no stack trace', async () => {
    const p = spawnAnsvar(['serve'], {
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: unreachable,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
    });
    try {
      expect((await p.exited).code).toBe(1);
      expect(p.stderr()).toBe(`ansvar serve: DATABASE_URL: cannot connect to ${masked} (ECONNREFUSED)\n`);
      expect(p.stderr()).not.toMatch(noStackTrace);
      expect(p.stdout()).not.toContain('s3cret-pw');
    } finally {
      await p.cleanup();
    }
  }, 30_000);
});
