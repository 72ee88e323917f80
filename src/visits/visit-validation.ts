import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Language } from '../core/language.js';
import { resolveCountry } from './countries.js';
import { parseDate, parseTime } from './date-grammar.js';
import { resolveOrganisation, type Organisation } from './organisations.js';
import { lookupCity, mainZoneOf } from './places.js';
import { cleanText, foldText, own } from './text.js';
import { canonicalZone, localInstant } from './time-zones.js';
import { LIMITS, MAX_VISIT_DAYS, type VisitInput, type VisitKind } from './visit-model.js';
import { texts, type FormFieldName } from './visit-text.js';

/**
 * Turns the values of a visit (from the form, or from `visit add` text mapped onto the form's
 * field names) into a VisitInput, or says per field what is wrong and how to write it.
 */

export interface ValidationContext {
  /** YYYY-MM-DD in the user's zone, for relative dates. */
  today: string;
  /** The user's zone (turn.timezone, else ANSVAR_TIMEZONE): the venue's zone when nothing else tells. */
  defaultZone: string;
  organisations: readonly Organisation[];
  language: Language;
}

export type ValidationResult =
  { ok: true; input: VisitInput } | { ok: false; errors: Partial<Record<FormFieldName, string>> };

// prettier-ignore
const KIND_WORDS: Record<string, VisitKind> = {
  incoming: 'incoming', in: 'incoming', inbound: 'incoming', inkommande: 'incoming', inkommet: 'incoming',
  inkommen: 'incoming', mottagande: 'incoming', 'incoming visit': 'incoming', 'inkommande besok': 'incoming',
  'inkommet besok': 'incoming',
  outgoing: 'outgoing', out: 'outgoing', outbound: 'outgoing', trip: 'outgoing', utgaende: 'outgoing',
  ut: 'outgoing', resa: 'outgoing', studieresa: 'outgoing', 'outgoing trip': 'outgoing', 'utgaende resa': 'outgoing',
  'study trip': 'outgoing',
  digital: 'digital', online: 'digital', virtual: 'digital', digitalt: 'digital', video: 'digital', distans: 'digital',
  'digital meeting': 'digital', 'digitalt mote': 'digital',
};

