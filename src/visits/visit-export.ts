import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify as stringifyStream, type Options as CsvOptions } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Language } from '../core/language.js';
import { countryName } from './countries.js';
import type { Organisation } from './organisations.js';
import { effectiveStatus, type Visit } from './visit-model.js';
import { formatVisitPlace } from './visit-format.js';
import { texts } from './visit-text.js';

/**
 * The yearly report's files, as one string (small exports) or streamed visit by visit (the CLI), with
 * the same bytes either way.
 *
 * CSV (csv-stringify): UTF-8 with a byte-order mark (so Excel reads å/ä/ö), `;` between fields (what
 * Excel expects in Swedish and most European locales, where `,` is the decimal separator), CRLF line
 * ends, fields quoted when they contain `;`, `"` or a line break. Cells a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) get a leading apostrophe.
 *
 * ICS (ical.js, Mozilla's iCalendar library, chosen over `ics` in bench/visits.bench.ts: on the
 * same events `ics` took about 8× as long, and folds lines by characters where RFC 5545 says
 * octets): one VEVENT per visit, UID `visit-<id>@ansvar` (stable, so re-imports update events).
 * Timed visits are written as UTC instants converted from the venue's zone (right across DST);
 * visits without a time are all-day events (DATE values, end exclusive); a timed visit without an
 * end lasts an hour. Cancelled visits carry STATUS:CANCELLED. Text is escaped and lines are folded
 * at 75 octets by ical.js.
 */

export interface ExportOptions {
  language: Language;
  /** YYYY-MM-DD: planned visits whose last day is before it are exported as held. */
  today: string;
  organisations: readonly Organisation[];
}

// prettier-ignore
const CSV_COLUMNS = {
  en: [
    'id', 'title', 'kind', 'status', 'start_date', 'start_time', 'end_date', 'end_time', 'timezone', 'starts_at_utc',
    'ends_at_utc', 'city', 'country_code', 'country', 'counterpart', 'organisation', 'participants', 'purpose',
    'reported_on', 'created_by', 'created_at', 'updated_at', 'channel',
  ],
  sv: [
    'id', 'titel', 'typ', 'status', 'startdatum', 'starttid', 'slutdatum', 'sluttid', 'tidszon', 'start_utc', 'slut_utc',
    'stad', 'landkod', 'land', 'motpart', 'organisation', 'deltagare', 'syfte', 'återrapporterad', 'registrerad_av',
    'registrerad', 'ändrad', 'kanal',
  ],
} as const;

/** Keeps a spreadsheet from evaluating user text as a formula. */
export function defuseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvOptions(language: Language): CsvOptions {
  return {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    header: true,
    columns: [...CSV_COLUMNS[language]],
  };
}

function csvRow(v: Visit, options: ExportOptions, orgNames: ReadonlyMap<string, string>): string[] {
  const t = texts(options.language);
  const cells = [
    String(v.id),
    v.title,
    t.kind[v.kind],
    t.status[effectiveStatus(v, options.today)],
    v.startDate,
    v.startTime ?? '',
    v.endDate ?? '',
    v.endTime ?? '',
    v.timezone,
    v.startsAt,
    v.endsAt ?? '',
    v.city ?? '',
    v.country ?? '',
    v.country ? countryName(v.country, options.language) : '',
    v.counterpart ?? '',
    v.orgId ? (orgNames.get(v.orgId) ?? v.orgId) : '',
    v.participants ?? '',
    v.purpose ?? '',
    v.reportedOn ?? '',
    v.createdBy,
    v.createdAt,
    v.updatedAt,
    v.channel ?? '',
  ];
  return cells.map(defuseCell);
}

const orgNamesOf = (options: ExportOptions) => new Map(options.organisations.map((o) => [o.id, o.name]));

export function visitsToCsv(visits: Iterable<Visit>, options: ExportOptions): string {
  const orgNames = orgNamesOf(options);
  const rows: string[][] = [];
  for (const v of visits) rows.push(csvRow(v, options, orgNames));
  return stringify(rows, csvOptions(options.language));
}

/**
 * The same CSV as `visitsToCsv`, through csv-stringify's stream API: one visit at a time from
 * `visits`, each piece handed to `write` (awaited, so a slow reader slows the export down instead
 * of filling memory).
 */
export async function streamVisitsCsv(
  visits: AsyncIterable<Visit>,
  options: ExportOptions,
  write: (chunk: string) => void | Promise<void>,
): Promise<void> {
  const orgNames = orgNamesOf(options);
  async function* rows() {
    for await (const v of visits) yield csvRow(v, options, orgNames);
  }
  const csv = stringifyStream(csvOptions(options.language));
  csv.setEncoding('utf8');
  await pipeline(Readable.from(rows()), csv, async (chunks: AsyncIterable<string>) => {
    for await (const chunk of chunks) await write(chunk);
  });
}

