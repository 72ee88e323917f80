import type { Generated } from 'kysely';

/**
 * Table types for the query layer. Timestamps are ISO-8601 UTC strings (`2026-11-22T09:12:03.456Z`),
 * dates are `YYYY-MM-DD`, times `HH:MM`; booleans are 0/1 integers. The same representation on SQLite
 * and PostgreSQL keeps every query portable, and ISO strings sort correctly as text.
 */

export interface VisitsTable {
  id: Generated<number>;
  org_id: string | null;
  title: string;
  /** `incoming` | `outgoing` | `digital` */
  kind: string;
  counterpart: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string | null;
  /** Venue-local date and optional time. */
  start_date: string;
  start_time: string | null;
  end_date: string | null;
  end_time: string | null;
  /** IANA zone of the venue. */
  timezone: string;
  /** UTC instant of the start (local midnight when there is no time): for ordering and ranges. */
  starts_at: string;
  ends_at: string | null;
  participants: string | null;
  purpose: string | null;
  /** `planned` | `held` | `cancelled` */
  status: string;
  reported_on: string | null;
  /** `platform:user` */
  created_by: string;
  created_at: string;
  updated_at: string;
  /** `platform:channel` it was logged from. */
  channel: string | null;
}

export interface VisitChangesTable {
  id: Generated<number>;
  visit_id: number;
  changed_by: string;
  changed_at: string;
  /** `create` | `edit` | `cancel` | `reported` | … */
  action: string;
  /** JSON object: field → [old, new]. */
  changes: string;
}

export interface QuestionLogTable {
  id: Generated<number>;
  asked_at: string;
  platform: string;
  /** `platform:user`; never shown in digests. */
  user_key: string | null;
  channel: string | null;
  question: string;
  language: string;
  /** Organisation id the answer was limited to, or null for all. */
  org_scope: string | null;
  /** `answered` | `no_answer` */
  status: string;
  actor: string | null;
  /** `up` | `down` | null */
  feedback: string | null;
  feedback_text: string | null;
  feedback_at: string | null;
}

export interface ProcessedEventsTable {
  /** `slack:Ev123…`, `teams:activity-id`, … */
  key: string;
  expires_at: string;
}

export interface DigestSubscriptionsTable {
  id: Generated<number>;
  platform: string;
  channel_id: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** `HH:MM` in `timezone`. */
  time: string;
  timezone: string;
  org_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  active: number;
  /** `en` | `sv`: the language the digest is written in (migration 0002). */
  language: Generated<string>;
}

export interface DigestRunsTable {
  id: Generated<number>;
  subscription_id: number;
  /** The local date of the scheduled run (`YYYY-MM-DD` in the subscription's zone): one run per period. */
  period_key: string;
  /** UTC instant the run was due. */
  due_at: string;
  /** `claimed` | `sending` | `sent` | `pending` (waiting for a retry) | `failed` | `unknown` | `missed` | `cancelled`; see src/digest/runs.ts */
  status: string;
  claimed_by: string | null;
  claimed_at: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  /** Platform id of the posted message, when known. */
  message_ref: string | null;
  /** When the platform call began (migration 0002). */
  started_at: string | null;
  /** The instant the digest's content was built for (migration 0002). */
  built_at: string | null;
}

export interface ConversationRefsTable {
  platform: string;
  conversation_id: string;
  /** JSON: the platform's conversation reference. */
  reference: string;
  updated_at: string;
}

/** A posted message that carried a logged answer (Teams feedback names only the message id). */
export interface AnswerMessagesTable {
  platform: string;
  /** The conversation without any thread suffix (Teams `;messageid=`). */
  conversation_id: string;
  message_id: string;
  question_id: string;
  created_at: string;
}

/** An option list kept for on-demand search (Teams typeahead), addressed by a hash of its content. */
export interface OptionListsTable {
  id: string;
  /** JSON: `[{ "value": …, "label": … }]` */
  options: string;
  created_at: string;
}

/** A file offered through a Teams file consent card, waiting for the user's accept (migration 0006). */
export interface PendingFilesTable {
  /** Random and unguessable: it travels in the consent card's accept context. */
  id: string;
  platform: string;
  /** The platform user it was offered to; only they may accept it. */
  user_id: string;
  /** The (1:1) conversation the offer was made in. */
  conversation_id: string;
  name: string;
  mime_type: string;
  content: string;
  /** `en` | `sv`: the language of the notes about it. */
  language: string;
  created_at: string;
  expires_at: string;
}

export interface Database {
  visits: VisitsTable;
  visit_changes: VisitChangesTable;
  question_log: QuestionLogTable;
  processed_events: ProcessedEventsTable;
  digest_subscriptions: DigestSubscriptionsTable;
  digest_runs: DigestRunsTable;
  conversation_refs: ConversationRefsTable;
  answer_messages: AnswerMessagesTable;
  option_lists: OptionListsTable;
  pending_files: PendingFilesTable;
}
