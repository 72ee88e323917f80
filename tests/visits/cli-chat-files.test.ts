import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { savedFilePath, saveFiles } from '../../src/cli/save-files.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';

// Not from support/server.js: this test needs no server, and importing one loads every adapter.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the real `bin/ansvar.js` in `cwd` with only the given environment (plus PATH and HOME). */
function ansvar(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ansvar.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

const noStackTrace = /\n\s+at .+:\d+:\d+\)?|node:internal/;

describeEachDatabase('ansvar chat --save-files', (create) => {
  let database: TestDatabase;
  let cwd: string;
  let env: Record<string, string>;
  const year = new Date().getUTCFullYear() + 1;
  const name = `ansvar-visits-${year}.csv`;

  beforeEach(async () => {
    database = await create();
    cwd = mkdtempSync(join(tmpdir(), 'ansvar-chat-files-'));
    env = {
      DATABASE_URL: database.url,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
      ANSVAR_TIMEZONE: 'Europe/Stockholm',
    };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('writes the export to the folder byte for byte as `ansvar visits export`, and never overwrites', async () => {
    const logged = await ansvar(
      ['chat', '--as', 'cli:anna', `visit add 3 dec ${year} 10:00 Vilnius — Studiebesök i "Alytus"; <b>`],
      env,
      cwd,
    );
    expect(logged.code).toBe(0);

    const plain = await ansvar(['chat', `visit export csv ${year}`], env, cwd);
    expect(plain.code).toBe(0);
    expect(plain.stdout.toString('utf8')).toMatch(
      new RegExp(`\\[file ${name}: \\d+ bytes\\] .+\\n\\(use --save-files DIR to save it\\)\\n$`),
    );
    expect(readdirSync(cwd)).toEqual([]);

    const saved = await ansvar(['chat', '--save-files', 'exports/csv', `visit export csv ${year}`], env, cwd);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    const file = readFileSync(join(cwd, 'exports', 'csv', name));
    const text = saved.stdout.toString('utf8');
    expect(text).toContain(`[file ${name}: ${file.length} bytes]`);
    expect(text).not.toContain('--save-files');
    expect(text.endsWith(`\nsaved ${join('exports', 'csv', name)} (${file.length} bytes)\n`)).toBe(true);

    const exported = await ansvar(['visits', 'export', '--year', String(year)], env, cwd);
    expect(exported.code).toBe(0);
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.toString('utf8')).toContain('"Studiebesök i ""Alytus""; <b>"');
    expect(file.equals(exported.stdout)).toBe(true);

    // A second export into the same folder leaves the user's file alone and says so.
    writeFileSync(join(cwd, 'exports', 'csv', name), 'my edits');
    const again = await ansvar(['chat', '--save-files', 'exports/csv', `visit export csv ${year}`], env, cwd);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `not saved: ${join('exports', 'csv', name)} already exists (move it away or choose another folder)\n`,
    );
    expect(again.stdout.toString('utf8')).not.toContain('saved ');
    expect(readFileSync(join(cwd, 'exports', 'csv', name), 'utf8')).toBe('my edits');
  }, 60_000);

  it('keeps stdout pure JSON with --json, reports a folder it cannot create, and says when there is nothing to save', async () => {
    expect((await ansvar(['chat', `visit add 3 dec ${year} Växjö — Delegation`], env, cwd)).code).toBe(0);

    const json = await ansvar(
      ['chat', '--json', '--save-files', 'out', `visit export csv ${year}`],
      env,
      cwd,
    );
    expect(json.code).toBe(0);
    const reply = JSON.parse(json.stdout.toString('utf8')) as {
      blocks: { type: string; name?: string; content?: string }[];
    };
    const block = reply.blocks.find((b) => b.type === 'file');
    expect(block?.name).toBe(name);
    const file = readFileSync(join(cwd, 'out', name));
    expect(file.equals(Buffer.from(block!.content!, 'utf8'))).toBe(true);
    expect(json.stderr).toBe(`saved ${join('out', name)} (${file.length} bytes)\n`);

    writeFileSync(join(cwd, 'blocker'), 'a file, not a folder');
    const blocked = await ansvar(
      ['chat', '--save-files', 'blocker/sub', `visit export csv ${year}`],
      env,
      cwd,
    );
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toBe('cannot create blocker/sub: a part of the path is a file, not a folder\n');
    expect(blocked.stderr).not.toMatch(noStackTrace);

    const nothing = await ansvar(['chat', '--save-files', 'none', 'help'], env, cwd);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toBe('the reply has no files to save\n');
    expect(existsSync(join(cwd, 'none'))).toBe(false);

    const empty = await ansvar(['chat', '--save-files', '', 'help'], env, cwd);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--save-files needs a folder');
  }, 60_000);
});

describe('savedFilePath / saveFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ansvar-save-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts plain names and refuses anything that could leave the folder or hide in it', () => {
    expect(savedFilePath('out', 'ansvar-visits-2026.csv')).toBe(join('out', 'ansvar-visits-2026.csv'));
    expect(savedFilePath('out', 'Besök_2026.ics')).toBe(join('out', 'Besök_2026.ics'));
    for (const bad of [
      '',
      '.',
      '..',
      '.env',
      '..csv',
      'a..b',
      '../x.csv',
      'a/b.csv',
      'a\\b.csv',
      '/etc/passwd',
      'x'.repeat(121),
    ])
      expect(savedFilePath('out', bad)).toBeUndefined();
  });

  it('writes nothing for an unsafe name even when a block bypassed the schema, and still writes the rest', async () => {
    const inner = join(dir, 'inner');
    const outcomes = await saveFiles(inner, [
      { type: 'file', name: '../escaped.csv', mimeType: 'text/csv', content: 'x', title: 't' },
      { type: 'file', name: 'ok.txt', mimeType: 'text/plain', content: 'å\r\n\u0000😀', title: 't' },
    ]);
    expect(outcomes).toEqual([
      { ok: false, line: "not saved: '../escaped.csv' is not a safe file name" },
      { ok: true, line: `saved ${join(inner, 'ok.txt')} (9 bytes)` },
    ]);
    expect(readdirSync(dir)).toEqual(['inner']);
    expect(readFileSync(join(inner, 'ok.txt')).equals(Buffer.from('å\r\n\u0000😀', 'utf8'))).toBe(true);
  });
});
