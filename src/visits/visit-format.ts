import { DateTime } from 'luxon';
import type { Language } from '../core/language.js';
import { countryName } from './countries.js';
import { zoneCity } from './time-zones.js';
import { effectiveStatus, type Visit } from './visit-model.js';
import { texts } from './visit-text.js';

/**
 * Pure formatting of visits for chat and digests: times in the venue's zone and, when it differs,
 * in the viewer's zone (luxon does the DST arithmetic for the actual date).
 */

export interface FormatOptions {
  /** The viewer's IANA zone (turn.timezone, else ANSVAR_TIMEZONE). */
  viewerZone: string;
  language: Language;
  /** YYYY-MM-DD, to show "held" for past visits; without it the stored status is shown. */
  today?: string;
}

type VisitWhen = Pick<
  Visit,
  'startDate' | 'startTime' | 'endDate' | 'endTime' | 'timezone' | 'startsAt' | 'endsAt'
>;

function zoneLabel(zone: string, language: Language): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const city = zoneCity(zone);
  return language === 'sv' ? `${city}-tid` : `${city} time`;
}

function locale(language: Language): string {
  return language === 'sv' ? 'sv' : 'en-GB';
}

function day(date: DateTime, language: Language, withYear = true): string {
  return date.setLocale(locale(language)).toFormat(withYear ? 'ccc d LLL yyyy' : 'ccc d LLL');
}

function localDate(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: 'UTC' });
}

/**
 * When a visit takes place: `Thu 3 Dec 2026, 10:00–12:00 Vilnius time (09:00–11:00 Stockholm time)`,
 * `Thu 3 Dec – Sat 5 Dec 2026`, `Thu 3 Dec 2026` (no time).
 */
export function formatVisitWhen(visit: VisitWhen, options: FormatOptions): string {
  const { language, viewerZone } = options;
  const start = localDate(visit.startDate);
  const end = visit.endDate && visit.endDate !== visit.startDate ? localDate(visit.endDate) : undefined;

  if (!visit.startTime) {
    return end
      ? `${day(start, language, start.year !== end.year)} – ${day(end, language)}`
      : day(start, language);
  }

  const startInstant = DateTime.fromISO(visit.startsAt, { zone: visit.timezone });
  const endInstant =
    visit.endTime && visit.endsAt ? DateTime.fromISO(visit.endsAt, { zone: visit.timezone }) : undefined;
  const venue = clockRange(startInstant, endInstant, end !== undefined, language);
  const dateText = day(start, language);
  const venueText = `${dateText}, ${venue} ${zoneLabel(visit.timezone, language)}`;
  const endText = end && !endInstant ? ` – ${day(end, language)}` : '';

  const viewerStart = startInstant.setZone(viewerZone);
  if (
    !viewerStart.isValid ||
    viewerZone === visit.timezone ||
    sameClock(startInstant, viewerStart, endInstant)
  ) {
    return `${venueText}${endText}`;
  }
  const viewerEnd = endInstant?.setZone(viewerZone);
  const viewerDayDiffers = viewerStart.toISODate() !== startInstant.toISODate();
  const viewer = clockRange(viewerStart, viewerEnd, end !== undefined || viewerDayDiffers, language);
  const viewerDay = viewerDayDiffers && !(end !== undefined) ? `${day(viewerStart, language, false)} ` : '';
  return `${venueText}${endText} (${viewerDay}${viewer} ${zoneLabel(viewerZone, language)})`;
}

function sameClock(a: DateTime, b: DateTime, end: DateTime | undefined): boolean {
  return a.offset === b.offset && (!end || end.offset === end.setZone(b.zone).offset);
}

/** `10:00`, `10:00–12:00`, or across days `10:00 – Sat 5 Dec 16:00`. */
function clockRange(
  start: DateTime,
  end: DateTime | undefined,
  multiDay: boolean,
  language: Language,
): string {
  const from = start.toFormat('HH:mm');
  if (!end) return from;
  if (!multiDay && end.toISODate() === start.toISODate()) return `${from}–${end.toFormat('HH:mm')}`;
  return `${from} – ${day(end, language, false)} ${end.toFormat('HH:mm')}`;
}

/** `Alytus, Lithuania`, `Lithuania`, `Alytus`, or '' when the visit has no place (digital meetings). */
export function formatVisitPlace(visit: Pick<Visit, 'city' | 'country'>, language: Language): string {
  const country = visit.country ? countryName(visit.country, language) : undefined;
  return [visit.city, country].filter((p): p is string => Boolean(p)).join(', ');
}

/**
 * One line per visit, for lists and the digest:
 * `#12 Thu 3 Dec 2026, 10:00 Vilnius time (09:00 Stockholm time) · Alytus, Lithuania · Study visit (Outgoing trip)`.
 * Plain text: renderers escape it.
 */
export function formatVisitSummary(visit: Visit, options: FormatOptions): string {
  const t = texts(options.language);
  const status = options.today ? effectiveStatus(visit, options.today) : visit.status;
  const place = formatVisitPlace(visit, options.language);
  const parts = [
    `#${visit.id} ${formatVisitWhen(visit, options)}`,
    ...(place ? [place] : []),
    `${visit.title} (${t.kind[visit.kind]})`,
  ];
  if (status === 'cancelled') parts.push(t.status.cancelled.toUpperCase());
  return parts.join(' · ');
}

/** `Study visit — Alytus, Lithuania`: for headers. */
export function formatVisitHeadline(visit: Visit, language: Language): string {
  const place = formatVisitPlace(visit, language);
  return place ? `${visit.title} — ${place}` : visit.title;
}
