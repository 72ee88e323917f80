/**
 * The visit register at 100,000 visits, on SQLite and on PostgreSQL (a database of its own, created
 * and dropped here; skipped with a note when the server is unreachable):
 *   - listing upcoming visits (first page and a later page by keyset cursor), in the repository and
 *     through the whole `visit list` command (router, query, formatting): target p99 < 20 ms;
 *   - exporting one year as CSV and as ICS the way `ansvar visits export` does (streamed from the
 *     database page by page): target < 2 s; and the heap while streaming the whole register;
 *   - the ICS library: `ics` (used before) against ical.js (used now) on the same year's events,
 *     interleaved in one run, with the same correctness checks on both outputs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import pg from 'pg';
import ICAL from 'ical.js';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { manualClock } from '../src/core/clock.js';
import { createCore } from '../src/core/create-core.js';
import { makeTurn } from '../src/core/turn.js';
import { openStore, type Store } from '../src/store/database.js';
import { BUNDLED_ORGANISATIONS } from '../src/visits/organisations.js';
import { localInstant } from '../src/visits/time-zones.js';
import {
  nextDay,
  streamVisitsCsv,
  streamVisitsIcs,
  visitDescription,
  visitsToCsv,
  visitsToIcs,
} from '../src/visits/visit-export.js';
import type { Visit } from '../src/visits/visit-model.js';
import { formatVisitPlace } from '../src/visits/visit-format.js';
import {
  allVisits,
  heldUnreportedVisits,
  listVisits,
  visitCountsForYear,
  visitsForYear,
} from '../src/visits/visit-repository.js';
import { summarize, timeMs } from './stats.js';

const VISITS = 100_000;
const BATCH = 1_000;
const BATCHES_PER_TRANSACTION = 10;
const LIST_SAMPLES = 500;
const EXPORT_RUNS = 3;
/** The register spans 2016–2035; "today" sits in the middle, so half the rows are in the past. */
const FIRST_YEAR = 2016;
const YEARS = 20;
const TODAY = '2026-06-15';
const EXPORT_YEAR = 2026;

const PLACES = [
  { city: 'Vilnius', country: 'LT', zone: 'Europe/Vilnius' },
  { city: 'Alytus', country: 'LT', zone: 'Europe/Vilnius' },
  { city: 'Riga', country: 'LV', zone: 'Europe/Riga' },
  { city: 'Brussels', country: 'BE', zone: 'Europe/Brussels' },
  { city: 'Kiel', country: 'DE', zone: 'Europe/Berlin' },
  { city: 'Växjö', country: 'SE', zone: 'Europe/Stockholm' },
  { city: 'Jönköping', country: 'SE', zone: 'Europe/Stockholm' },
  { city: 'New York', country: 'US', zone: 'America/New_York' },
  { city: null, country: null, zone: 'Europe/Stockholm' },
] as const;
const KINDS = ['incoming', 'outgoing', 'digital'] as const;

