import type { Language } from '../core/language.js';
import { resolveCountry } from './countries.js';
import { dateLikePrefix, parseDate, parseTime, parseTimeRange } from './date-grammar.js';
import { lookupCity, resolvePlace } from './places.js';
import { cleanText, foldText, own } from './text.js';
import { canonicalZone } from './time-zones.js';
import type { FormFieldName } from './visit-text.js';

/**
 * Reads the text after `visit add` into the visit form's field values (validation happens after,
 * the same as for a submitted form). Two shapes, which may be mixed:
 *
 *   DATE [TIME[-END]] [TZ] PLACE — TITLE         (separator: —, –, -- or - between spaces)
 *   key:value pairs, values with spaces in quotes: title:"…" date:2026-12-03 time:10:00
 *     tz:Europe/Vilnius with:"Alytus region" city:Alytus country:LT kind:outgoing end:… org:…
 *
 * Words that look like a time (`25:00`, `9.75`) or a time zone (`Europe/Nowhere`) but are not valid
 * are passed on as that field, so the validation names the field that is wrong instead of taking
 * them for part of the place.
 *
 * Without `kind:`, the kind follows from the place (the short form has no kind): a place in Sweden is
 * an incoming visit, anywhere else or an unknown place an outgoing trip, `Online` and the like a
 * digital meeting. The assumption is returned so the confirmation can say it and how to change it.
 *
 * Pure and total: any text gives either field values or a usage problem, never an exception.
 */

export type VisitValues = Partial<Record<FormFieldName, string>>;

/** A kind the user did not give, and why it was chosen. */
export interface AssumedKind {
  kind: 'incoming' | 'outgoing';
  because: 'in-sweden' | 'abroad' | 'unknown-place' | 'no-place';
  /** The place as it was understood (city or country), when there was one. */
  place?: string;
}

export type ParsedVisitText =
  { type: 'values'; values: VisitValues; assumedKind?: AssumedKind } | { type: 'usage'; problem: string };

export const MAX_ADD_TEXT = 3000;

// prettier-ignore
const KEY_ALIASES: Record<string, FormFieldName | 'end' | 'place'> = {
  title: 'title', titel: 'title', rubrik: 'title',
  date: 'date', datum: 'date', day: 'date', dag: 'date',
  time: 'time', tid: 'time', start: 'time',
  tz: 'timezone', timezone: 'timezone', zone: 'timezone', tidszon: 'timezone',
  with: 'counterpart', counterpart: 'counterpart', med: 'counterpart', motpart: 'counterpart',
  city: 'city', stad: 'city', ort: 'city',
  country: 'country', land: 'country',
  kind: 'kind', type: 'kind', typ: 'kind',
  end: 'end', slut: 'end', until: 'end', till: 'end',
  enddate: 'end_date', end_date: 'end_date', slutdatum: 'end_date',
  endtime: 'end_time', end_time: 'end_time', sluttid: 'end_time',
  participants: 'participants', deltagare: 'participants',
  purpose: 'purpose', syfte: 'purpose',
  org: 'org', organisation: 'org', organization: 'org',
  place: 'place', plats: 'place', where: 'place', var: 'place',
};

const QUOTED = [
  '"([^"]*)(?:"|$)',
  '[“”]([^“”]*)(?:[“”]|$)',
  "'([^']*)(?:'|$)",
  '[‘’]([^‘’]*)(?:[‘’]|$)',
  '«([^»]*)(?:»|$)',
  '„([^“”]*)(?:[“”]|$)',
];
/** `key:value` or `key:"value with spaces"` (straight, curly or guillemet quotes; an unclosed quote runs to the end). */
const PAIR = new RegExp(`(^|\\s)([\\p{L}_]{1,20}):(?:\\s*(?:${QUOTED.join('|')})|(\\S+))`, 'gu');

// prettier-ignore
const DIGITAL_PLACES = new Set([
  'online', 'digital', 'digitalt', 'teams', 'microsoft teams', 'zoom', 'video', 'videomote', 'webinar', 'distans',
  'google meet', 'meet', 'skype', 'webex',
]);

const SEPARATOR = /\s+(?:—|–|--|-)\s+|\s*—\s*/;

