import { IANAZone } from 'luxon';

/** Parses the arguments of `digest subscribe [WEEKDAY] [HH:MM] [TZ] [org:ID]` (any order, all optional). */

const WEEKDAY_WORDS: Record<string, number> = {};
const names: [number, string[]][] = [
  [1, ['mon', 'monday', 'mån', 'måndag', 'man', 'mandag']],
  [2, ['tue', 'tues', 'tuesday', 'tis', 'tisdag']],
  [3, ['wed', 'wednesday', 'ons', 'onsdag']],
  [4, ['thu', 'thur', 'thurs', 'thursday', 'tor', 'tors', 'torsdag']],
  [5, ['fri', 'friday', 'fre', 'fredag']],
  [6, ['sat', 'saturday', 'lör', 'lördag', 'lor', 'lordag']],
  [7, ['sun', 'sunday', 'sön', 'söndag', 'son', 'sondag']],
];
for (const [day, words] of names) for (const word of words) WEEKDAY_WORDS[word] = day;

/** ISO weekday (1 = Monday) for an English or Swedish day name, short or long, singular or plural. */
export function parseWeekday(word: string): number | undefined {
  const w = word.toLowerCase().replace(/[.,]$/, '');
  return WEEKDAY_WORDS[w] ?? WEEKDAY_WORDS[w.replace(/s$/, '')] ?? WEEKDAY_WORDS[w.replace(/ar$/, '')];
}

/** `8:00`, `08:00` or `08.00` → `08:00`. */
export function parseClockTime(word: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(word);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

let zoneNames: Map<string, string> | undefined;

/** An IANA zone name in its usual spelling (`europe/stockholm` → `Europe/Stockholm`), or undefined. */
export function parseTimezone(word: string): string | undefined {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(word) || !IANAZone.isValidZone(word)) return undefined;
  zoneNames ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  const listed = zoneNames.get(word.toLowerCase());
  if (listed) return listed;
  // Not in ICU's canonical list (an alias such as America/Argentina/Buenos_Aires): keep it as typed
  // when typed in mixed case, else ICU's canonical name for it.
  if (word !== word.toLowerCase() && word !== word.toUpperCase()) return word;
  return new Intl.DateTimeFormat('en-US', { timeZone: word }).resolvedOptions().timeZone;
}

export interface SubscribeArgs {
  weekday?: number;
  time?: string;
  timezone?: string;
  orgId?: string;
}

export type SubscribeProblem =
  | { kind: 'too-many' }
  | { kind: 'repeated'; what: 'weekday' | 'time' | 'timezone' | 'org' }
  | { kind: 'bad-org'; word: string }
  | { kind: 'unknown'; word: string };

export type ParseResult = { ok: true; args: SubscribeArgs } | { ok: false; problem: SubscribeProblem };

const ORG_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function parseSubscribeArgs(text: string): ParseResult {
  const args: SubscribeArgs = {};
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 8) return { ok: false, problem: { kind: 'too-many' } };
  for (const word of words) {
    const lower = word.toLowerCase();
    if (lower.startsWith('org:')) {
      const id = lower.slice(4);
      if (!ORG_ID.test(id)) return { ok: false, problem: { kind: 'bad-org', word: word.slice(0, 40) } };
      if (args.orgId) return { ok: false, problem: { kind: 'repeated', what: 'org' } };
      args.orgId = id;
      continue;
    }
    const weekday = parseWeekday(word);
    if (weekday !== undefined) {
      if (args.weekday !== undefined) return { ok: false, problem: { kind: 'repeated', what: 'weekday' } };
      args.weekday = weekday;
      continue;
    }
    const time = parseClockTime(word);
    if (time) {
      if (args.time) return { ok: false, problem: { kind: 'repeated', what: 'time' } };
      args.time = time;
      continue;
    }
    const timezone = parseTimezone(word);
    if (timezone) {
      if (args.timezone) return { ok: false, problem: { kind: 'repeated', what: 'timezone' } };
      args.timezone = timezone;
      continue;
    }
    return { ok: false, problem: { kind: 'unknown', word: word.slice(0, 40) } };
  }
  return { ok: true, args };
}