/** A small deterministic generator, so both databases get the same rows. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function row(i: number, next: () => number) {
  const place = PLACES[Math.floor(next() * PLACES.length)]!;
  const start = DateTime.fromObject({ year: FIRST_YEAR, month: 1, day: 1 }, { zone: 'UTC' }).plus({
    days: Math.floor(next() * YEARS * 365),
  });
  const startDate = start.toFormat('yyyy-MM-dd');
  const timed = next() < 0.7;
  const startTime = timed
    ? `${String(8 + Math.floor(next() * 10)).padStart(2, '0')}:${next() < 0.5 ? '00' : '30'}`
    : null;
  const instant = localInstant(startDate, startTime === '02:30' ? '03:30' : startTime, place.zone);
  const startsAt = instant.ok ? instant.instant.toUTC().toISO()! : start.toISO()!;
  const days = next() < 0.2 ? 1 + Math.floor(next() * 4) : 0;
  const endDate = days ? start.plus({ days }).toFormat('yyyy-MM-dd') : null;
  const past = startDate < TODAY;
  const status = next() < 0.05 ? 'cancelled' : past ? 'held' : 'planned';
  const kind = place.city === null ? 'digital' : KINDS[Math.floor(next() * 2)]!;
  const createdAt = start.minus({ days: 30 }).toISO()!;
  return {
    org_id: BUNDLED_ORGANISATIONS[i % BUNDLED_ORGANISATIONS.length]!.id,
    title: `Visit ${i}: study visit on regional development`,
    kind,
    counterpart: `Partner organisation ${i % 500}`,
    city: place.city,
    country: place.country,
    start_date: startDate,
    start_time: startTime,
    end_date: endDate,
    end_time: null,
    timezone: place.zone,
    starts_at: startsAt,
    ends_at: endDate
      ? DateTime.fromISO(endDate, { zone: place.zone }).plus({ days: 1 }).toUTC().toISO()
      : null,
    participants: 'Anna Andersson, Bo Berg',
    purpose: 'Exchange of experience in health care and regional development.',
    status,
    reported_on: past && status !== 'cancelled' && next() < 0.8 ? startDate : null,
    created_by: `slack:U${i % 200}`,
    created_at: createdAt,
    updated_at: createdAt,
    channel: 'slack:C1',
  };
}

async function fill(store: Store): Promise<number> {
  const next = random(20261203);
  const started = performance.now();
  for (let done = 0; done < VISITS; done += BATCH * BATCHES_PER_TRANSACTION) {
    await store.db.transaction().execute(async (trx) => {
      for (let b = 0; b < BATCHES_PER_TRANSACTION; b++) {
        const first = done + b * BATCH;
        if (first >= VISITS) break;
        const rows = Array.from({ length: Math.min(BATCH, VISITS - first) }, (_, k) => row(first + k, next));
        await trx.insertInto('visits').values(rows).execute();
      }
    });
  }
  // Fresh statistics, as autovacuum would gather them shortly after a bulk load.
  await sql`analyze visits`.execute(store.db);
  return Math.round(performance.now() - started);
}

async function measure(store: Store): Promise<Record<string, unknown>> {
  const insertMs = await fill(store);
  const base = { filter: 'upcoming' as const, today: TODAY, userKey: 'slack:U1', limit: 10 };

  // Warm up caches and JIT before sampling.
  for (let i = 0; i < 30; i++) await listVisits(store, base);

  const firstPage: number[] = [];
  for (let i = 0; i < LIST_SAMPLES; i++) firstPage.push(await timeMs(() => listVisits(store, base)));

  // A later page: walk 50 pages in, then sample fetching the next one from that cursor.
  let page = await listVisits(store, base);
  for (let i = 0; i < 50 && page.next; i++) page = await listVisits(store, { ...base, after: page.next });
  const cursor = page.next!;
  const laterPage: number[] = [];
  for (let i = 0; i < LIST_SAMPLES; i++)
    laterPage.push(await timeMs(() => listVisits(store, { ...base, after: cursor })));

  const unreported: number[] = [];
  for (let i = 0; i < 100; i++)
    unreported.push(await timeMs(() => listVisits(store, { ...base, filter: 'unreported' })));
  const digestUnreported: number[] = [];
  for (let i = 0; i < 50; i++)
    digestUnreported.push(await timeMs(() => heldUnreportedVisits(store, { today: TODAY, limit: 15 })));

  // The whole command through the router, as a chat user sees it.
  const config = parseConfig({
    DATABASE_URL: 'sqlite::memory:',
    ANSVAR_TIMEZONE: 'Europe/Stockholm',
    LOG_LEVEL: 'silent',
  });
  const core = createCore({
    config,
    store,
    clock: manualClock(`${TODAY}T10:00:00Z`),
    log: pino({ level: 'silent' }),
    knowledge: {
      answer: (question) => ({ question, language: 'en', status: 'no_answer', answers: [] }),
      search: () => [],
      organizations: () => [],
      stats: () => ({ organizations: 0, documents: 0, passages: 0, statements: 0 }),
      close: async () => undefined,
    },
  });
  const turn = makeTurn({
    platform: 'slack',
    userId: 'U1',
    channelId: 'C1',
    input: { type: 'text', text: 'visit list upcoming' },
  });
  for (let i = 0; i < 20; i++) await core.router.handle(turn);
  const command: number[] = [];
  for (let i = 0; i < LIST_SAMPLES; i++) command.push(await timeMs(() => core.router.handle(turn)));

  const options = { language: 'en' as const, today: TODAY, organisations: BUNDLED_ORGANISATIONS };
  const csvRuns: number[] = [];
  const icsRuns: number[] = [];
  let rows = 0;
  let csvBytes = 0;
  let icsBytes = 0;
  // As `ansvar visits export --year` does it: streamed from the database, page by page.
  const sink = () => {
    const counted = { bytes: 0, write: (chunk: string) => void (counted.bytes += Buffer.byteLength(chunk)) };
    return counted;
  };
  for (let i = 0; i < EXPORT_RUNS; i++) {
    csvRuns.push(
      await timeMs(async () => {
        const out = sink();
        await streamVisitsCsv(allVisits(store, { year: EXPORT_YEAR }), options, out.write);
        csvBytes = out.bytes;
      }),
    );
    icsRuns.push(
      await timeMs(async () => {
        const out = sink();
        await streamVisitsIcs(allVisits(store, { year: EXPORT_YEAR }), options, out.write);
        icsBytes = out.bytes;
      }),
    );
  }
  const counts = await timeMs(() => visitCountsForYear(store, { year: EXPORT_YEAR }));
  const yearVisits = await visitsForYear(store, { year: EXPORT_YEAR });
  rows = yearVisits.length;
  const libraries = compareIcsLibraries(yearVisits, options);
  const heap = await streamingHeap(store, options);

  const upcoming = summarize(firstPage);
  const viaCommand = summarize(command);
  const csv = summarize(csvRuns);
  const ics = summarize(icsRuns);
  return {
    visits: VISITS,
    insertMs,
    listUpcomingFirstPageMs: upcoming,
    listUpcomingLaterPageMs: summarize(laterPage),
    visitListCommandMs: viaCommand,
    listUnreportedMs: summarize(unreported),
    digestHeldUnreportedMs: summarize(digestUnreported),
    yearCountsMs: Math.round(counts * 1000) / 1000,
    exportYear: {
      year: EXPORT_YEAR,
      rows,
      csvBytes,
      icsBytes,
      csvMs: csv,
      icsMs: ics,
    },
    icsLibraries: libraries,
    exportAllStreamed: heap,
    targets: {
      listUpcomingP99Under20ms: upcoming.p99 < 20 && viaCommand.p99 < 20,
      exportYearUnder2s: csv.max < 2000 && ics.max < 2000,
    },
  };
}

type ExportOptions = { language: 'en'; today: string; organisations: typeof BUNDLED_ORGANISATIONS };

/** The events as the `ics` package took them before the switch (the former src/visits/visit-export.ts). */
function icsAttributes(v: Visit, options: ExportOptions): EventAttributes {
  const description = visitDescription(v, options);
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
  const day = (date: string): DateArray => date.split('-').map(Number) as [number, number, number];
  if (!v.startTime) {
    return { ...event, start: day(v.startDate), end: day(nextDay(v.endDate ?? v.startDate)) };
  }
  const start = {
    start: Date.parse(v.startsAt),
    startInputType: 'utc' as const,
    startOutputType: 'utc' as const,
  };
  if (v.endsAt)
    return { ...event, ...start, end: Date.parse(v.endsAt), endInputType: 'utc', endOutputType: 'utc' };
  return { ...event, ...start, duration: { hours: 1 } };
}

