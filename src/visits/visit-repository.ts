import { DateTime } from 'luxon';
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Store } from '../store/database.js';
import type { Database } from '../store/schema.js';
import {
  columnsFromInput,
  MAX_VISIT_DAYS,
  visitFromRow,
  type Visit,
  type VisitInput,
  type VisitKind,
  type VisitRow,
} from './visit-model.js';

/**
 * The visit register's storage, over the shared kysely layer (SQLite and PostgreSQL alike). Every
 * change writes a `visit_changes` row in the same transaction: field → [old, new].
 *
 * "Held" is calendar-based: a visit is held once its last day (end date, else start date) is before
 * `today`; only cancellation and the report-back date are stored.
 *
 * The exported query functions are the API other modules (the weekly digest) use.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface ChangeMeta {
  /** `platform:user` */
  by: string;
  now: Date;
}

export type FieldChanges = Record<string, [unknown, unknown]>;

export interface VisitChange {
  id: number;
  visitId: number;
  changedBy: string;
  changedAt: string;
  action: string;
  changes: FieldChanges;
}

/** Columns whose changes are recorded (derived instants are not: they follow from these). */
// prettier-ignore
const TRACKED = [
  'title', 'kind', 'counterpart', 'city', 'country', 'start_date', 'start_time', 'end_date', 'end_time', 'timezone',
  'participants', 'purpose', 'org_id', 'status', 'reported_on',
] as const;

export async function createVisit(
  store: Store,
  input: VisitInput,
  meta: ChangeMeta & { channel: string | null },
): Promise<Visit> {
  const at = meta.now.toISOString();
  return store.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('visits')
      .values({
        ...columnsFromInput(input),
        status: 'planned',
        reported_on: null,
        created_by: meta.by,
        created_at: at,
        updated_at: at,
        channel: meta.channel,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes: FieldChanges = {};
    for (const column of TRACKED) if (row[column] !== null) changes[column] = [null, row[column]];
    await recordChange(trx, Number(row.id), 'create', changes, meta);
    return visitFromRow(row);
  });
}

export async function getVisit(store: Store, id: number): Promise<Visit | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
  const row = await store.db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? visitFromRow(row) : undefined;
}

/** Replaces the user-controlled fields; returns the visit and the names of the columns that changed. */
export async function updateVisit(
  store: Store,
  id: number,
  input: VisitInput,
  meta: ChangeMeta,
): Promise<{ visit: Visit; changed: string[] } | undefined> {
  return changeVisit(store, id, 'edit', () => columnsFromInput(input), meta);
}

export async function cancelVisit(
  store: Store,
  id: number,
  meta: ChangeMeta,
): Promise<{ visit: Visit; changed: string[] } | undefined> {
  return changeVisit(store, id, 'cancel', () => ({ status: 'cancelled' }), meta);
}

/** Records the report-back to the board; a reported visit has been held. */
export async function markVisitReported(
  store: Store,
  id: number,
  reportedOn: string,
  meta: ChangeMeta,
): Promise<{ visit: Visit; changed: string[] } | undefined> {
  return changeVisit(store, id, 'reported', () => ({ reported_on: reportedOn, status: 'held' }), meta);
}

async function changeVisit(
  store: Store,
  id: number,
  action: string,
  update: (current: VisitRow) => Partial<Omit<VisitRow, 'id'>>,
  meta: ChangeMeta,
): Promise<{ visit: Visit; changed: string[] } | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
  return store.db.transaction().execute(async (trx) => {
    let select = trx.selectFrom('visits').selectAll().where('id', '=', id);
    if (store.dialect === 'postgres') select = select.forUpdate();
    const current = await select.executeTakeFirst();
    if (!current) return undefined;
    const next = update(current);
    const changes: FieldChanges = {};
    for (const column of TRACKED) {
      if (column in next && next[column] !== current[column])
        changes[column] = [current[column], next[column]];
    }
    const changed = Object.keys(changes);
    if (changed.length === 0) return { visit: visitFromRow(current), changed };
    const row = await trx
      .updateTable('visits')
      .set({ ...next, updated_at: meta.now.toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, id, action, changes, meta);
    return { visit: visitFromRow(row), changed };
  });
}

