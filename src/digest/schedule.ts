import { DateTime, IANAZone } from 'luxon';

/**
 * When a weekly digest is due. A subscription names a local weekday and wall-clock time in its own
 * time zone; each week's due instant is computed from that local time, so daylight-saving changes
 * neither shift nor repeat a digest:
 * - a local time that does not exist (the spring-forward gap) resolves to the first valid instant
 *   after it (02:30 on the last Sunday of March in Stockholm → 03:00 CEST);
 * - a local time that exists twice (fall back) resolves to the first of the two.
 */

export interface WeeklySchedule {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** IANA zone. */
  timezone: string;
}

export interface Occurrence {
  /** The scheduled local date, `YYYY-MM-DD`: one digest per subscription and period. */
  periodKey: string;
  /** The UTC instant it is due. */
  dueAt: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Minutes east of UTC in `zone` at instant `ms`. */
function offsetAt(zone: IANAZone, ms: number): number {
  return zone.offset(ms);
}

/**
 * The UTC instant of a local date and time in a zone, resolving DST gaps to the first valid instant
 * after the requested wall time and ambiguous times to the earlier instant.
 */
export function localToInstant(date: string, time: string, timezone: string): Date {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new Error(`unknown time zone '${timezone}'`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wallMs = Date.UTC(y, m - 1, d, h, mi);

  // Every offset the zone uses around this wall time; a transition happens at most once in two days.
  const offsets = [
    ...new Set([offsetAt(zone, wallMs - DAY_MS), offsetAt(zone, wallMs), offsetAt(zone, wallMs + DAY_MS)]),
  ];
  const valid = offsets
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((instant) => offsetAt(zone, instant) * MINUTE_MS === wallMs - instant)
    .sort((a, b) => a - b);
  if (valid[0] !== undefined) return new Date(valid[0]);

  // A gap: the wall time was skipped. The first valid instant after it is the transition itself,
  // which lies between the wall time read with the later offset and read with the earlier one.
  const candidates = offsets.map((offset) => wallMs - offset * MINUTE_MS).sort((a, b) => a - b);
  let lo = candidates[0]!;
  let hi = candidates[candidates.length - 1]!;
  const after = offsetAt(zone, hi);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDate(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
}

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}

function isoWeekday(date: string): number {
  return DateTime.fromISO(date, { zone: 'utc' }).weekday;
}

function occurrenceOn(schedule: WeeklySchedule, date: string): Occurrence {
  return { periodKey: date, dueAt: localToInstant(date, schedule.time, schedule.timezone) };
}

/** The latest occurrence due at or before `now`. */
export function latestOccurrence(schedule: WeeklySchedule, now: Date): Occurrence {
  const today = localDate(now, schedule.timezone);
  const back = (isoWeekday(today) - schedule.weekday + 7) % 7;
  const thisWeek = occurrenceOn(schedule, addDays(today, -back));
  return thisWeek.dueAt.getTime() <= now.getTime()
    ? thisWeek
    : occurrenceOn(schedule, addDays(today, -back - 7));
}

/** The first occurrence due strictly after `now`. */
export function nextOccurrence(schedule: WeeklySchedule, now: Date): Occurrence {
  const today = localDate(now, schedule.timezone);
  const ahead = (schedule.weekday - isoWeekday(today) + 7) % 7;
  const thisWeek = occurrenceOn(schedule, addDays(today, ahead));
  return thisWeek.dueAt.getTime() > now.getTime()
    ? thisWeek
    : occurrenceOn(schedule, addDays(today, ahead + 7));
}

/**
 * Whether a missed occurrence may still be sent at `now`: only on the local day it fell due
 * (a digest missed while every process was down is sent at the next start that same day, never later).
 */
export function stillSameLocalDay(dueAt: Date, now: Date, timezone: string): boolean {
  return now.getTime() >= dueAt.getTime() && localDate(now, timezone) === localDate(dueAt, timezone);
}
