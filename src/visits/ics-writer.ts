/**
 * A small iCalendar (RFC 5545) writer for the visit export: VCALENDAR with VEVENTs, TEXT escaping,
 * lines folded at 75 octets on character boundaries, CRLF line ends.
 *
 * Why not the `ics` package's createEvents: it validates every event with yup, which made a year's
 * export (5,000 events) take 2–5 s on this machine against a 2 s target, while our events are
 * already validated by the visit schema. The package stays the reference: the tests compare this
 * writer's events property by property with what `ics` writes for the same input.
 */

export type IcsDate =
  /** An instant, written in UTC (`20261203T080000Z`). */
  | { instant: number }
  /** A calendar date (`VALUE=DATE:20261203`). */
  | { date: string };

export interface IcsEvent {
  uid: string;
  summary: string;
  start: IcsDate;
  end?: IcsDate;
  /** Used when there is no `end`; minutes. */
  durationMinutes?: number;
  description?: string;
  location?: string;
  status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  /** Instants in ms. */
  stamp: number;
  created?: number;
  lastModified?: number;
}

export interface IcsCalendar {
  productId: string;
  name?: string;
  events: Iterable<IcsEvent>;
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Folds a content line to at most 75 octets per physical line, never splitting a character. */
export function foldLine(line: string): string {
  if (line.length <= 25 || Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = 75;
  for (let i = 0; i < line.length;) {
    const codePoint = line.codePointAt(i)!;
    const units = codePoint > 0xffff ? 2 : 1;
    const size = utf8Length(codePoint);
    if (octets + size > limit) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = 74; // continuation lines start with a space
    }
    octets += size;
    i += units;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function dateProperty(name: string, value: IcsDate): string {
  return 'instant' in value
    ? `${name}:${utc(value.instant)}`
    : `${name};VALUE=DATE:${value.date.replace(/-/g, '')}`;
}

function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours ? `${hours}H` : ''}${rest || !hours ? `${rest}M` : ''}`;
}

export function formatEvent(event: IcsEvent): string {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DTSTAMP:${utc(event.stamp)}`,
    dateProperty('DTSTART', event.start),
    ...(event.end ? [dateProperty('DTEND', event.end)] : []),
    ...(!event.end && event.durationMinutes ? [`DURATION:${duration(event.durationMinutes)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.status ? [`STATUS:${event.status}`] : []),
    ...(event.created !== undefined ? [`CREATED:${utc(event.created)}`] : []),
    ...(event.lastModified !== undefined ? [`LAST-MODIFIED:${utc(event.lastModified)}`] : []),
    'END:VEVENT',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

export function formatCalendar(calendar: IcsCalendar): string {
  const head = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `PRODID:${escapeText(calendar.productId)}`,
    'METHOD:PUBLISH',
    ...(calendar.name ? [`X-WR-CALNAME:${escapeText(calendar.name)}`] : []),
  ]
    .map(foldLine)
    .join('\r\n');
  const chunks = [`${head}\r\n`];
  for (const event of calendar.events) chunks.push(formatEvent(event));
  chunks.push('END:VCALENDAR\r\n');
  return chunks.join('');
}
