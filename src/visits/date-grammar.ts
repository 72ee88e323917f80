import { DateTime } from 'luxon';
import { foldText, own } from './text.js';

/**
 * The dates and times people type, in English and Swedish. Pure: `today` (YYYY-MM-DD in the user's
 * zone) is passed in.
 *
 * Dates: `2026-12-03`, `2026/12/03`, `3/12` and `3/12/2026` (day first), `3.12.2026`, `3 dec`,
 * `3 dec.`, `3 december 2026`, `3:e december`, `den 3 maj`, `December 3, 2026`, `today`/`idag`,
 * `tomorrow`/`imorgon`, `yesterday`/`igår`, `övermorgon`, and weekday names (`friday`, `fredag`,
 * `next fri`, `på fredag`: the next such day after today).
 * A date without a year is the nearest one that is at most 60 days in the past: logging last
 * month's visit works, and `3 jan` typed in December means next January.
 *
 * Times: `10:00`, `10.00`, `10`, `10h30`, `kl 10`, `9am`, `3 pm`, `12am` (midnight); ranges
 * `10:00-12:00`, `9-11`.
 */

// prettier-ignore
const MONTHS: Record<string, number> = {
  january: 1, januari: 1, jan: 1,
  february: 2, februari: 2, feb: 2,
  march: 3, mars: 3, mar: 3,
  april: 4, apr: 4,
  may: 5, maj: 5,
  june: 6, juni: 6, jun: 6,
  july: 7, juli: 7, jul: 7,
  august: 8, augusti: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  october: 10, oktober: 10, oct: 10, okt: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
};

/** ISO weekday numbers, 1 = Monday (keys folded: `mån` → `man`). */
// prettier-ignore
const WEEKDAYS: Record<string, number> = {
  monday: 1, mon: 1, mandag: 1, man: 1,
  tuesday: 2, tue: 2, tues: 2, tisdag: 2, tis: 2,
  wednesday: 3, wed: 3, onsdag: 3, ons: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, torsdag: 4, tors: 4, tor: 4,
  friday: 5, fri: 5, fredag: 5, fre: 5,
  saturday: 6, sat: 6, lordag: 6, lor: 6,
  sunday: 7, sun: 7, sondag: 7, son: 7,
};

// prettier-ignore
const RELATIVE_DAYS: Record<string, number> = {
  today: 0, idag: 0, 'i dag': 0,
  tomorrow: 1, imorgon: 1, 'i morgon': 1, imorn: 1, 'i morn': 1,
  yesterday: -1, igar: -1, 'i gar': -1,
  'day after tomorrow': 2, overmorgon: 2, iovermorgon: 2, 'i overmorgon': 2,
};

/** Dates this far in the past are still read as this year's (see above). */
const PAST_WINDOW_DAYS = 60;

export function parseDate(text: string, today: string): string | undefined {
  const base = DateTime.fromISO(today, { zone: 'UTC' });
  if (!base.isValid) return undefined;
  let t = foldText(text).replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  if (!t || t.length > 40) return undefined;
  t = t.replace(/^(?:on|the|den|pa) /, '');

  const relative = own(RELATIVE_DAYS, t);
  if (relative !== undefined) return iso(base.plus({ days: relative }));

  const weekday = /^(?:(?:next|nasta|kommande|this|this coming) )?([a-z]+)\.?$/.exec(t);
  if (weekday) {
    const wanted = own(WEEKDAYS, weekday[1]!);
    if (wanted !== undefined) {
      const ahead = (wanted - base.weekday + 7) % 7 || 7;
      return iso(base.plus({ days: ahead }));
    }
  }

  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (m) return exact(Number(m[1]), Number(m[2]), Number(m[3]));

  m =
    /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(t) ??
    /^(\d{1,2})\.(\d{1,2})\.(?:(\d{4})|(\d{2}))?$/.exec(t);
  if (m) {
    const yearText = m[3] ?? m[4];
    if (yearText) return exact(fullYear(yearText), Number(m[2]), Number(m[1]));
    return nearest(base, Number(m[2]), Number(m[1]));
  }

  // 3 dec, 3 dec. 2026, 3:e december, 3rd of december
  m = /^(\d{1,2})(?::[ae]|st|nd|rd|th)?\.? (?:of )?([a-z]+)\.?(?: (\d{4}))?$/.exec(t);
  if (m) {
    const month = own(MONTHS, m[2]!);
    if (month === undefined) return undefined;
    return m[3] ? exact(Number(m[3]), month, Number(m[1])) : nearest(base, month, Number(m[1]));
  }

  // December 3, dec 3 2026, december 3rd
  m = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(t);
  if (m) {
    const month = own(MONTHS, m[1]!);
    if (month === undefined) return undefined;
    return m[3] ? exact(Number(m[3]), month, Number(m[2])) : nearest(base, month, Number(m[2]));
  }
  return undefined;
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function exact(year: number, month: number, day: number): string | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return date.isValid ? iso(date) : undefined;
}

