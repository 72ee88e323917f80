import { sql } from 'kysely';
import type { Store } from '../store/database.js';

/**
 * The digest's own reads. Visits, and their counts, come from the visit register's queries
 * (src/visits/visit-repository.ts: the unreported count shares its conditions with `visit list
 * unreported`); what it does not offer lives here: last week's question log, a range over an indexed
 * column (see bench/digest.bench.ts).
 */

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