async function recordChange(
  db: Db,
  visitId: number,
  action: string,
  changes: FieldChanges,
  meta: ChangeMeta,
): Promise<void> {
  await db
    .insertInto('visit_changes')
    .values({
      visit_id: visitId,
      changed_by: meta.by,
      changed_at: meta.now.toISOString(),
      action,
      changes: JSON.stringify(changes),
    })
    .execute();
}

/** The most recent changes of a visit, newest first. */
export async function visitChanges(store: Store, visitId: number, limit = 5): Promise<VisitChange[]> {
  const rows = await store.db
    .selectFrom('visit_changes')
    .selectAll()
    .where('visit_id', '=', visitId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    visitId: Number(row.visit_id),
    changedBy: row.changed_by,
    changedAt: row.changed_at,
    action: row.action,
    changes: JSON.parse(row.changes) as FieldChanges,
  }));
}

// ---------------------------------------------------------------------------------------------
// Lists (keyset pagination on (starts_at, id))

export const LIST_FILTERS = ['upcoming', 'past', 'mine', 'unreported', 'all'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export interface ListCursor {
  startsAt: string;
  id: number;
}

export interface ListOptions {
  filter: ListFilter;
  /** YYYY-MM-DD: what counts as upcoming or past. */
  today: string;
  /** `platform:user`, for `mine`. */
  userKey: string;
  after?: ListCursor;
  limit?: number;
  orgId?: string;
  /** Only visits this `platform:user` logged (the home view's "your visits"). */
  createdBy?: string;
}

export interface VisitPage {
  visits: Visit[];
  /** Present when there are more: pass as `after` for the next page. */
  next?: ListCursor;
}

/** Upcoming runs forward in time; every other list runs backwards from the most recent. */
export function listDirection(filter: ListFilter): 'asc' | 'desc' {
  return filter === 'upcoming' ? 'asc' : 'desc';
}

export async function listVisits(store: Store, options: ListOptions): Promise<VisitPage> {
  const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
  const direction = listDirection(options.filter);
  let query = store.db.selectFrom('visits').selectAll();
  const { today } = options;
  switch (options.filter) {
    case 'upcoming':
      query = query
        .where('status', '!=', 'cancelled')
        .where('starts_at', '>=', earliestStartStillOngoing(today))
        .where(lastDayExpression, '>=', today);
      break;
    // A visit whose last day is before today started before today: the bound keeps the backward
    // index scan from wading through every future visit first.
    case 'past':
      query = query
        .where('status', '!=', 'cancelled')
        .where('starts_at', '<', instantBound(today, 'after'))
        .where(lastDayExpression, '<', today);
      break;
    case 'unreported':
      query = whereHeldUnreported(query, today);
      break;
    case 'mine':
      query = query.where('created_by', '=', options.userKey);
      break;
    case 'all':
      break;
  }
  if (options.orgId) query = query.where('org_id', '=', options.orgId);
  if (options.createdBy) query = query.where('created_by', '=', options.createdBy);
  if (options.after) {
    const { startsAt, id } = options.after;
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('starts_at', 'id'), direction === 'asc' ? '>' : '<', tuple(startsAt, id)),
    );
  }
  const rows = await query
    .orderBy('starts_at', direction)
    .orderBy('id', direction)
    .limit(limit + 1)
    .execute();
  const visits = rows.slice(0, limit).map(visitFromRow);
  const last = visits.at(-1);
  return rows.length > limit && last
    ? { visits, next: { startsAt: last.startsAt, id: last.id } }
    : { visits };
}

function lastDayExpression(eb: ExpressionBuilder<Database, 'visits'>) {
  return eb.fn.coalesce('end_date', 'start_date');
}

/**
 * Held (last venue-local day before `today`), not cancelled, no report-back date: what `visit list
 * unreported` lists and the digest lists and counts, so the three always agree.
 */
function whereHeldUnreported<O>(query: SelectQueryBuilder<Database, 'visits', O>, today: string) {
  return query
    .where('status', '!=', 'cancelled')
    .where('reported_on', 'is', null)
    .where('starts_at', '<', instantBound(today, 'after'))
    .where(lastDayExpression, '<', today);
}

