import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/io.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { readCsv } from './support.js';

function captureIo(env: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    async *stdin() {},
    env: { LOG_LEVEL: 'silent', KNOWLEDGE_DIR: 'knowledge', ...env },
  };
  return io;
}

describeEachDatabase('ansvar chat visit … and ansvar visits export', (create) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await create();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('logs visits with `ansvar chat --as` and exports them as CSV and ICS', async () => {
    const env = { DATABASE_URL: database.url, ANSVAR_TIMEZONE: 'Europe/Stockholm' };
    const chat = captureIo(env);
    const year = new Date().getUTCFullYear() + 1;
    expect(
      await runCli(
        ['chat', '--as', 'cli:anna', `visit add 3 dec ${year} 10:00 Vilnius — Studiebesök i Alytus`],
        chat,
      ),
    ).toBe(0);
    expect(chat.out).toMatch(/# Visit #\d+ logged/);
    expect(chat.out).toContain('10:00 Vilnius time');
    const sv = captureIo(env);
    expect(
      await runCli(
        ['chat', '--as', 'teams:29:bo', `besök add 5 dec ${year} Växjö — Delegation; "Kaunas"`],
        sv,
      ),
    ).toBe(0);
    expect(sv.out).toMatch(/# Besök #\d+ registrerat/);

    const csv = captureIo(env);
    expect(await runCli(['visits', 'export', '--format', 'csv', '--year', String(year)], csv)).toBe(0);
    expect(csv.out.charCodeAt(0)).toBe(0xfeff);
    const [header, first, second] = readCsv(csv.out.slice(1)) as [string[], string[], string[]];
    expect(first[header.indexOf('title')]).toBe('Studiebesök i Alytus');
    expect(first[header.indexOf('created_by')]).toBe('cli:anna');
    expect(second[header.indexOf('title')]).toBe('Delegation; "Kaunas"');
    expect(second[header.indexOf('kind')]).toBe('Incoming visit');

    const svCsv = captureIo(env);
    expect(await runCli(['visits', 'export', '--lang', 'sv'], svCsv)).toBe(0);
    expect(svCsv.out).toContain('Inkommande besök');

    const ics = captureIo(env);
    expect(await runCli(['visits', 'export', '--format', 'ics', '--year', String(year)], ics)).toBe(0);
    expect(ics.out).toContain(`DTSTART:${year}1203T080000Z`);
    expect(ics.out).toContain(`DTSTART;VALUE=DATE:${year}1205`);
    expect(ics.out.match(/BEGIN:VEVENT/g)).toHaveLength(2);

    const empty = captureIo(env);
    expect(await runCli(['visits', 'export', '--year', '2001'], empty)).toBe(0);
    expect(readCsv(empty.out.slice(1))).toHaveLength(1);
  });

  it('refuses bad arguments with a usage line and exit code 2', async () => {
    for (const args of [
      [],
      ['import'],
      ['export', '--format', 'pdf'],
      ['export', '--year', '19'],
      ['export', '--lang', 'de'],
      ['export', '--bogus'],
    ]) {
      const io = captureIo({ DATABASE_URL: database.url });
      expect(await runCli(['visits', ...args], io), args.join(' ')).toBe(2);
      expect(io.err).toContain('usage: ansvar visits export');
      expect(io.out).toBe('');
    }
  });
});