function withIcsPackage(visits: readonly Visit[], options: ExportOptions): string {
  const { error, value } = createEvents(
    visits.map((v) => icsAttributes(v, options)),
    { productId: '-//Ansvar//Visit register//EN', calName: `Ansvar visits ${EXPORT_YEAR}` },
  );
  if (error || !value) throw error ?? new Error('ics failed');
  return value;
}

/**
 * What both outputs must get right, checked by parsing them back with ical.js's parser and by
 * reading their lines: UTC instants that are the venue's wall-clock time (across DST), all-day DATE
 * values with an exclusive end, STATUS:CANCELLED, stable UIDs, escaped text, lines ≤ 75 octets.
 */
function icsChecks(text: string, visits: readonly Visit[]): Record<string, boolean> {
  const physical = text.split('\r\n').filter((line) => line !== '');
  const parsed = new ICAL.Component(ICAL.parse(text));
  const events = new Map(
    parsed.getAllSubcomponents('vevent').map((e) => [String(e.getFirstPropertyValue('uid')), e]),
  );
  let dst = true;
  let allDay = true;
  let cancelled = true;
  let escaped = true;
  for (const v of visits) {
    const event = events.get(`visit-${v.id}@ansvar`);
    if (!event) return { everyVisitOnceWithStableUid: false };
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    if (v.startTime) {
      const wall = DateTime.fromISO(`${v.startDate}T${v.startTime}`, { zone: v.timezone });
      if (start.zone?.tzid !== 'UTC' || start.toJSDate().getTime() !== wall.toMillis()) dst = false;
    } else {
      const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
      const lastDay = DateTime.fromISO(v.endDate ?? v.startDate, { zone: 'UTC' });
      if (
        !start.isDate ||
        start.toString() !== v.startDate ||
        end.toString() !== lastDay.plus({ days: 1 }).toISODate()
      )
        allDay = false;
    }
    if ((event.getFirstPropertyValue('status') === 'CANCELLED') !== (v.status === 'cancelled'))
      cancelled = false;
    if (event.getFirstPropertyValue('summary') !== v.title) escaped = false;
  }
  return {
    everyVisitOnceWithStableUid: events.size === visits.length,
    dstCorrectUtcTimes: dst,
    allDayDateValues: allDay,
    statusCancelled: cancelled,
    textRoundTrips: escaped,
    linesWithin75Octets: physical.every((line) => Buffer.byteLength(line) <= 75),
  };
}