// ical.js folds after `foldLength` octets and starts the next line with a space, which makes
// continuation lines one octet longer: 74 keeps every line within RFC 5545's 75 octets.
ICAL.foldLength = 74;

const utc = (instant: string): ICAL.Time => ICAL.Time.fromJSDate(new Date(instant), true);

/** The calendar event's description: kind, counterpart, participants, purpose, organisation, report-back. */
export function visitDescription(v: Visit, options: ExportOptions): string {
  const t = texts(options.language);
  const orgName = v.orgId
    ? (options.organisations.find((o) => o.id === v.orgId)?.name ?? v.orgId)
    : undefined;
  return [
    t.kind[v.kind],
    v.counterpart ? `${t.formLabel.counterpart}: ${v.counterpart}` : undefined,
    v.participants ? `${t.formLabel.participants}: ${v.participants}` : undefined,
    v.purpose ? `${t.formLabel.purpose}: ${v.purpose}` : undefined,
    orgName ? `${t.formLabel.org}: ${orgName}` : undefined,
    v.reportedOn
      ? `${options.language === 'sv' ? 'Återrapporterad' : 'Reported back'}: ${v.reportedOn}`
      : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

/** One visit as a VEVENT component. */
export function visitToIcsEvent(v: Visit, options: ExportOptions): ICAL.Component {
  const description = visitDescription(v, options);
  const location = formatVisitPlace(v, options.language);

  const event = new ICAL.Component('vevent');
  event.addPropertyWithValue('uid', `visit-${v.id}@ansvar`);
  event.addPropertyWithValue('summary', v.title);
  event.addPropertyWithValue('dtstamp', utc(v.updatedAt));
  if (!v.startTime) {
    event.addPropertyWithValue('dtstart', ICAL.Time.fromDateString(v.startDate));
    event.addPropertyWithValue('dtend', ICAL.Time.fromDateString(nextDay(v.endDate ?? v.startDate)));
  } else {
    event.addPropertyWithValue('dtstart', utc(v.startsAt));
    if (v.endsAt) event.addPropertyWithValue('dtend', utc(v.endsAt));
    else event.addPropertyWithValue('duration', ICAL.Duration.fromData({ hours: 1 }));
  }
  if (description) event.addPropertyWithValue('description', description);
  if (location) event.addPropertyWithValue('location', location);
  event.addPropertyWithValue('status', v.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
  event.addPropertyWithValue('created', utc(v.createdAt));
  event.addPropertyWithValue('last-modified', utc(v.updatedAt));
  return event;
}

/** The exclusive end date of an all-day event ending on `date`. */
export function nextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toFormat('yyyy-MM-dd');
}

const CRLF = '\r\n';
const END_CALENDAR = 'END:VCALENDAR';

/** The calendar's opening lines (up to its first event) and its closing line. */
function calendarFrame(calendarName: string | undefined): { head: string; tail: string } {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('prodid', '-//Ansvar//Visit register//EN');
  calendar.addPropertyWithValue('method', 'PUBLISH');
  if (calendarName) {
    const name = new ICAL.Property('x-wr-calname');
    name.resetType('text'); // escaped like any text value
    name.setValue(calendarName);
    calendar.addProperty(name);
  }
  const whole = calendar.toString();
  return { head: `${whole.slice(0, whole.lastIndexOf(END_CALENDAR))}`, tail: `${END_CALENDAR}${CRLF}` };
}

function eventText(v: Visit, options: ExportOptions): string {
  return `${visitToIcsEvent(v, options).toString()}${CRLF}`;
}

export function visitsToIcs(
  visits: Iterable<Visit>,
  options: ExportOptions & { calendarName?: string },
): string {
  const { head, tail } = calendarFrame(options.calendarName);
  const parts = [head];
  for (const v of visits) parts.push(eventText(v, options));
  parts.push(tail);
  return parts.join('');
}

/** The same calendar as `visitsToIcs`, one event at a time to `write` (awaited, like `streamVisitsCsv`). */
export async function streamVisitsIcs(
  visits: AsyncIterable<Visit>,
  options: ExportOptions & { calendarName?: string },
  write: (chunk: string) => void | Promise<void>,
): Promise<void> {
  const { head, tail } = calendarFrame(options.calendarName);
  await write(head);
  for await (const v of visits) await write(eventText(v, options));
  await write(tail);
}
