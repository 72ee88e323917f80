import fc from 'fast-check';
import { createEvents, type EventAttributes } from 'ics';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatCalendar, type IcsEvent } from '../../src/visits/ics-writer.js';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import { visitToIcsEvent } from '../../src/visits/visit-export.js';
import type { Visit } from '../../src/visits/visit-model.js';
import { validateVisitValues } from '../../src/visits/visit-validation.js';

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

/** VEVENT blocks as property → value maps (parameters kept in the name: `DTSTART;VALUE=DATE`). */
function events(ics: string): Record<string, string>[] {
  const result: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of unfold(ics).split('\r\n')) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      result.push(current!);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return result;
}

/** The same event for the `ics` package, our reference implementation. */
function asIcsPackageEvent(e: IcsEvent): EventAttributes & { timestamp: number } {
  const date = (d: { date: string }) => d.date.split('-').map(Number) as [number, number, number];
  const start =
    'instant' in e.start
      ? { start: e.start.instant, startInputType: 'utc' as const, startOutputType: 'utc' as const }
      : { start: date(e.start) };
  const base = {
    uid: e.uid,
    title: e.summary,
    ...start,
    timestamp: e.stamp,
    ...(e.description ? { description: e.description } : {}),
    ...(e.location ? { location: e.location } : {}),
    ...(e.status ? { status: e.status } : {}),
    ...(e.created !== undefined ? { created: e.created } : {}),
    ...(e.lastModified !== undefined ? { lastModified: e.lastModified } : {}),
  };
  if (e.end) {
    const end =
      'instant' in e.end
        ? { end: e.end.instant, endInputType: 'utc' as const, endOutputType: 'utc' as const }
        : { end: date(e.end) };
    return { ...base, ...end };
  }
  const minutes = e.durationMinutes ?? 60;
  return {
    ...base,
    duration: { hours: Math.floor(minutes / 60), ...(minutes % 60 ? { minutes: minutes % 60 } : {}) },
  };
}

const ctx = {
  today: '2026-06-01',
  defaultZone: 'Europe/Stockholm',
  organisations: BUNDLED_ORGANISATIONS,
  language: 'en' as const,
};
function visit(id: number, values: Record<string, string>, extra: Partial<Visit> = {}): Visit {
  const result = validateVisitValues({ title: 'Study visit', kind: 'outgoing', ...values }, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return {
    ...result.input,
    id,
    status: 'planned',
    reportedOn: null,
    createdBy: 'slack:U1',
    createdAt: '2026-05-01T10:00:00.000Z',
    updatedAt: '2026-05-02T11:30:00.000Z',
    channel: null,
    ...extra,
  };
}

describe('ICS writer', () => {
  it('writes the same events as the ics package', () => {
    const visits = [
      visit(1, {
        city: 'Vilnius',
        date: '2026-10-24',
        time: '10:00',
        end_time: '12:00',
        purpose: 'A; b, c\\d\nnext line',
      }),
      visit(2, {
        city: 'Vilnius',
        date: '2026-10-26',
        time: '10:00',
        org: 'kronoberg',
        counterpart: 'Alytus rajono savivaldybė',
      }),
      visit(3, { city: 'Paris', date: '2026-12-30', end_date: '2027-01-02' }, { status: 'cancelled' }),
      visit(4, {
        city: 'Växjö',
        kind: 'incoming',
        date: '2026-12-03',
        title: 'Delegation från Kaunas — ett längre namn som måste vikas över flera rader i filen',
      }),
      visit(
        5,
        { kind: 'digital', date: '2026-03-29', time: '03:30', end_date: '2026-03-30' },
        { reportedOn: '2026-04-02' },
      ),
      visit(6, { city: 'New York', date: '2026-11-01', time: '01:30', participants: 'Åsa Öberg, Ärla Ek' }),
    ];
    const mine = visits.map((v) => visitToIcsEvent(v, { ...ctx, today: '2026-06-01' }));
    const ours = events(formatCalendar({ productId: '-//Ansvar//Visit register//EN', events: mine }));
    const reference = createEvents(mine.map(asIcsPackageEvent));
    expect(reference.error).toBeNull();
    const theirs = events(reference.value!);
    expect(ours).toHaveLength(6);
    for (let i = 0; i < ours.length; i++) {
      const a = ours[i]!;
      const b = theirs[i]!;
      // Every property we write must equal what the package writes.
      for (const key of Object.keys(a)) expect(a[key], `${a.UID} ${key}`).toBe(b[key]);
    }
    // Spot checks of the conversions themselves
    expect(ours[0]).toMatchObject({ DTSTART: '20261024T070000Z', DTEND: '20261024T090000Z' });
    expect(ours[1]).toMatchObject({ DTSTART: '20261026T080000Z', DURATION: 'PT1H' });
    expect(ours[2]).toMatchObject({
      'DTSTART;VALUE=DATE': '20261230',
      'DTEND;VALUE=DATE': '20270103',
      STATUS: 'CANCELLED',
    });
    expect(ours[5]).toMatchObject({ DTSTART: '20261101T053000Z' }); // 01:30 EDT, the first of the two 01:30s
  });

  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds lines at 75 octets without splitting characters, and unfolding restores them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n'))
          expect(new TextEncoder().encode(physical).length).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(line);
      }),
      { numRuns: 500 },
    );
  });
});