const messages = {
  en: {
    tooLong: `that is too long; keep it under ${MAX_ADD_TEXT} characters`,
    noDate: (head: string) => `I couldn't read a date at the start of '${head}'`,
    noTime: (word: string) => `'${word}' should be followed by a time like 10:00`,
    noSeparator: 'put " — " (or " - ") between the place and the title',
    quoteHint: (rest: string) =>
      `I didn't understand '${rest}'; put values with spaces in quotes, e.g. date:"3 dec"`,
  },
  sv: {
    tooLong: `texten är för lång; högst ${MAX_ADD_TEXT} tecken`,
    noDate: (head: string) => `jag kunde inte läsa ett datum i början av '${head}'`,
    noTime: (word: string) => `efter '${word}' ska det stå en tid, t.ex. 10:00`,
    noSeparator: 'skriv " — " (eller " - ") mellan platsen och titeln',
    quoteHint: (rest: string) =>
      `jag förstod inte '${rest}'; sätt värden med mellanslag inom citattecken, t.ex. datum:"3 dec"`,
  },
};

export function parseVisitAddText(text: string, today: string, language: Language): ParsedVisitText {
  const m = messages[language];
  if (text.length > MAX_ADD_TEXT) return { type: 'usage', problem: m.tooLong };
  const clean = cleanText(text);

  const { pairs, free } = extractPairs(clean);
  const values: VisitValues = {};
  let place: string | undefined;

  if (free) {
    const short = parseShortForm(free, today);
    if ('problem' in short) {
      if (pairs.size > 0 && short.problem === 'noDate')
        return { type: 'usage', problem: m.quoteHint(shorten(free)) };
      if (short.problem === 'noDate') return { type: 'usage', problem: m.noDate(shorten(short.head)) };
      if (short.problem === 'noTime') return { type: 'usage', problem: m.noTime(short.head) };
      return { type: 'usage', problem: m.noSeparator };
    }
    if (short.title === undefined && short.place && !pairs.has('title'))
      return { type: 'usage', problem: m.noSeparator };
    values.date = short.date;
    if (short.time) values.time = short.time;
    if (short.endTime) values.end_time = short.endTime;
    if (short.timezone) values.timezone = short.timezone;
    if (short.title !== undefined) values.title = short.title;
    place = short.place;
  }

  for (const [key, value] of pairs) {
    if (key === 'place') place = value;
    else if (key === 'end') Object.assign(values, parseEnd(value, today));
    else values[key] = value;
  }

  if (place) {
    if (DIGITAL_PLACES.has(foldText(place))) {
      values.kind ??= 'digital';
    } else {
      const resolved = resolvePlace(place);
      if (resolved.city && values.city === undefined) values.city = resolved.city;
      if (resolved.country && values.country === undefined) values.country = resolved.country;
    }
  }
  if (values.kind === undefined) {
    const assumedKind = assumeKind(values, place);
    values.kind = assumedKind.kind;
    return { type: 'values', values, assumedKind };
  }
  return { type: 'values', values };
}

/** Visits in Sweden are incoming; visits abroad, and places it cannot tell, are outgoing trips. */
function assumeKind(values: VisitValues, place: string | undefined): AssumedKind {
  const country = values.country
    ? resolveCountry(values.country)
    : values.city
      ? lookupCity(values.city)?.country
      : undefined;
  const named = values.city ?? values.country ?? place;
  if (!named) return { kind: 'outgoing', because: 'no-place' };
  if (!country) return { kind: 'outgoing', because: 'unknown-place', place: named };
  return country === 'SE'
    ? { kind: 'incoming', because: 'in-sweden', place: named }
    : { kind: 'outgoing', because: 'abroad', place: named };
}

/** Digits with `:` or `.` (or am/pm): meant as a time, even when not a valid one (`25:00`, `10:75`). */
const TIME_LIKE = /^\d{1,2}(?:[:.]\d{1,2}(?::\d{1,2})?)?(?:am|pm|a\.m\.|p\.m\.)?$/i;
const TIME_RANGE_LIKE = /^([^-–—]+)[-–—]([^-–—]+)$/;

function looksLikeTime(word: string): boolean {
  if (/^\d{1,2}$/.test(word)) return false; // a bare number is a time only when valid (`10`), else a place
  return TIME_LIKE.test(word);
}

/** `Area/Location` with an IANA area: meant as a time zone, even when there is no such zone. */
const ZONE_LIKE =
  /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[^\s/]+(?:\/[^\s/]+)?$/i;