/** `ics` against ical.js on the same events, runs interleaved so machine load hits both alike. */
function compareIcsLibraries(yearVisits: readonly Visit[], options: ExportOptions): Record<string, unknown> {
  // Text that must be escaped and folded, on top of the year's events.
  const probes = yearVisits.slice(0, 3).map((v, i) => ({
    ...v,
    id: 1_000_000 + i,
    title: ['Möte; "Växjö", del 2 \\ <!channel>', 'Rad ett\nRad två', `Studiebesök ${'åäö'.repeat(30)}`][i]!,
  }));
  const visits = [...yearVisits, ...probes];
  const ms: { ics: number[]; icalJs: number[] } = { ics: [], icalJs: [] };
  let icsText = '';
  let icalText = '';
  for (let run = 0; run < 5; run++) {
    let started = performance.now();
    icsText = withIcsPackage(visits, options);
    ms.ics.push(performance.now() - started);
    started = performance.now();
    icalText = visitsToIcs(visits, { ...options, calendarName: `Ansvar visits ${EXPORT_YEAR}` });
    ms.icalJs.push(performance.now() - started);
  }
  const ics = summarize(ms.ics);
  const icalJs = summarize(ms.icalJs);
  return {
    events: visits.length,
    ics: {
      ms: ics,
      perEventMs: Math.round((ics.p50 / visits.length) * 1000) / 1000,
      checks: icsChecks(icsText, visits),
    },
    icalJs: {
      ms: icalJs,
      perEventMs: Math.round((icalJs.p50 / visits.length) * 1000) / 1000,
      checks: icsChecks(icalText, visits),
    },
    icsOverIcalJsMedianRatio: Math.round((ics.p50 / icalJs.p50) * 10) / 10,
  };
}

/** A full garbage collection, so heap figures are what is retained rather than garbage not yet collected. */
const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * The whole register (100,000 visits) exported as the CLI does, streamed, against reading it into
 * an array and building one string (the CLI before): time, size, and the retained heap's peak rise
 * (sampled with a full collection every 10,000 visits).
 */
async function streamingHeap(store: Store, options: ExportOptions): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const format of ['csv', 'ics'] as const) {
    let baseline = retainedHeap();
    let peak = baseline;
    let bytes = 0;
    let writes = 0;
    const write = (chunk: string) => {
      bytes += Buffer.byteLength(chunk);
      if (++writes % 10_000 === 0) peak = Math.max(peak, retainedHeap());
    };
    const started = performance.now();
    if (format === 'csv') await streamVisitsCsv(allVisits(store), options, write);
    else await streamVisitsIcs(allVisits(store), options, write);
    const streamedMs = performance.now() - started;
    const streamedRise = peak - baseline;

    baseline = retainedHeap();
    const visits: Visit[] = [];
    for await (const v of allVisits(store)) visits.push(v);
    const whole = format === 'csv' ? visitsToCsv(visits, options) : visitsToIcs(visits, options);
    const wholeRise = retainedHeap() - baseline;
    result[format] = {
      megabytes: Math.round(Buffer.byteLength(whole) / 1e5) / 10,
      sameBytes: Buffer.byteLength(whole) === bytes,
      streamedMs: Math.round(streamedMs),
      streamedHeapRiseMb: Math.round(streamedRise / 1e5) / 10,
      inOnePieceHeapRiseMb: Math.round(wholeRise / 1e5) / 10,
    };
  }
  return result;
}

async function onSqlite(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ansvar-bench-visits-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  try {
    return await measure(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Record<string, unknown>> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
  try {
    await admin.connect();
  } catch (error) {
    const note = `skipped: PostgreSQL not reachable at ${adminUrl} (${(error as Error).message})`;
    process.stderr.write(`bench visits: ${note}\n`);
    return { skipped: note };
  }
  const name = `ansvar_bench_visits_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const store = await openStore(url.toString());
    try {
      return await measure(store);
    } finally {
      await store.close();
    }
  } finally {
    const drop = new pg.Client({ connectionString: adminUrl });
    await drop.connect();
    await drop.query(`drop database if exists ${name} with (force)`);
    await drop.end();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  // The machine is shared: the load average says how much the figures are disturbed.
  const loadBefore = loadavg().map((n) => Math.round(n * 100) / 100);
  const sqlite = await onSqlite();
  const postgres = await onPostgres();
  return {
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg().map((n) => Math.round(n * 100) / 100),
    sqlite,
    postgres,
  };
}