/**
 * A visit that is still going on `today` started at most MAX_VISIT_DAYS (+ a day for zones) earlier:
 * this bound lets the upcoming list use the (starts_at, id) index instead of scanning the past.
 */
function earliestStartStillOngoing(today: string): string {
  return DateTime.fromISO(today, { zone: 'UTC' })
    .minus({ days: MAX_VISIT_DAYS + 2 })
    .toUTC()
    .toISO()!;
}

/** A start instant bound for a venue-local date (zones reach ±14 h from UTC). */
function instantBound(date: string, side: 'before' | 'after'): string {
  const midnight = DateTime.fromISO(date, { zone: 'UTC' });
  return (side === 'before' ? midnight.minus({ days: 1 }) : midnight.plus({ days: 2 })).toISO()!;
}

// ---------------------------------------------------------------------------------------------
// Queries for the digest and the exports

export interface ScopeOptions {
  /** Only this organisation's visits (visits without an organisation are then left out). */
  orgId?: string;
}

function scoped<O>(query: SelectQueryBuilder<Database, 'visits', O>, scope: ScopeOptions) {
  return scope.orgId ? query.where('org_id', '=', scope.orgId) : query;
}

async function countOf(query: SelectQueryBuilder<Database, 'visits', object>): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

type RangeOptions = ScopeOptions & { from: string; to: string; includeCancelled?: boolean };

function rangeQuery(store: Store, options: RangeOptions) {
  let query = store.db
    .selectFrom('visits')
    .where('starts_at', '>=', earliestStartStillOngoing(options.from))
    .where('starts_at', '<', instantBound(options.to, 'after'))
    .where('start_date', '<=', options.to)
    .where(lastDayExpression, '>=', options.from);
  if (!options.includeCancelled) query = query.where('status', '!=', 'cancelled');
  return scoped(query, options);
}

/**
 * Visits taking place (at least one day) between `from` and `to`, inclusive venue-local dates,
 * ordered by start; the first `limit` when given. Cancelled ones only with `includeCancelled`.
 */
export async function visitsInRange(
  store: Store,
  options: RangeOptions & { limit?: number },
): Promise<Visit[]> {
  let query = rangeQuery(store, options).selectAll().orderBy('starts_at').orderBy('id');
  if (options.limit) query = query.limit(options.limit);
  return (await query.execute()).map(visitFromRow);
}

/** How many visits `visitsInRange` would return without a limit. */
export function countVisitsInRange(store: Store, options: RangeOptions): Promise<number> {
  return countOf(rangeQuery(store, options));
}

type UnreportedOptions = ScopeOptions & { today: string; since?: string };

function heldUnreportedQuery(store: Store, options: UnreportedOptions) {
  let query = whereHeldUnreported(store.db.selectFrom('visits'), options.today);
  if (options.since) {
    query = query
      .where('starts_at', '>=', instantBound(options.since, 'before'))
      .where('start_date', '>=', options.since);
  }
  return scoped(query, options);
}

/**
 * Visits that have been held (last day before `today`), are not cancelled and have no report-back
 * date yet, oldest first: all of them (as `visit list unreported`), or from `since` (YYYY-MM-DD) on;
 * the first `limit` when given.
 */
export async function heldUnreportedVisits(
  store: Store,
  options: UnreportedOptions & { limit?: number },
): Promise<Visit[]> {
  let query = heldUnreportedQuery(store, options).selectAll().orderBy('starts_at').orderBy('id');
  if (options.limit) query = query.limit(options.limit);
  return (await query.execute()).map(visitFromRow);
}

/** How many visits `heldUnreportedVisits` would return without a limit (what `visit list unreported` pages through). */
export function countHeldUnreported(store: Store, options: UnreportedOptions): Promise<number> {
  return countOf(heldUnreportedQuery(store, options));
}

/**
 * New registrations: visits logged after `since` and at or before `until`, not cancelled, newest
 * first; the first `limit` of them and how many there are in all.
 */