function extractPairs(text: string): { pairs: Map<FormFieldName | 'end' | 'place', string>; free: string } {
  const pairs = new Map<FormFieldName | 'end' | 'place', string>();
  let free = '';
  let last = 0;
  for (const match of text.matchAll(PAIR)) {
    const key = own(KEY_ALIASES, foldText(match[2]!));
    if (!key) continue;
    const value = match.slice(3).find((group) => group !== undefined) ?? '';
    const start = match.index! + match[1]!.length;
    free += `${text.slice(last, start)} `;
    last = match.index! + match[0].length;
    pairs.set(key, value.trim());
  }
  free += text.slice(last);
  return { pairs, free: free.replace(/\s+/g, ' ').trim() };
}

type ShortForm =
  | { date: string; time?: string; endTime?: string; timezone?: string; place?: string; title?: string }
  | { problem: 'noDate' | 'noTime' | 'noSeparator'; head: string };

function parseShortForm(text: string, today: string): ShortForm {
  const separator = SEPARATOR.exec(text);
  const head = (separator ? text.slice(0, separator.index) : text).trim();
  const title = separator ? text.slice(separator.index + separator[0].length).trim() : undefined;
  const tokens = head.split(/\s+/).filter(Boolean);

  let date: string | undefined;
  let i = 0;
  for (let k = Math.min(4, tokens.length); k >= 1; k--) {
    date = parseDate(tokens.slice(0, k).join(' '), today);
    if (date) {
      i = k;
      break;
    }
  }
  if (!date) {
    // A wrong date (`31/02 Vilnius — …`) is passed on so the validation can say what is wrong with it.
    i = dateLikePrefix(tokens);
    if (i === 0) return { problem: 'noDate', head: head || text };
    date = tokens.slice(0, i).join(' ');
  }

  const result: ShortForm = { date };
  const prefix = tokens[i]?.toLowerCase();
  const hasPrefix = prefix !== undefined && ['kl', 'kl.', 'klockan', 'at', '@'].includes(prefix);
  const timeIndex = hasPrefix ? i + 1 : i;
  let timeText = tokens[timeIndex];
  let used = 1;
  if (timeText && /^(?:am|pm|a\.m\.|p\.m\.)$/i.test(tokens[timeIndex + 1] ?? '')) {
    timeText = `${timeText}${tokens[timeIndex + 1]}`;
    used = 2;
  }
  const range = timeText ? parseTimeRange(timeText) : undefined;
  const rangeParts = timeText ? TIME_RANGE_LIKE.exec(timeText) : null;
  if (range) {
    result.time = range.start;
    if (range.end) result.endTime = range.end;
    i = timeIndex + used;
  } else if (rangeParts && looksLikeTime(rangeParts[1]!) && looksLikeTime(rangeParts[2]!)) {
    // `10:00-25:00`: each half goes to its field, so the error names the wrong one.
    result.time = rangeParts[1]!;
    result.endTime = rangeParts[2]!;
    i = timeIndex + used;
  } else if (timeText && looksLikeTime(timeText)) {
    result.time = timeText;
    i = timeIndex + used;
  } else if (hasPrefix) {
    return { problem: 'noTime', head: tokens[i]! };
  }

  const word = tokens[i];
  const zone = word
    ? word.includes('/')
      ? (canonicalZone(word) ?? (ZONE_LIKE.test(word) ? word : undefined))
      : word.toUpperCase() === 'UTC'
        ? 'UTC'
        : undefined
    : undefined;
  if (zone) {
    // An invalid `Area/Location` is kept as the zone for the validation to name.
    result.timezone = zone;
    i += 1;
  }
  const place = tokens.slice(i).join(' ');
  if (place) result.place = place;
  if (title !== undefined) result.title = title;
  return result;
}

/** `end:2026-12-04`, `end:16:00`, `end:"4 dec 16:00"` → end date and/or end time. */
function parseEnd(value: string, today: string): VisitValues {
  if (parseTime(value)) return { end_time: value };
  const tokens = value.split(/\s+/).filter(Boolean);
  for (let k = tokens.length; k >= 1; k--) {
    if (parseDate(tokens.slice(0, k).join(' '), today)) {
      const rest = tokens.slice(k).join(' ');
      return { end_date: tokens.slice(0, k).join(' '), ...(rest ? { end_time: rest } : {}) };
    }
  }
  return { end_date: value };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
