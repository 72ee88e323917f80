import type { Store } from './database.js';

export interface LoggedQuestion {
  askedAt: Date;
  platform: string;
  userKey: string | null;
  channel: string | null;
  question: string;
  language: string;
  orgScope: string | null;
  status: 'answered' | 'no_answer';
  actor: string | null;
}

/** Records an asked question; returns its id (the reference for feedback). */
export async function logQuestion(store: Store, q: LoggedQuestion): Promise<string> {
  const row = await store.db
    .insertInto('question_log')
    .values({
      asked_at: q.askedAt.toISOString(),
      platform: q.platform,
      user_key: q.userKey,
      channel: q.channel,
      question: q.question,
      language: q.language,
      org_scope: q.orgScope,
      status: q.status,
      actor: q.actor,
      feedback: null,
      feedback_text: null,
      feedback_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** Stores a vote on an earlier answer; false when the question id is unknown. */
export async function recordQuestionFeedback(
  store: Store,
  questionId: string,
  vote: 'up' | 'down',
  text: string | undefined,
  now: Date = new Date(),
): Promise<boolean> {
  const id = Number(questionId);
  if (!Number.isSafeInteger(id) || id <= 0) return false;
  const result = await store.db
    .updateTable('question_log')
    .set({ feedback: vote, feedback_text: text?.slice(0, 2000) ?? null, feedback_at: now.toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface LoggedQuestionRow {
  id: number;
  question: string;
  orgScope: string | null;
  userKey: string | null;
  channel: string | null;
}

/** A logged question by id (as given in a button value), or undefined. */
export async function findQuestion(store: Store, questionId: string): Promise<LoggedQuestionRow | undefined> {
  const id = Number(questionId);
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await store.db
    .selectFrom('question_log')
    .select(['id', 'question', 'org_scope', 'user_key', 'channel'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        question: row.question,
        orgScope: row.org_scope,
        userKey: row.user_key,
        channel: row.channel,
      }
    : undefined;
}
