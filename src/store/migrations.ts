import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './database.js';

/**
 * Versioned migrations, applied in key order at start-up. Never edit one that has shipped: add the next.
 * Each takes the dialect because auto-increment keys are spelled differently.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const idColumn = (db: Kysely<any>, table: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    '0001_initial': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        await idColumn(db, 'visits')
          .addColumn('org_id', 'text')
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('counterpart', 'text')
          .addColumn('city', 'text')
          .addColumn('country', 'text')
          .addColumn('start_date', 'text', (c) => c.notNull())
          .addColumn('start_time', 'text')
          .addColumn('end_date', 'text')
          .addColumn('end_time', 'text')
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('starts_at', 'text', (c) => c.notNull())
          .addColumn('ends_at', 'text')
          .addColumn('participants', 'text')
          .addColumn('purpose', 'text')
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
          .addColumn('reported_on', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('channel', 'text')
          .execute();
        await db.schema.createIndex('visits_starts_at').on('visits').columns(['starts_at', 'id']).execute();
        await db.schema
          .createIndex('visits_org_starts_at')
          .on('visits')
          .columns(['org_id', 'starts_at'])
          .execute();
        await db.schema
          .createIndex('visits_created_by')
          .on('visits')
          .columns(['created_by', 'starts_at'])
          .execute();
        await db.schema.createIndex('visits_created_at').on('visits').columns(['created_at']).execute();

        await idColumn(db, 'visit_changes')
          .addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id'))
          .addColumn('changed_by', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('changes', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('visit_changes_visit')
          .on('visit_changes')
          .columns(['visit_id', 'id'])
          .execute();

        await idColumn(db, 'question_log')
          .addColumn('asked_at', 'text', (c) => c.notNull())
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('user_key', 'text')
          .addColumn('channel', 'text')
          .addColumn('question', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('org_scope', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('actor', 'text')
          .addColumn('feedback', 'text')
          .addColumn('feedback_text', 'text')
          .addColumn('feedback_at', 'text')
          .execute();
        await db.schema
          .createIndex('question_log_asked_at')
          .on('question_log')
          .columns(['asked_at'])
          .execute();

        await db.schema
          .createTable('processed_events')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('processed_events_expires')
          .on('processed_events')
          .columns(['expires_at'])
          .execute();

        await idColumn(db, 'digest_subscriptions')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('weekday', 'integer', (c) => c.notNull())
          .addColumn('time', 'text', (c) => c.notNull())
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('org_id', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addUniqueConstraint('digest_subscriptions_channel', ['platform', 'channel_id'])
          .execute();

        await idColumn(db, 'digest_runs')
          .addColumn('subscription_id', 'integer', (c) => c.notNull().references('digest_subscriptions.id'))
          .addColumn('period_key', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text')
          .addColumn('claimed_at', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('message_ref', 'text')
          .addUniqueConstraint('digest_runs_period', ['subscription_id', 'period_key'])
          .execute();

        await db.schema
          .createTable('conversation_refs')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('reference', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('conversation_refs_pk', ['platform', 'conversation_id'])
          .execute();
      },
    },
    '0002_digest_schedule': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        // The language a subscription's digest is written in (that of whoever subscribed).
        await db.schema
          .alterTable('digest_subscriptions')
          .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
          .execute();
        // When the platform call began (a stale `sending` run is never re-sent) and the instant the content was built for.
        await db.schema.alterTable('digest_runs').addColumn('started_at', 'text').execute();
        await db.schema.alterTable('digest_runs').addColumn('built_at', 'text').execute();
        await db.schema
          .createIndex('digest_runs_status')
          .on('digest_runs')
          .columns(['status', 'next_attempt_at'])
          .execute();
      },
    },
    '0003_message_state': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        // Which posted message carried which logged answer: Teams' feedback buttons name only the message.
        await db.schema
          .createTable('answer_messages')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('question_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('answer_messages_pk', ['platform', 'conversation_id', 'message_id'])
          .execute();
        // Long option lists (time zones, countries) a card searches on demand instead of carrying them.
        await db.schema
          .createTable('option_lists')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('options', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0004_digest_indexes': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        // Covering indexes for the digest's counts (the year by kind and country, held visits not yet
        // reported): one led by the start instant for all organisations, one led by the organisation
        // (also what SQLite's skip-scan picks once ANALYZE has run). See bench/digest.bench.ts.
        const covered = ['start_date', 'end_date', 'status', 'reported_on', 'kind', 'country'];
        await db.schema
          .createIndex('visits_digest_by_start')
          .on('visits')
          .columns(['starts_at', ...covered, 'org_id'])
          .execute();
        await db.schema
          .createIndex('visits_digest_by_org')
          .on('visits')
          .columns(['org_id', 'starts_at', ...covered])
          .execute();
        // New registrations of one organisation.
        await db.schema
          .createIndex('visits_org_created_at')
          .on('visits')
          .columns(['org_id', 'created_at'])
          .execute();
        // Last week's questions: counted and split by status without reading the rows.
        await db.schema
          .createIndex('question_log_digest')
          .on('question_log')
          .columns(['asked_at', 'status', 'org_scope'])
          .execute();
      },
    },
    '0005_unreported_index': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        // Visits still owing a report-back are few among many: a partial index lets `visit list
        // unreported` and the digest count them without reading the whole table.
        for (const [name, columns] of [
          ['visits_unreported', ['starts_at', 'id']],
          ['visits_unreported_by_org', ['org_id', 'starts_at']],
        ] as const) {
          await db.schema
            .createIndex(name)
            .on('visits')
            .columns([...columns])
            .where(sql.ref('reported_on'), 'is', null)
            .where(sql.ref('status'), '<>', 'cancelled')
            .execute();
        }
      },
    },
    '0006_pending_files': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        // Files offered through a Teams consent card, kept until the user accepts, declines or the
        // offer expires; the accept may reach another replica than the one that offered the file.
        await db.schema
          .createTable('pending_files')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('mime_type', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('pending_files_expires')
          .on('pending_files')
          .columns(['expires_at'])
          .execute();
      },
    },
  };
}
