import { DateTime, IANAZone } from 'luxon';

/** IANA time zones: the select list, canonical spelling, and venue-local → UTC conversion. */

const SUPPORTED: readonly string[] = [...Intl.supportedValuesOf('timeZone'), 'UTC'].sort();
const byLowerCase = new Map(SUPPORTED.map((zone) => [zone.toLowerCase(), zone]));

/** All zones for the form's select, `Europe/Vilnius` labelled `Europe/Vilnius`. */
export function timeZoneOptions(): { value: string; label: string }[] {
  return SUPPORTED.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));
}

/** `europe/vilnius` → `Europe/Vilnius`; also accepts aliases luxon knows (`Europe/Kyiv`); undefined if no zone. */
export function canonicalZone(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 64) return undefined;
  const known = byLowerCase.get(trimmed.toLowerCase());
  if (known) return known;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(trimmed) || !trimmed.includes('/')) return undefined;
  return IANAZone.isValidZone(trimmed) ? trimmed : undefined;
}

/** The first of the names that this runtime knows (zone databases differ on `Europe/Kyiv` vs `Europe/Kiev`). */
export function firstValidZone(...names: string[]): string | undefined {
  return names.find((name) => IANAZone.isValidZone(name));
}

export type LocalInstant =
  | { ok: true; instant: DateTime }
  /** The wall-clock time does not exist that day (spring-forward gap); `shiftedTo` is what it would become. */
  | { ok: false; reason: 'gap'; shiftedTo: string };

/**
 * The UTC instant of a venue-local date and time. A time inside a spring-forward gap is refused (the
 * caller reports it) rather than silently moved. An ambiguous time in the autumn overlap resolves to
 * the first occurrence (summer time), which is what a meeting invitation for that time means.
 */
export function localInstant(date: string, time: string | null, zone: string): LocalInstant {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time ? (time.split(':').map(Number) as [number, number]) : [0, 0];
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (local.hour !== hour || local.minute !== minute || local.day !== day) {
    // A date without a time whose midnight is skipped (a few zones change at 00:00) starts when the day does.
    if (!time) return { ok: true, instant: local };
    return { ok: false, reason: 'gap', shiftedTo: local.toFormat('HH:mm') };
  }
  // In an autumn overlap the wall time happens twice: take the earlier instant.
  const wall = DateTime.fromObject({ year, month, day, hour, minute }, { zone: 'UTC' });
  const offsets = new Set([local.offset, local.minus({ hours: 3 }).offset, local.plus({ hours: 3 }).offset]);
  let earliest = local;
  for (const offset of offsets) {
    const candidate = wall.minus({ minutes: offset }).setZone(zone);
    if (
      candidate.hour === hour &&
      candidate.minute === minute &&
      candidate.day === day &&
      candidate < earliest
    ) {
      earliest = candidate;
    }
  }
  return { ok: true, instant: earliest };
}

/** `Europe/Vilnius` → `Vilnius`, `America/Argentina/Buenos_Aires` → `Buenos Aires`. */
export function zoneCity(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}
