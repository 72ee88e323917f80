import { describe, expect, it } from 'vitest';
import {
  parseClockTime,
  parseSubscribeArgs,
  parseTimezone,
  parseWeekday,
} from '../../src/digest/subscribe-args.js';

describe('digest subscribe arguments', () => {
  it('reads weekdays in English and Swedish, short and long, any case, with or without å/ä/ö', () => {
    const cases: [string, number][] = [
      ['mon', 1],
      ['Monday', 1],
      ['mån', 1],
      ['måndag', 1],
      ['MANDAG', 1],
      ['mondays', 1],
      ['måndagar', 1],
      ['tue', 2],
      ['tues', 2],
      ['tisdag', 2],
      ['wed', 3],
      ['onsdag', 3],
      ['thu', 4],
      ['thurs', 4],
      ['tors', 4],
      ['torsdag', 4],
      ['fri', 5],
      ['fredag', 5],
      ['sat', 6],
      ['lör', 6],
      ['lördag', 6],
      ['lordag', 6],
      ['sun', 7],
      ['sunday', 7],
      ['sön', 7],
      ['söndag', 7],
    ];
    for (const [word, day] of cases) expect(parseWeekday(word), word).toBe(day);
    for (const word of ['someday', 'mo', 'week', '']) expect(parseWeekday(word), word).toBeUndefined();
  });

  it('reads HH:MM and HH.MM within a day', () => {
    expect(parseClockTime('8:00')).toBe('08:00');
    expect(parseClockTime('08.30')).toBe('08:30');
    expect(parseClockTime('23:59')).toBe('23:59');
    for (const bad of ['24:00', '12:60', '1200', '12:5', 'noon'])
      expect(parseClockTime(bad), bad).toBeUndefined();
  });

  it('accepts IANA zones in any case and returns the canonical name', () => {
    expect(parseTimezone('europe/stockholm')).toBe('Europe/Stockholm');
    expect(parseTimezone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(parseTimezone('UTC')).toBe('UTC');
    for (const bad of ['Europe/Atlantis', 'Stockholm', 'CET+1; drop', '../etc'])
      expect(parseTimezone(bad), bad).toBeUndefined();
  });

  it('takes the parts in any order, each at most once', () => {
    expect(parseSubscribeArgs('')).toEqual({ ok: true, args: {} });
    expect(parseSubscribeArgs('org:region-kronoberg Europe/Vilnius 07:45 fri')).toEqual({
      ok: true,
      args: { orgId: 'region-kronoberg', timezone: 'Europe/Vilnius', time: '07:45', weekday: 5 },
    });
    expect(parseSubscribeArgs('mon tue')).toEqual({
      ok: false,
      problem: { kind: 'repeated', what: 'weekday' },
    });
    expect(parseSubscribeArgs('org:a org:b')).toEqual({
      ok: false,
      problem: { kind: 'repeated', what: 'org' },
    });
    expect(parseSubscribeArgs('org:<!channel>')).toEqual({
      ok: false,
      problem: { kind: 'bad-org', word: 'org:<!channel>' },
    });
    expect(parseSubscribeArgs('mon 8:00 later')).toEqual({
      ok: false,
      problem: { kind: 'unknown', word: 'later' },
    });
    expect(parseSubscribeArgs('a b c d e f g h i')).toEqual({ ok: false, problem: { kind: 'too-many' } });
  });
});
