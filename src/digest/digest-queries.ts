import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Store } from '../store/database.js';

/**
 * The digest's own reads. Visits come from the visit register's queries (src/visits/visit-repository.ts);
 * what it does not offer lives here: a count of held, unreported visits to go with its bounded list,
 * and last week's question log. Each is a range over an indexed column (see bench/digest.bench.ts).
 */

async function count(query: {
  executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined>;
}): Promise<number> {
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * How many visits `heldUnreportedVisits` (src/visits/visit-repository.ts) would return without a
 * limit: held (last venue-local day before `today`), not cancelled, no report-back date, starting on
 * or after `since`. Same conditions, so the digest's "and N more" matches `visit list unreported`.
 */
export async function countHeldUnreported(
  store: Store,
  options: { orgId?: string; today: string; since: string },
): Promise<number> {
  const earliest = DateTime.fromISO(options.since, { zone: 'UTC' }).minus({ days: 1 }).toISO()!;
  let query = store.db
    .selectFrom('visits')
    .where('starts_at', '>=', earliest)
    .where('start_date', '>=', options.since)
    .where('status', '!=', 'cancelled')
    .where('reported_on', 'is', null)
    .where((eb) => eb(eb.fn.coalesce('end_date', 'start_date'), '<', options.today));
  if (options.orgId) query = query.where('org_id', '=', options.orgId);
  return count(query.select((eb) => eb.fn.countAll<number>().as('n')));
}

export interface QuestionWeek {
  total: number;
  answered: number;
  /** The most recent unanswered question texts (newest first, at most `sample`). */
  unansweredSample: string[];
  unansweredTotal: number;
}

/**
 * Questions asked in [from, until): how many, how many answered, and a bounded sample of the
 * unanswered ones. Only the text is read: never who asked. With an organisation scope, questions
 * limited to that organisation and those asked of all organisations count.
 */
export async function questionWeek(
  store: Store,
  orgId: string | null,
  from: Date,
  until: Date,
  sample: number,
): Promise<QuestionWeek> {
  const base = store.db
    .selectFrom('question_log')
    .where('asked_at', '>=', from.toISOString())
    .where('asked_at', '<', until.toISOString())
    .where((eb) => (orgId ? eb.or([eb('org_scope', '=', orgId), eb('org_scope', 'is', null)]) : eb.and([])));
  const [totals, unanswered] = await Promise.all([
    base
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when ${eb.ref('status')} = 'answered' then 1 else 0 end)`.as('answered'),
      ])
      .executeTakeFirst(),
    base
      .select('question')
      .where('status', '=', 'no_answer')
      .orderBy('asked_at', 'desc')
      .limit(sample)
      .execute(),
  ]);
  const total = Number(totals?.n ?? 0);
  const answered = Number(totals?.answered ?? 0);
  return {
    total,
    answered,
    unansweredSample: unanswered.map((q) => q.question),
    unansweredTotal: total - answered,
  };
}
