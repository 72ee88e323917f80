import { DateTime } from 'luxon';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/io.js';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import { visitsToCsv, visitsToIcs } from '../../src/visits/visit-export.js';
import { allVisits, visitsForYear } from '../../src/visits/visit-repository.js';
import type { Visit } from '../../src/visits/visit-model.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { readCsv } from './support.js';

function captureIo(env: Record<string, string>): CliIo & { out: string; err: string; writes: number } {
  const io = {
    out: '',
    err: '',
    writes: 0,
    stdout(text: string) {
      io.out += text;
      io.writes += 1;
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

  it('streams a large export: the same bytes as building it in one piece, written in many pieces', async () => {
    const store = await database.open();
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const date = DateTime.fromISO('2025-06-01', { zone: 'UTC' }).plus({ days: i % 500 });
      const time = i % 3 === 0 ? null : `${String(8 + (i % 10)).padStart(2, '0')}:30`;
      const zone = i % 2 ? 'Europe/Vilnius' : 'Europe/Stockholm';
      const start = DateTime.fromISO(`${date.toISODate()}T${time ?? '00:00'}`, { zone });
      return {
        org_id: i % 4 ? 'region-kronoberg' : null,
        title: `Visit ${i}; "Kaunas", ${'ö'.repeat(i % 60)}`,
        kind: ['incoming', 'outgoing', 'digital'][i % 3]!,
        counterpart: i % 5 ? `Partner ${i}` : null,
        city: 'Vilnius',
        country: 'LT',
        start_date: date.toISODate()!,
        start_time: time,
        end_date: null,
        end_time: null,
        timezone: zone,
        starts_at: start.toUTC().toISO()!,
        ends_at: null,
        participants: i % 7 ? null : '=cmd, Anna',
        purpose: i % 11 ? null : 'Line one\nline two',
        status: i % 13 ? 'planned' : 'cancelled',
        reported_on: null,
        created_by: `slack:U${i % 50}`,
        created_at: '2025-05-01T10:00:00.000Z',
        updated_at: '2025-05-02T10:00:00.000Z',
        channel: null,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await store.db
        .insertInto('visits')
        .values(rows.slice(i, i + 500))
        .execute();
    const options = {
      language: 'en' as const,
      today: DateTime.now().setZone('Europe/Stockholm').toFormat('yyyy-MM-dd'),
      organisations: BUNDLED_ORGANISATIONS,
    };
    const everything: Visit[] = [];
    for await (const v of allVisits(store)) everything.push(v);
    const year = await visitsForYear(store, { year: 2026 });
    await store.close();
    expect(everything).toHaveLength(3000);
    expect(year.length).toBeGreaterThan(1000);

    const env = { DATABASE_URL: database.url, ANSVAR_TIMEZONE: 'Europe/Stockholm' };
    const cases = [
      { args: ['--format', 'csv'], expected: visitsToCsv(everything, options) },
      { args: ['--format', 'csv', '--year', '2026'], expected: visitsToCsv(year, options) },
      {
        args: ['--format', 'ics'],
        expected: visitsToIcs(everything, { ...options, calendarName: 'Ansvar visits' }),
      },
      {
        args: ['--format', 'ics', '--year', '2026'],
        expected: visitsToIcs(year, { ...options, calendarName: 'Ansvar visits 2026' }),
      },
    ];
    for (const { args, expected } of cases) {
      const io = captureIo(env);
      expect(await runCli(['visits', 'export', ...args], io), args.join(' ')).toBe(0);
      expect(io.out === expected, args.join(' ')).toBe(true);
      // Written as it was read, not as one string at the end.
      expect(io.writes, args.join(' ')).toBeGreaterThan(3);
    }
    for (const format of ['csv', 'ics'] as const) {
      const io = captureIo(env);
      expect(await runCli(['visits', 'export', '--format', format, '--year', '2001'], io)).toBe(0);
      expect(io.out).toBe(
        format === 'csv'
          ? visitsToCsv([], options)
          : visitsToIcs([], { ...options, calendarName: 'Ansvar visits 2001' }),
      );
    }
  }, 60_000);

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
