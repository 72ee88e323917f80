import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  latestOccurrence,
  localToInstant,
  nextOccurrence,
  stillSameLocalDay,
} from '../../src/digest/schedule.js';

const iso = (d: Date) => d.toISOString();

describe('localToInstant', () => {
  it('reads an ordinary local time in its zone', () => {
    expect(iso(localToInstant('2026-03-23', '08:00', 'Europe/Stockholm'))).toBe('2026-03-23T07:00:00.000Z');
    expect(iso(localToInstant('2026-06-01', '08:00', 'Europe/Stockholm'))).toBe('2026-06-01T06:00:00.000Z');
    expect(iso(localToInstant('2026-06-01', '08:00', 'America/New_York'))).toBe('2026-06-01T12:00:00.000Z');
  });

  it('moves a time in the spring-forward gap to the first valid instant after it', () => {
    // 2026-03-29 02:00 CET → 03:00 CEST: 02:30 never happens; the first valid instant is 03:00 CEST.
    expect(iso(localToInstant('2026-03-29', '02:30', 'Europe/Stockholm'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(localToInstant('2026-03-29', '02:00', 'Europe/Stockholm'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(localToInstant('2026-03-29', '03:00', 'Europe/Stockholm'))).toBe('2026-03-29T01:00:00.000Z');
    // New York: 02:00 EST → 03:00 EDT on 2026-03-08.
    expect(iso(localToInstant('2026-03-08', '02:15', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('takes the first of two instants for a time repeated when the clocks go back', () => {
    // 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice; the first is 02:30 CEST = 00:30Z.
    expect(iso(localToInstant('2026-10-25', '02:30', 'Europe/Stockholm'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(localToInstant('2026-10-25', '02:00', 'Europe/Stockholm'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(localToInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('handles half-hour DST zones (Lord Howe) and zones without DST', () => {
    // Lord Howe moves 30 minutes: 02:00 → 02:30 on 2026-10-04.
    expect(iso(localToInstant('2026-10-04', '02:10', 'Australia/Lord_Howe'))).toBe(
      '2026-10-03T15:30:00.000Z',
    );
    expect(iso(localToInstant('2026-03-29', '02:30', 'Asia/Tokyo'))).toBe('2026-03-28T17:30:00.000Z');
  });

  it('property: a valid wall time round-trips; an invalid one resolves to the first instant whose wall time is later', () => {
    const zones = [
      'Europe/Stockholm',
      'America/New_York',
      'Australia/Sydney',
      'America/Santiago',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, dayOffset, hour, minute) => {
          const date = DateTime.fromISO('2025-01-01', { zone: 'utc' }).plus({ days: dayOffset }).toISODate()!;
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const instant = localToInstant(date, time, zone);
          const local = DateTime.fromJSDate(instant, { zone });
          const wanted = `${date}T${time}`;
          const got = local.toFormat("yyyy-MM-dd'T'HH:mm");
          if (got === wanted) {
            // The first instant showing this wall time: none of the possible DST shifts earlier shows it too.
            for (const back of [30, 60, 120]) {
              const earlier = DateTime.fromMillis(instant.getTime() - back * 60_000, { zone });
              expect(earlier.toFormat("yyyy-MM-dd'T'HH:mm")).not.toBe(wanted);
            }
          } else {
            // A gap: the result is later on the wall clock, and a millisecond before it is earlier than wanted.
            expect(got > wanted).toBe(true);
            const before = DateTime.fromMillis(instant.getTime() - 1, { zone }).toFormat(
              "yyyy-MM-dd'T'HH:mm",
            );
            expect(before < wanted).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('weekly occurrences', () => {
  const monday = { weekday: 1, time: '08:00', timezone: 'Europe/Stockholm' };

  it('finds the latest occurrence due by now and the next one after it', () => {
    const now = new Date('2026-03-25T12:00:00Z'); // Wednesday
    expect(latestOccurrence(monday, now)).toEqual({
      periodKey: '2026-03-23',
      dueAt: new Date('2026-03-23T07:00:00Z'),
    });
    expect(nextOccurrence(monday, now)).toEqual({
      periodKey: '2026-03-30',
      dueAt: new Date('2026-03-30T06:00:00Z'),
    });
  });

  it('counts the due instant itself as due, and a minute before it as last week', () => {
    expect(latestOccurrence(monday, new Date('2026-03-30T06:00:00Z')).periodKey).toBe('2026-03-30');
    expect(latestOccurrence(monday, new Date('2026-03-30T05:59:00Z')).periodKey).toBe('2026-03-23');
    expect(nextOccurrence(monday, new Date('2026-03-30T06:00:00Z')).periodKey).toBe('2026-04-06');
  });

  it('keeps local 08:00 across both DST changes (the UTC instant moves, the local time does not)', () => {
    const dues: string[] = [];
    let at = new Date('2026-03-10T00:00:00Z');
    for (let i = 0; i < 34; i++) {
      const next = nextOccurrence(monday, at);
      dues.push(iso(next.dueAt));
      at = next.dueAt;
    }
    expect(dues.slice(0, 4)).toEqual([
      '2026-03-16T07:00:00.000Z',
      '2026-03-23T07:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-04-06T06:00:00.000Z',
    ]);
    const october = dues.filter((d) => d.startsWith('2026-10') || d.startsWith('2026-11-02'));
    expect(october).toEqual([
      '2026-10-05T06:00:00.000Z',
      '2026-10-12T06:00:00.000Z',
      '2026-10-19T06:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
      '2026-11-02T07:00:00.000Z',
    ]);
    for (const due of dues) {
      const local = DateTime.fromISO(due, { zone: 'Europe/Stockholm' });
      expect([local.weekday, local.toFormat('HH:mm')]).toEqual([1, '08:00']);
    }
  });

  it('schedules Sunday 02:30 once a week through the gap and the repeated hour', () => {
    const sunday = { weekday: 7, time: '02:30', timezone: 'Europe/Stockholm' };
    const dues: string[] = [];
    let at = new Date('2026-03-16T00:00:00Z');
    for (let i = 0; i < 3; i++) {
      at = nextOccurrence(sunday, at).dueAt;
      dues.push(iso(at));
    }
    expect(dues).toEqual([
      '2026-03-22T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-04-05T00:30:00.000Z',
    ]);
    at = new Date('2026-10-12T00:00:00Z');
    const autumn: string[] = [];
    for (let i = 0; i < 3; i++) {
      at = nextOccurrence(sunday, at).dueAt;
      autumn.push(iso(at));
    }
    expect(autumn).toEqual([
      '2026-10-18T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-11-01T01:30:00.000Z',
    ]);
    // During the repeated hour (the second 02:30, CET), the latest occurrence is still the first one.
    expect(latestOccurrence(sunday, new Date('2026-10-25T01:30:00Z'))).toEqual({
      periodKey: '2026-10-25',
      dueAt: new Date('2026-10-25T00:30:00Z'),
    });
  });

  it('allows a missed occurrence only on its own local day', () => {
    const due = new Date('2026-03-23T07:00:00Z');
    expect(stillSameLocalDay(due, new Date('2026-03-23T22:59:00Z'), 'Europe/Stockholm')).toBe(true);
    expect(stillSameLocalDay(due, new Date('2026-03-23T23:00:00Z'), 'Europe/Stockholm')).toBe(false);
    expect(stillSameLocalDay(due, new Date('2026-03-23T06:59:00Z'), 'Europe/Stockholm')).toBe(false);
  });
});
