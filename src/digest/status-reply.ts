import type { Language } from '../core/language.js';
import { reply, type Reply, type Rich } from '../core/reply.js';
import { commandTexts } from './command-text.js';
import { clip, instantText, weekdayName } from './format.js';
import type { Run } from './runs.js';
import { nextOccurrence } from './schedule.js';
import type { Subscription } from './subscriptions.js';

/** `digest status`: schedule, next run, the last run and its result, and recent failures. Pure. */

const PROBLEMS = new Set(['pending', 'failed', 'unknown', 'missed']);

function runLine(run: Run, timezone: string, language: Language): string {
  const t = commandTexts(language);
  const parts = [`${instantText(run.dueAt, timezone, language)}: ${t.runStatus[run.status] ?? run.status}`];
  if (run.status === 'sent' && run.sentAt) parts.push(t.sentAt(instantText(run.sentAt, timezone, language)));
  if (run.attempts > 1 || (run.status !== 'sent' && run.attempts > 0)) parts.push(t.attempts(run.attempts));
  if (run.status === 'pending' && run.nextAttemptAt)
    parts.push(t.retryAt(instantText(run.nextAttemptAt, timezone, language)));
  if (run.status !== 'sent' && run.lastError) parts.push(clip(run.lastError, 200));
  return parts.join(' · ');
}

export function statusReply(
  subscription: Subscription,
  runs: readonly Run[],
  now: Date,
  language: Language,
  scope: string,
): Reply {
  const t = commandTexts(language);
  const zone = subscription.timezone;
  const schedule = subscription.active
    ? `${t.every(weekdayName(subscription.weekday, language), subscription.time)} (${zone})`
    : t.stopped;
  // A retry is what comes next only while it is the newest run.
  const retry = runs[0]?.status === 'pending' && runs[0].nextAttemptAt ? runs[0] : undefined;
  const next = !subscription.active
    ? '—'
    : retry?.nextAttemptAt
      ? t.retryAt(instantText(retry.nextAttemptAt, zone, language))
      : instantText(nextOccurrence(subscription, now).dueAt, zone, language);
  const last = runs[0];
  // Earlier runs that went wrong (the newest one is shown as the last digest already).
  const problems = runs.slice(1).filter((r) => PROBLEMS.has(r.status));
  const problemText: Rich =
    problems.length === 0
      ? [t.none]
      : problems.flatMap((r, i) => [...(i > 0 ? ['\n'] : []), runLine(r, zone, language)]);
  const fields = [
    { label: t.field.schedule, value: [schedule] },
    { label: t.field.scope, value: [scope] },
    { label: t.field.language, value: [t.languageName[subscription.language]] },
    { label: t.field.next, value: [next] },
    { label: t.field.last, value: [last ? runLine(last, zone, language) : t.none] },
    { label: t.field.problems, value: problemText },
  ];
  const text = `${t.statusTitle}: ${schedule}. ${t.field.next}: ${next}.`;
  return reply({
    text,
    language,
    visibility: 'private',
    blocks: [
      { type: 'header', text: t.statusTitle },
      { type: 'fields', fields },
    ],
  });
}
