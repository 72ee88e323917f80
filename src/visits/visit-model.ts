import { z } from 'zod';
import type { VisitsTable } from '../store/schema.js';
import type { Selectable } from 'kysely';

/** The visit register's domain types. Rows are stored as described in src/store/schema.ts. */

export const VISIT_KINDS = ['incoming', 'outgoing', 'digital'] as const;
export const visitKindSchema = z.enum(VISIT_KINDS);
export type VisitKind = z.infer<typeof visitKindSchema>;

export const VISIT_STATUSES = ['planned', 'held', 'cancelled'] as const;
export const visitStatusSchema = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof visitStatusSchema>;

/** Field length bounds, shared by the parser, the validation and the form. */
export const LIMITS = {
  title: 200,
  counterpart: 200,
  city: 100,
  participants: 1000,
  purpose: 2000,
} as const;

/** Longest visit the register accepts; it bounds the range scans of the list queries. */
export const MAX_VISIT_DAYS = 31;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);

/** What a user supplies for a visit, validated: the same for creating and editing. */
export const visitInputSchema = z.object({
  title: z.string().min(1).max(LIMITS.title),
  kind: visitKindSchema,
  counterpart: z.string().max(LIMITS.counterpart).nullable(),
  city: z.string().max(LIMITS.city).nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  startDate: isoDate,
  startTime: hhmm.nullable(),
  endDate: isoDate.nullable(),
  endTime: hhmm.nullable(),
  timezone: z.string().min(1),
  /** UTC instants derived from the local date, time and zone. */
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  participants: z.string().max(LIMITS.participants).nullable(),
  purpose: z.string().max(LIMITS.purpose).nullable(),
  orgId: z.string().nullable(),
});
export type VisitInput = z.infer<typeof visitInputSchema>;

export const visitSchema = visitInputSchema.extend({
  id: z.number().int().positive(),
  status: visitStatusSchema,
  reportedOn: isoDate.nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  channel: z.string().nullable(),
});
export type Visit = z.infer<typeof visitSchema>;

export type VisitRow = Selectable<VisitsTable>;

export function visitFromRow(row: VisitRow): Visit {
  return {
    id: Number(row.id),
    title: row.title,
    kind: (VISIT_KINDS as readonly string[]).includes(row.kind) ? (row.kind as VisitKind) : 'outgoing',
    counterpart: row.counterpart,
    city: row.city,
    country: row.country,
    startDate: row.start_date,
    startTime: row.start_time,
    endDate: row.end_date,
    endTime: row.end_time,
    timezone: row.timezone,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    participants: row.participants,
    purpose: row.purpose,
    orgId: row.org_id,
    status: (VISIT_STATUSES as readonly string[]).includes(row.status)
      ? (row.status as VisitStatus)
      : 'planned',
    reportedOn: row.reported_on,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    channel: row.channel,
  };
}

/** The columns a VisitInput sets (everything the user controls). */
export function columnsFromInput(input: VisitInput) {
  return {
    title: input.title,
    kind: input.kind,
    counterpart: input.counterpart,
    city: input.city,
    country: input.country,
    start_date: input.startDate,
    start_time: input.startTime,
    end_date: input.endDate,
    end_time: input.endTime,
    timezone: input.timezone,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    participants: input.participants,
    purpose: input.purpose,
    org_id: input.orgId,
  };
}

/** The last day of the visit (its end date, else its start date): the day after it, it has been held. */
export function lastDay(visit: Pick<Visit, 'startDate' | 'endDate'>): string {
  return visit.endDate ?? visit.startDate;
}

/**
 * The status to show: a planned visit whose last day is before `today` counts as held. Only
 * cancellation and the report-back are stored; "held" follows from the calendar.
 */
export function effectiveStatus(
  visit: Pick<Visit, 'status' | 'startDate' | 'endDate'>,
  today: string,
): VisitStatus {
  if (visit.status === 'cancelled') return 'cancelled';
  if (visit.status === 'held' || lastDay(visit) < today) return 'held';
  return 'planned';
}

export function isUnreported(visit: Visit, today: string): boolean {
  return effectiveStatus(visit, today) === 'held' && visit.reportedOn === null;
}