function nearest(base: DateTime, month: number, day: number): string | undefined {
  const earliest = base.minus({ days: PAST_WINDOW_DAYS });
  // Five years ahead covers 29 February.
  for (let year = base.year - 1; year <= base.year + 5; year++) {
    const date = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
    if (date.isValid && date >= earliest) return iso(date);
  }
  return undefined;
}

function iso(date: DateTime): string {
  return date.toFormat('yyyy-MM-dd');
}

/** `10:00`, `10.00`, `10`, `kl 10`, `9am`, `3 pm` → `HH:MM`. */
export function parseTime(text: string): string | undefined {
  const t = text
    .toLowerCase()
    .trim()
    .replace(/^(?:kl\.?|klockan|at|@)\s*/, '')
    .replace(/\s+/g, '')
    .replace(/a\.m\.?$/, 'am')
    .replace(/p\.m\.?$/, 'pm');
  let m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$/.exec(t);
  if (m) {
    const hour12 = Number(m[1]);
    const minute = Number(m[2] ?? '0');
    if (hour12 < 1 || hour12 > 12 || minute > 59) return undefined;
    const hour = (hour12 % 12) + (m[3] === 'pm' ? 12 : 0);
    return hhmm(hour, minute);
  }
  m = /^(\d{1,2})(?:[:.h](\d{2})(?::00)?|h)?$/.exec(t);
  if (m) {
    const hour = Number(m[1]);
    const minute = Number(m[2] ?? '0');
    if (hour > 23 || minute > 59) return undefined;
    return hhmm(hour, minute);
  }
  return undefined;
}

/** `10:00-12:00`, `9–11`, `9am-1pm` → start and end; a single time → start only. */
export function parseTimeRange(text: string): { start: string; end?: string } | undefined {
  const single = parseTime(text);
  if (single) return { start: single };
  const parts = text.split(/[-–—]/);
  if (parts.length !== 2) return undefined;
  const start = parseTime(parts[0]!);
  const end = parseTime(parts[1]!);
  return start && end ? { start, end } : undefined;
}

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * How many leading words look like an attempt at a date even though `parseDate` refused them
 * (`31/02`, `31 feb`, `2026-13-01`): they are reported as a wrong date rather than a missing one.
 */
export function dateLikePrefix(words: readonly string[]): number {
  const [first = '', second = '', third = ''] = words.map((w) => foldText(w).replace(/[.,]$/, ''));
  const withYear = (n: number, next: string) => (/^\d{4}$/.test(next) ? n + 1 : n);
  if (/^\d{1,4}(?:[/.-]\d{1,4}){1,2}$/.test(first)) return 1;
  if (/^\d{1,2}(?::[ae]|st|nd|rd|th)?$/.test(first) && own(MONTHS, second) !== undefined)
    return withYear(2, third);
  if (own(MONTHS, first) !== undefined && /^\d{1,2}$/.test(second)) return withYear(2, third);
  return 0;
}
