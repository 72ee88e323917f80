import { z } from 'zod';

/** The answer JSON contract (`ansvar ask --json`), fixed by docs/architecture: extend, never rename. */

export const answerEntrySchema = z.object({
  orgId: z.string(),
  organization: z.string(),
  /** The responsible body or role exactly as the policy names it; null when the question is not a "who" question. */
  actor: z.string().nullable(),
  actorEn: z.string().nullable(),
  statement: z.string(),
  /** Verbatim policy text. */
  quote: z.string(),
  document: z.string(),
  section: z.string(),
  /** `knowledge/<org>/<file>.md:<line>` */
  source: z.string(),
  score: z.number(),
});
export type AnswerEntry = z.infer<typeof answerEntrySchema>;

export const suggestionSchema = z.object({
  orgId: z.string(),
  organization: z.string(),
  document: z.string(),
  section: z.string(),
  source: z.string(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const answerSchema = z.object({
  question: z.string(),
  language: z.enum(['en', 'sv']),
  status: z.enum(['answered', 'no_answer']),
  answers: z.array(answerEntrySchema),
  /** With `no_answer`: the closest sections, for the asker to read. */
  suggestions: z.array(suggestionSchema).optional(),
  /** The organisations the answer was limited to (`--org`, or named in the question); absent when all were searched. */
  scope: z.array(z.string()).optional(),
  /** Set when the input itself could not be answered (empty, too long, unknown org). */
  error: z.string().optional(),
});
export type Answer = z.infer<typeof answerSchema>;
