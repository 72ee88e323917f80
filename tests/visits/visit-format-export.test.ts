import { describe, expect, it } from 'vitest';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import { defuseCell, visitsToCsv, visitsToIcs } from '../../src/visits/visit-export.js';
import { formatVisitSummary, formatVisitWhen } from '../../src/visits/visit-format.js';
import type { Visit } from '../../src/visits/visit-model.js';
import { validateVisitValues } from '../../src/visits/visit-validation.js';
import { readCsv } from './support.js';

const ctx = {
  today: '2026-09-01',
  defaultZone: 'Europe/Stockholm',
  organisations: BUNDLED_ORGANISATIONS,
  language: 'en' as const,
};
let nextId = 1;

function visit(values: Record<string, string>, extra: Partial<Visit> = {}): Visit {
  const result = validateVisitValues({ title: 'Study visit', kind: 'outgoing', ...values }, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return {
    ...result.input,
    id: nextId++,
    status: 'planned',
    reportedOn: null,
    createdBy: 'slack:U1',
    createdAt: '2026-08-01T10:00:00.000Z',
    updatedAt: '2026-08-02T10:00:00.000Z',
    channel: 'slack:C1',
    ...extra,
  };
}

const stockholm = { viewerZone: 'Europe/Stockholm', language: 'en' as const };

describe('times across zones and DST', () => {
  it('shows a 10:00 Vilnius visit the day after the October change at 09:00 Stockholm time', () => {
    const v = visit({ city: 'Vilnius', date: '2026-10-26', time: '10:00' });
    expect(v.startsAt).toBe('2026-10-26T08:00:00.000Z');
    expect(formatVisitWhen(v, stockholm)).toBe('Mon 26 Oct 2026, 10:00 Vilnius time (09:00 Stockholm time)');
    const before = visit({ city: 'Vilnius', date: '2026-10-24', time: '10:00' });
    expect(before.startsAt).toBe('2026-10-24T07:00:00.000Z');
    expect(formatVisitWhen(before, stockholm)).toBe(
      'Sat 24 Oct 2026, 10:00 Vilnius time (09:00 Stockholm time)',
    );
  });

  it('follows the week when Europe and the US change on different dates', () => {
    const between = visit({ city: 'New York', date: '2026-10-27', time: '10:00' });
    expect(formatVisitWhen(between, stockholm)).toBe(
      'Tue 27 Oct 2026, 10:00 New York time (15:00 Stockholm time)',
    );
    const after = visit({ city: 'New York', date: '2026-11-03', time: '10:00' });
    expect(formatVisitWhen(after, stockholm)).toBe(
      'Tue 3 Nov 2026, 10:00 New York time (16:00 Stockholm time)',
    );
    const evening = visit({ city: 'New York', date: '2026-11-03', time: '20:00' });
    expect(formatVisitWhen(evening, stockholm)).toBe(
      'Tue 3 Nov 2026, 20:00 New York time (Wed 4 Nov 02:00 Stockholm time)',
    );
  });

  it('shows one time when the viewer shares the venue offset, and none for date-only visits', () => {
    expect(formatVisitWhen(visit({ city: 'Paris', date: '2026-10-26', time: '09:00' }), stockholm)).toBe(
      'Mon 26 Oct 2026, 09:00 Paris time',
    );
    expect(
      formatVisitWhen(visit({ city: 'Paris', date: '2026-12-30', end_date: '2027-01-02' }), stockholm),
    ).toBe('Wed 30 Dec 2026 – Sat 2 Jan 2027');
    expect(
      formatVisitWhen(visit({ city: 'Paris', date: '2026-12-03', end_date: '2026-12-04' }), stockholm),
    ).toBe('Thu 3 Dec – Fri 4 Dec 2026');
  });

  it('writes Swedish and one-line summaries', () => {
    const v = visit({ city: 'Vilnius', date: '2026-10-26', time: '10:00', end_time: '12:00' });
    expect(formatVisitWhen(v, { viewerZone: 'Europe/Stockholm', language: 'sv' })).toBe(
      'mån 26 okt. 2026, 10:00–12:00 Vilnius-tid (09:00–11:00 Stockholm-tid)',
    );
    expect(formatVisitSummary(v, { ...stockholm, today: '2026-09-01' })).toBe(
      `#${v.id} Mon 26 Oct 2026, 10:00–12:00 Vilnius time (09:00–11:00 Stockholm time) · Vilnius, Lithuania · Study visit (Outgoing trip)`,
    );
    expect(formatVisitSummary({ ...v, status: 'cancelled' }, stockholm)).toMatch(/ · CANCELLED$/);
  });
});

describe('CSV export', () => {
  const options = { language: 'en' as const, today: '2026-11-22', organisations: BUNDLED_ORGANISATIONS };

  it('opens in Excel: BOM, semicolons, CRLF, quoting, å/ä/ö intact', () => {
    const rows = [
      visit({
        title: 'Möte; "Växjö", del 2',
        city: 'Växjö',
        kind: 'incoming',
        date: '2026-10-01',
        purpose: 'Rad ett\nRad två',
        org: 'kronoberg',
      }),
      visit({ city: 'Vilnius', date: '2026-12-03', time: '10:00' }, { status: 'cancelled' }),
    ];
    const csv = visitsToCsv(rows, options);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    const table = readCsv(csv.slice(1));
    expect(table).toHaveLength(3);
    const [header, first, second] = table as [string[], string[], string[]];
    expect(header.slice(0, 4)).toEqual(['id', 'title', 'kind', 'status']);
    const col = (name: string) => header.indexOf(name);
    expect(first[col('title')]).toBe('Möte; "Växjö", del 2');
    expect(first[col('purpose')]).toBe('Rad ett\nRad två');
    expect(first[col('status')]).toBe('held');
    expect(first[col('organisation')]).toBe('Region Kronoberg');
    expect(first[col('country')]).toBe('Sweden');
    expect(second[col('status')]).toBe('cancelled');
    expect(second[col('starts_at_utc')]).toBe('2026-12-03T08:00:00.000Z');
    expect(table.every((row) => row.length === header.length)).toBe(true);
  });

  it('defuses formulas', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(defuseCell(cell)).toBe(`'${cell}`);
    expect(defuseCell('Study visit')).toBe('Study visit');
    const csv = visitsToCsv(
      [
        visit({
          title: '=HYPERLINK("http://evil","click")',
          city: 'Vilnius',
          date: '2026-12-03',
          counterpart: '+46 Region',
          participants: '@all',
        }),
      ],
      options,
    );
    const [header, row] = readCsv(csv.slice(1)) as [string[], string[]];
    expect(row[header.indexOf('title')]).toBe('\'=HYPERLINK("http://evil","click")');
    expect(row[header.indexOf('counterpart')]).toBe("'+46 Region");
    expect(row[header.indexOf('participants')]).toBe("'@all");
  });

  it('writes Swedish headers and labels', () => {
    const csv = visitsToCsv([visit({ city: 'Vilnius', date: '2026-12-03' })], { ...options, language: 'sv' });
    const [header, row] = readCsv(csv.slice(1)) as [string[], string[]];
    expect(header).toContain('återrapporterad');
    expect(row[header.indexOf('typ')]).toBe('Utgående resa');
    expect(row[header.indexOf('land')]).toBe('Litauen');
  });
});