export function parseKind(text: string): VisitKind | undefined {
  return own(KIND_WORDS, foldText(text));
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function fieldSchemas(ctx: ValidationContext) {
  const m = texts(ctx.language).error;
  const raw = z
    .string()
    .optional()
    .transform((v) => v ?? '');

  const optionalText = (max: number, multiline = false) =>
    raw.transform((v, c) => {
      const value = cleanText(v, multiline);
      if (value.length > max) c.addIssue({ code: 'custom', message: m.tooLong(value.length, max) });
      return value || null;
    });

  const date = (required: boolean) =>
    raw.transform((v, c) => {
      const text = cleanText(v);
      if (!text) {
        if (required) c.addIssue({ code: 'custom', message: m.dateMissing });
        return null;
      }
      const parsed = parseDate(text, ctx.today);
      if (!parsed) {
        c.addIssue({ code: 'custom', message: m.date(shorten(text)) });
        return null;
      }
      const year = Number(parsed.slice(0, 4));
      if (year < MIN_YEAR || year > MAX_YEAR)
        c.addIssue({ code: 'custom', message: m.dateRange(shorten(text)) });
      return parsed;
    });

  const time = raw.transform((v, c) => {
    const text = cleanText(v);
    if (!text) return null;
    const parsed = parseTime(text);
    if (!parsed) c.addIssue({ code: 'custom', message: m.time(shorten(text)) });
    return parsed ?? null;
  });

  return z.object({
    title: raw.transform((v, c) => {
      const value = cleanText(v);
      if (!value) c.addIssue({ code: 'custom', message: m.titleMissing });
      else if (value.length > LIMITS.title)
        c.addIssue({ code: 'custom', message: m.tooLong(value.length, LIMITS.title) });
      return value;
    }),
    kind: raw.transform((v, c) => {
      const text = cleanText(v);
      const kind = parseKind(text);
      if (!kind) c.addIssue({ code: 'custom', message: text ? m.kind(shorten(text)) : m.kindMissing });
      return kind ?? 'outgoing';
    }),
    counterpart: optionalText(LIMITS.counterpart),
    city: optionalText(LIMITS.city),
    country: raw.transform((v, c) => {
      const text = cleanText(v);
      if (!text) return null;
      const code = resolveCountry(text);
      if (!code) c.addIssue({ code: 'custom', message: m.country(shorten(text)) });
      return code ?? null;
    }),
    date: date(true),
    time,
    timezone: raw.transform((v, c) => {
      const text = cleanText(v);
      if (!text) return null;
      const zone = canonicalZone(text);
      if (!zone) c.addIssue({ code: 'custom', message: m.zone(shorten(text)) });
      return zone ?? null;
    }),
    end_date: date(false),
    end_time: time,
    participants: optionalText(LIMITS.participants, true),
    purpose: optionalText(LIMITS.purpose, true),
    org: raw.transform((v, c) => {
      const text = cleanText(v);
      if (!text) return null;
      const found = resolveOrganisation(text, ctx.organisations);
      const ids = ctx.organisations.map((o) => o.id).join(', ');
      if (!found) c.addIssue({ code: 'custom', message: m.org(shorten(text), ids) });
      else if ('ambiguous' in found)
        c.addIssue({ code: 'custom', message: m.orgAmbiguous(shorten(text), found.ambiguous.join(', ')) });
      return found && 'id' in found ? found.id : null;
    }),
  });
}

/** The whole visit: fields first, then what depends on several of them (place → zone, start → end). */
export function visitValuesSchema(ctx: ValidationContext) {
  const m = texts(ctx.language).error;
  return fieldSchemas(ctx).transform((v, c): VisitInput => {
    const issue = (path: FormFieldName, message: string) =>
      c.addIssue({ code: 'custom', path: [path], message });
    const startDate = v.date!;

    const city = v.kind === 'digital' && !v.city ? null : v.city;
    const cityEntry = city ? lookupCity(city, v.country ?? undefined) : undefined;
    const country = v.country ?? cityEntry?.country ?? null;
    const timezone =
      v.timezone ?? cityEntry?.zone ?? (country ? mainZoneOf(country) : undefined) ?? ctx.defaultZone;

    const start = localInstant(startDate, v.time, timezone);
    if (!start.ok) issue('time', m.gap(v.time ?? '', startDate, timezone, start.shiftedTo));

    let endDate = v.end_date;
    let endsAt: string | null = null;
    if (v.end_time && !v.time) issue('end_time', m.endTimeWithoutStart);
    if (endDate || v.end_time) {
      endDate ??= startDate;
      if (endDate < startDate) issue('end_date', m.endBeforeStart(startDate));
      const days = DateTime.fromISO(endDate).diff(DateTime.fromISO(startDate), 'days').days;
      if (days > MAX_VISIT_DAYS) issue('end_date', m.tooLongVisit(MAX_VISIT_DAYS));
      if (v.end_time) {
        const end = localInstant(endDate, v.end_time, timezone);
        if (!end.ok) issue('end_time', m.gap(v.end_time, endDate, timezone, end.shiftedTo));
        else {
          endsAt = end.instant.toUTC().toISO();
          if (start.ok && v.time && end.instant <= start.instant && endDate >= startDate) {
            issue('end_time', m.endTimeBeforeStart);
          }
        }
      } else {
        // A last day without a time: the visit lasts until that day ends at the venue.
        const dayAfter = DateTime.fromISO(endDate).plus({ days: 1 }).toFormat('yyyy-MM-dd');
        const end = localInstant(dayAfter, null, timezone);
        if (end.ok) endsAt = end.instant.toUTC().toISO();
      }
    }
    if (!start.ok) return z.NEVER;

    return {
      title: v.title,
      kind: v.kind,
      counterpart: v.counterpart,
      city,
      country,
      startDate,
      startTime: v.time,
      endDate,
      endTime: v.end_time,
      timezone,
      startsAt: start.instant.toUTC().toISO()!,
      endsAt,
      participants: v.participants,
      purpose: v.purpose,
      orgId: v.org,
    };
  });
}

export function validateVisitValues(
  values: Record<string, string | undefined>,
  ctx: ValidationContext,
): ValidationResult {
  const result = visitValuesSchema(ctx).safeParse(values);
  if (result.success) return { ok: true, input: result.data };
  const errors: Partial<Record<FormFieldName, string>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as FormFieldName | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

/** Keeps echoed input short in error messages. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
