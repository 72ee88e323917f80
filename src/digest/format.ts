import { DateTime } from 'luxon';
import type { Language } from '../core/language.js';

/** Small, pure formatting helpers shared by the digest and its command replies. */

export const luxonLocale = (language: Language): string => (language === 'sv' ? 'sv-SE' : 'en-GB');

/** Shortens user-typed text for a list line. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/** `Europe/Stockholm` → `Stockholm`, `America/Argentina/Buenos_Aires` → `Buenos Aires`. */
export function zoneCity(timezone: string): string {
  return (timezone.split('/').pop() ?? timezone).replace(/_/g, ' ');
}

const WEEKDAYS: Record<Language, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  sv: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
};

export function weekdayName(weekday: number, language: Language, plural = false): string {
  const name = WEEKDAYS[language][weekday - 1] ?? String(weekday);
  if (!plural) return name;
  return language === 'sv' ? `${name}ar` : `${name}s`;
}

/** `Tue 24 Mar` / `tis 24 mars`. */
export function shortDay(date: DateTime, language: Language): string {
  return date.setLocale(luxonLocale(language)).toFormat('ccc d LLL');
}

/** `Tue 24 Mar 2026, 10:00` / `tis 24 mars 2026 10:00` in the given zone. */
export function instantText(instant: Date, timezone: string, language: Language): string {
  const d = DateTime.fromJSDate(instant, { zone: timezone }).setLocale(luxonLocale(language));
  return language === 'sv' ? d.toFormat('ccc d LLL yyyy HH:mm') : d.toFormat('ccc d LLL yyyy, HH:mm');
}

/** A calendar date `YYYY-MM-DD` as `24 Mar` (or `24 Mar 2025` when not in `currentYear`). */
export function dateText(isoDate: string, language: Language, currentYear?: number): string {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' }).setLocale(luxonLocale(language));
  if (!d.isValid) return isoDate;
  return d.year === currentYear ? d.toFormat('d LLL') : d.toFormat('d LLL yyyy');
}