export async function registrationsBetween(
  store: Store,
  options: ScopeOptions & { since: Date; until: Date; limit: number },
): Promise<{ items: Visit[]; total: number }> {
  const query = scoped(
    store.db
      .selectFrom('visits')
      .where('created_at', '>', options.since.toISOString())
      .where('created_at', '<=', options.until.toISOString())
      .where('status', '!=', 'cancelled'),
    options,
  );
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute(),
    countOf(query),
  ]);
  return { items: rows.map(visitFromRow), total };
}

export interface YearCounts {
  year: number;
  /** Visits that were not cancelled. */
  total: number;
  cancelled: number;
  byKind: Record<VisitKind, number>;
  /** Most visits first; visits without a country count under `null`. */
  byCountry: { country: string | null; count: number }[];
}

/**
 * Counts for the year's report (venue-local start dates in that year), cancelled visits apart; with
 * `startedBy`, only the visits that had begun by then (the year so far).
 */
export async function visitCountsForYear(
  store: Store,
  options: ScopeOptions & { year: number; startedBy?: Date },
): Promise<YearCounts> {
  let base = yearQuery(store, options);
  if (options.startedBy) base = base.where('starts_at', '<=', options.startedBy.toISOString());
  const [byKind, byCountry, cancelled] = await Promise.all([
    base
      .where('status', '!=', 'cancelled')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute(),
    base
      .where('status', '!=', 'cancelled')
      .select(['country', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('country')
      .execute(),
    base
      .where('status', '=', 'cancelled')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const kinds: Record<VisitKind, number> = { incoming: 0, outgoing: 0, digital: 0 };
  for (const row of byKind) if (row.kind in kinds) kinds[row.kind as VisitKind] += Number(row.n);
  return {
    year: options.year,
    total: kinds.incoming + kinds.outgoing + kinds.digital,
    cancelled: Number(cancelled.n),
    byKind: kinds,
    byCountry: byCountry
      .map((row) => ({ country: row.country, count: Number(row.n) }))
      .sort(
        (a, b) =>
          b.count - a.count ||
          (a.country === null ? 1 : b.country === null ? -1 : a.country.localeCompare(b.country)),
      ),
  };
}

/** Every visit starting in the year (venue-local date), cancelled ones included, by start. */
export async function visitsForYear(
  store: Store,
  options: ScopeOptions & { year: number },
): Promise<Visit[]> {
  const rows = await yearQuery(store, options).selectAll().orderBy('starts_at').orderBy('id').execute();
  return rows.map(visitFromRow);
}

/**
 * Every visit (or every visit of `year`, as `visitsForYear`), by start: for the exports. Streams in
 * pages so memory stays flat.
 */
export async function* allVisits(
  store: Store,
  scope: ScopeOptions & { year?: number } = {},
  pageSize = 1000,
): AsyncGenerator<Visit> {
  let after: ListCursor | undefined;
  const { year, ...rest } = scope;
  for (;;) {
    let query =
      year === undefined
        ? scoped(store.db.selectFrom('visits').selectAll(), rest)
        : yearQuery(store, { ...rest, year }).selectAll();
    if (after) {
      const { startsAt, id } = after;
      query = query.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('starts_at', 'id'), '>', tuple(startsAt, id)),
      );
    }
    const rows = await query.orderBy('starts_at').orderBy('id').limit(pageSize).execute();
    for (const row of rows) yield visitFromRow(row);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { startsAt: last.starts_at, id: Number(last.id) };
  }
}

function yearQuery(store: Store, options: ScopeOptions & { year: number }) {
  const first = `${String(options.year).padStart(4, '0')}-01-01`;
  const last = `${String(options.year).padStart(4, '0')}-12-31`;
  const query = store.db
    .selectFrom('visits')
    .where('starts_at', '>=', instantBound(first, 'before'))
    .where('starts_at', '<', instantBound(last, 'after'))
    .where('start_date', '>=', first)
    .where('start_date', '<=', last);
  return scoped(query, options);
}

/** Used by tests and the benchmark: the number of rows (visits, changes). */
export async function countRows(store: Store, table: 'visits' | 'visit_changes'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
