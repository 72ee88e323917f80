import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Answer } from '../../../src/knowledge/answer-schema.js';

/** The grading rule of the evaluation set (shared/eval/README.md), as a pure function. */

export const evalCaseSchema = z.object({
  id: z.string().optional(),
  q: z.string(),
  org: z.string().nullable().optional(),
  actors: z.record(z.string(), z.array(z.string())).optional(),
  quote: z.record(z.string(), z.array(z.string())).optional(),
  none: z.boolean().optional(),
});
export type EvalCase = z.infer<typeof evalCaseSchema>;

export function readCases(path: string): EvalCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => evalCaseSchema.parse(JSON.parse(line)));
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/regionsstyrelsen/g, 'regionstyrelsen')
    .trim();
}

/** Undefined when the answer passes, otherwise why it fails. */
export function gradeAnswer(testCase: EvalCase, answer: Answer): string | undefined {
  if (testCase.none) {
    return answer.status === 'no_answer' || answer.answers.length === 0
      ? undefined
      : `expected no answer, got ${answer.answers.map((a) => `${a.orgId}:${a.actor}`).join(', ')}`;
  }
  if (answer.status !== 'answered')
    return `expected an answer, got ${answer.status}${answer.error ? ` (${answer.error})` : ''}`;
  for (const [orgId, names] of Object.entries(testCase.actors ?? {})) {
    const first = answer.answers.find((a) => a.orgId === orgId);
    if (!first) return `no answer for ${orgId} (got ${answer.answers.map((a) => a.orgId).join(', ')})`;
    const actor = normalise(first.actor ?? '');
    if (!names.some((name) => actor.includes(normalise(name))))
      return `${orgId}: actor '${first.actor}' is none of ${names.join(' | ')}`;
  }
  for (const [orgId, terms] of Object.entries(testCase.quote ?? {})) {
    const entries = answer.answers.filter((a) => a.orgId === orgId).slice(0, 3);
    if (entries.length === 0) return `no answer for ${orgId} to check the quote`;
    const found = entries.some((a) =>
      terms.some((t) => normalise(`${a.quote} ${a.statement}`).includes(normalise(t))),
    );
    if (!found)
      return `${orgId}: quote '${entries[0]!.quote.slice(0, 80)}…' has none of ${terms.join(' | ')}`;
  }
  return undefined;
}
