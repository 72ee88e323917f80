import { stringify } from 'csv-stringify/sync';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import type { Language } from '../core/language.js';
import { countryName } from './countries.js';
import type { Organisation } from './organisations.js';
import { effectiveStatus, type Visit } from './visit-model.js';
import { formatVisitPlace } from './visit-format.js';
import { texts } from './visit-text.js';

/**
 * The yearly report's files.
 *
 * CSV: UTF-8 with a byte-order mark (so Excel reads å/ä/ö), `;` between fields (what Excel expects
 * in Swedish and most European locales, where `,` is the decimal separator), CRLF line ends, fields
 * quoted when they contain `;`, `"` or a line break. Cells a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) get a leading apostrophe.
 *
 * ICS (written with the `ics` package): one VEVENT per visit, UID `visit-<id>@ansvar` (stable, so re-imports update events). Timed
 * visits are written as UTC instants converted from the venue's zone (right across DST); visits
 * without a time are all-day events (DATE values, end exclusive); a timed visit without an end
 * lasts an hour. Cancelled visits carry STATUS:CANCELLED.
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

export function visitsToCsv(visits: Iterable<Visit>, options: ExportOptions): string {
  const t = texts(options.language);
  const orgNames = new Map(options.organisations.map((o) => [o.id, o.name]));
  const rows: string[][] = [];
  for (const v of visits) {
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
    rows.push(cells.map(defuseCell));
  }
  return stringify(rows, {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    header: true,
    columns: [...CSV_COLUMNS[options.language]],
  });
}

export function visitToIcsEvent(v: Visit, options: ExportOptions): EventAttributes {
  const t = texts(options.language);
  const orgName = v.orgId
    ? (options.organisations.find((o) => o.id === v.orgId)?.name ?? v.orgId)
    : undefined;
  const description = [
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
  const location = formatVisitPlace(v, options.language);
  const event = {
    uid: `visit-${v.id}@ansvar`,
    title: v.title,
    description,
    status: v.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    timestamp: Date.parse(v.updatedAt),
    created: Date.parse(v.createdAt),
    lastModified: Date.parse(v.updatedAt),
    ...(location ? { location } : {}),
  };
  if (!v.startTime) {
    return { ...event, start: dateArray(v.startDate), end: dateArray(nextDay(v.endDate ?? v.startDate)) };
  }
  const start = {
    start: Date.parse(v.startsAt),
    startInputType: 'utc' as const,
    startOutputType: 'utc' as const,
  };
  if (v.endsAt) {
    return { ...event, ...start, end: Date.parse(v.endsAt), endInputType: 'utc', endOutputType: 'utc' };
  }
  return { ...event, ...start, duration: { hours: 1 } };
}

function dateArray(date: string): DateArray {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

function nextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toFormat('yyyy-MM-dd');
}

const CALENDAR_HEADER =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nPRODID:-//Ansvar//Visit register//EN\r\nMETHOD:PUBLISH\r\n';

export function visitsToIcs(
  visits: Iterable<Visit>,
  options: ExportOptions & { calendarName?: string },
): string {
  const events = [...visits].map((v) => visitToIcsEvent(v, options));
  if (events.length === 0) {
    // `ics` refuses an empty list; an empty calendar is still a valid file to import.
    const name = options.calendarName
      ? `X-WR-CALNAME:${options.calendarName.replace(/[\\;,]/g, (c) => `\\${c}`)}\r\n`
      : '';
    return `${CALENDAR_HEADER}${name}END:VCALENDAR\r\n`;
  }
  const { error, value } = createEvents(events, {
    productId: '-//Ansvar//Visit register//EN',
    ...(options.calendarName ? { calName: options.calendarName } : {}),
  });
  if (error || !value) throw error ?? new Error('calendar export failed');
  return value;
}