describe('ICS export', () => {
  const options = { language: 'en' as const, today: '2026-11-22', organisations: BUNDLED_ORGANISATIONS };
  const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

  it('converts venue times to UTC correctly across DST, with stable UIDs', () => {
    const summer = visit({ city: 'Vilnius', date: '2026-10-24', time: '10:00', end_time: '12:00' });
    const winter = visit({ city: 'Vilnius', date: '2026-10-26', time: '10:00' });
    const ics = unfold(visitsToIcs([summer, winter], { ...options, calendarName: 'Visits' }));
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain(`UID:visit-${summer.id}@ansvar\r\nSUMMARY:Study visit`);
    expect(ics).toContain('DTSTART:20261024T070000Z\r\nDTEND:20261024T090000Z');
    expect(ics).toContain('DTSTART:20261026T080000Z');
    expect(ics).toContain('DURATION:PT1H');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    // Same visit, same UID on every export
    expect(unfold(visitsToIcs([summer], options))).toContain(`UID:visit-${summer.id}@ansvar`);
  });

  it('writes all-day visits as DATE values with an exclusive end, and cancelled ones as CANCELLED', () => {
    const allDay = visit(
      { city: 'Paris', date: '2026-12-30', end_date: '2027-01-02' },
      { status: 'cancelled' },
    );
    const oneDay = visit({ city: 'Växjö', kind: 'incoming', date: '2026-12-03' });
    const ics = unfold(visitsToIcs([allDay, oneDay], options));
    expect(ics).toContain('DTSTART;VALUE=DATE:20261230\r\nDTEND;VALUE=DATE:20270103');
    expect(ics).toContain('DTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261204');
    expect(ics).toMatch(/UID:visit-\d+@ansvar[\s\S]*STATUS:CANCELLED[\s\S]*STATUS:CONFIRMED/);
    expect(ics).toContain('LOCATION:Paris\\, France');
  });

  it('escapes text and writes an empty calendar', () => {
    const v = visit({ title: 'A; B, C', city: 'Vilnius', date: '2026-12-03', purpose: 'One\nTwo' });
    const ics = unfold(visitsToIcs([v], options));
    expect(ics).toContain('SUMMARY:A\\; B\\, C');
    expect(ics).toContain('Purpose: One\\nTwo');
    const empty = visitsToIcs([], options);
    expect(empty).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(empty).not.toContain('VEVENT');
  });

  it('folds long lines at 75 octets without splitting a character, and unfolds to the same text', () => {
    const title = `Studiebesök ${'åäö'.repeat(40)} \\ slut`;
    const v = visit(
      { title: 'x', city: 'Vilnius', date: '2026-12-03', purpose: 'Plain ASCII text. '.repeat(20) },
      { title },
    );
    const ics = visitsToIcs([v], { ...options, calendarName: 'Visits; 2026' });
    const lines = ics.split('\r\n').filter(Boolean);
    expect(lines.every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(ics).not.toContain('\uFFFD');
    expect(unfold(ics)).toContain(`SUMMARY:${title.replace(/\\/g, '\\\\')}`);
    expect(ics).toContain('X-WR-CALNAME;VALUE=TEXT:Visits\\; 2026');
  });
});
