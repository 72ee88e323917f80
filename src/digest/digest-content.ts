import { DateTime } from 'luxon';
import type { KnowledgeService } from '../knowledge/service.js';
import type { Store } from '../store/database.js';
import type { Visit } from '../visits/visit-model.js';
import { mergeOrganisations } from '../visits/organisations.js';
import {
  countHeldUnreported,
  countVisitsInRange,
  heldUnreportedVisits,
  registrationsBetween,
  visitCountsForYear,
  visitsInRange,
  type YearCounts,
} from '../visits/visit-repository.js';
import { questionWeek } from './digest-queries.js';
import { findReportingRule, type ReportingRule } from './reporting-rule.js';
import { lastSentContentTime } from './runs.js';

/** Everything one digest shows, gathered for one scope at one instant; rendering is separate and pure. */

/** Items fetched per list (every list is a count plus its first items); the renderer may show fewer to fit a message. */
export const MAX_ITEMS = 15;
const QUESTION_SAMPLE = 1000;
const MAX_RULES = 5;
const WEEK_DAYS = 7;

export interface Bounded<T> {
  items: T[];
  /** All matches, of which `items` holds the first MAX_ITEMS. */
  total: number;
}

export interface DigestTarget {
  /** The subscription, when there is one: "new since the previous digest" starts at its last post. */
  subscriptionId?: number;
  orgId: string | null;
  timezone: string;
}

export interface QuestionGap {
  /** The question as asked (mentions removed, shortened). */
  text: string;
  /** How often it was asked (among the sampled unanswered questions). */
  count: number;
}

export interface DigestContent {
  builtAt: Date;
  timezone: string;
  orgId: string | null;
  /** Display name of the scope's organisation, when scoped. */
  organization: string | null;
  /** Today, venue-local dates compare against it (`YYYY-MM-DD` in the digest's zone). */
  today: string;
  upcoming: Bounded<Visit>;
  /** Held, not reported back, however long ago (all are still owed); oldest first. */
  unreported: Bounded<Visit>;
  rules: ReportingRule[];
  registrations: Bounded<Visit> & { since: Date; sinceLastDigest: boolean };
  /** This calendar year's visits (venue-local start dates) that had begun by `builtAt`, cancelled ones apart. */
  year: YearCounts;
  questions: { since: Date; total: number; answered: number; unanswered: number; gaps: QuestionGap[] };
}

export interface DigestDeps {
  store: Store;
  knowledge: KnowledgeService;
}

const MENTION = /<[@!#][^>]*>|<at>[^<]*<\/at>/gi;

/** A question as shown to policy owners: no mentions of people, no markup, bounded. */
export function cleanQuestion(text: string): string {
  const cleaned = text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > 160 ? `${cleaned.slice(0, 159).trimEnd()}…` : cleaned;
}

function questionKey(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('sv')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Deduplicates question texts (newest first) by case, spacing and punctuation; most asked first. */
export function questionGaps(texts: readonly string[]): QuestionGap[] {
  const byKey = new Map<string, QuestionGap>();
  for (const raw of texts) {
    const text = cleanQuestion(raw);
    const key = questionKey(text);
    if (!key) continue;
    const seen = byKey.get(key);
    if (seen) seen.count += 1;
    else byKey.set(key, { text, count: 1 });
  }
  // Map keeps first-seen (newest) order; the sort is stable.
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}

export async function collectDigest(
  deps: DigestDeps,
  target: DigestTarget,
  now: Date,
): Promise<DigestContent> {
  const { store, knowledge } = deps;
  const local = DateTime.fromJSDate(now, { zone: target.timezone });
  const today = local.toISODate()!;
  const scope = target.orgId ? { orgId: target.orgId } : {};
  const weekAgo = new Date(now.getTime() - WEEK_DAYS * 24 * 3600_000);
  const previous =
    target.subscriptionId === undefined
      ? undefined
      : await lastSentContentTime(store, target.subscriptionId, now);
  const since = previous && previous.getTime() < now.getTime() ? previous : weekAgo;
  const week = { ...scope, from: today, to: local.plus({ days: WEEK_DAYS - 1 }).toISODate()! };

  // Every list is read as a count plus its first MAX_ITEMS rows, however much there is.
  const [upcoming, upcomingTotal, unreported, unreportedTotal, registrations, year, questions] =
    await Promise.all([
      visitsInRange(store, { ...week, limit: MAX_ITEMS }),
      countVisitsInRange(store, week),
      heldUnreportedVisits(store, { ...scope, today, limit: MAX_ITEMS }),
      countHeldUnreported(store, { ...scope, today }),
      registrationsBetween(store, { ...scope, since, until: now, limit: MAX_ITEMS }),
      visitCountsForYear(store, { ...scope, year: local.year, startedBy: now }),
      questionWeek(store, target.orgId, weekAgo, now, QUESTION_SAMPLE),
    ]);

  const ruleOrgs = target.orgId
    ? [target.orgId]
    : unreported.map((v) => v.orgId).filter((id): id is string => id !== null);
  const rules =
    unreported.length === 0
      ? []
      : [...new Set(ruleOrgs)]
          .sort()
          .slice(0, MAX_RULES)
          .map((orgId) => findReportingRule(knowledge, orgId))
          .filter((rule): rule is ReportingRule => rule !== undefined);

  return {
    builtAt: now,
    timezone: target.timezone,
    orgId: target.orgId,
    organization: target.orgId
      ? (mergeOrganisations(knowledge.organizations()).find((o) => o.id === target.orgId)?.name ??
        target.orgId)
      : null,
    today,
    upcoming: { items: upcoming, total: Math.max(upcomingTotal, upcoming.length) },
    unreported: { items: unreported, total: Math.max(unreportedTotal, unreported.length) },
    rules,
    registrations: {
      items: registrations.items,
      total: Math.max(registrations.total, registrations.items.length),
      since,
      sinceLastDigest: previous !== undefined && since === previous,
    },
    year,
    questions: {
      since: weekAgo,
      total: questions.total,
      answered: questions.answered,
      unanswered: questions.unansweredTotal,
      gaps: questionGaps(questions.unansweredSample),
    },
  };
}
