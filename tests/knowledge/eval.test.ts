import { describe, expect, it } from 'vitest';
import { askCommand } from '../../src/cli/ask.js';
import { answerSchema, type Answer } from '../../src/knowledge/answer-schema.js';
import { gradeAnswer, readCases, type EvalCase } from './support/grading.js';
import { captureIo, fixturesDir } from './support/knowledge.js';

/**
 * The evaluation sets run through the batch path (`ansvar ask --json --batch`), graded with the rule
 * of shared/eval/README.md. The dev set is a copy of shared/eval/questions.dev.jsonl (the shared
 * folder is outside the repository); the other sets were written for this project from the policies
 * (extra before tuning; blind, holdout and final later, each run once untuned first; review-1…11 at code
 * review: see README).
 */

async function runBatch(cases: EvalCase[]): Promise<{ passed: number; failures: string[] }> {
  const io = captureIo(
    {},
    cases.map((c) => JSON.stringify({ question: c.q, org: c.org ?? null })),
  );
  expect(await askCommand(['--json', '--batch'], io)).toBe(0);
  const lines = io.out.trimEnd().split('\n');
  expect(lines).toHaveLength(cases.length);
  const failures: string[] = [];
  cases.forEach((testCase, i) => {
    const answer: Answer = answerSchema.parse(JSON.parse(lines[i]!));
    expect(answer.question).toBe(testCase.q);
    const problem = gradeAnswer(testCase, answer);
    if (problem)
      failures.push(`${testCase.id ?? i + 1} "${testCase.q}" [${testCase.org ?? 'any'}]: ${problem}`);
  });
  return { passed: cases.length - failures.length, failures };
}

const sets = [
  { file: 'questions.dev.jsonl', minimum: 24 / 25 },
  { file: 'questions.extra.jsonl', minimum: 0.95 },
  { file: 'questions.blind.jsonl', minimum: 0.95 },
  { file: 'questions.holdout.jsonl', minimum: 0.95 },
  { file: 'questions.final.jsonl', minimum: 0.95 },
  // Written at review from the policies, each run once before any change it led to (59/64, 59/66, 46/50, 36/40);
  // they keep a few hard off-topic cases that still fail, hence the lower bar.
  { file: 'questions.review-1.jsonl', minimum: 0.9 },
  { file: 'questions.review-2.jsonl', minimum: 0.9 },
  { file: 'questions.review-3.jsonl', minimum: 0.9 },
  { file: 'questions.review-4.jsonl', minimum: 0.9 },
  // Written by a helper from the policies alone, without seeing the code or the other sets; first run 62/70.
  { file: 'questions.review-5.jsonl', minimum: 0.9 },
  // Likewise blind, in the dev set's mix (mostly "who" with an organisation); first run 55/60.
  { file: 'questions.review-6.jsonl', minimum: 0.95 },
  // Blind too, asked to reach for less prominent duties and indirect wording; first run 50/60.
  { file: 'questions.review-7.jsonl', minimum: 0.9 },
  // Blind, the dev set's mix in everyday wording; first run 51/60.
  { file: 'questions.review-8.jsonl', minimum: 0.9 },
  // Blind, English as a non-Swedish colleague would write it; first run 51/60.
  { file: 'questions.review-9.jsonl', minimum: 0.9 },
  // Blind, everyday Swedish, more passage and off-topic questions; first run 46/60.
  { file: 'questions.review-10.jsonl', minimum: 0.85 },
  // Blind, exactly the dev set's proportions and style; first run 48/50.
  { file: 'questions.review-11.jsonl', minimum: 0.95 },
];

describe('evaluation sets through ansvar ask --json --batch', () => {
  for (const { file, minimum } of sets) {
    it(`${file} passes at least ${Math.round(minimum * 100)} %`, async () => {
      const cases = readCases(`${fixturesDir}${file}`);
      const { passed, failures } = await runBatch(cases);
      console.log(`${file}: ${passed}/${cases.length} (${((100 * passed) / cases.length).toFixed(1)} %)`);
      for (const failure of failures) console.log(`  FAIL ${failure}`);
      expect(passed / cases.length).toBeGreaterThanOrEqual(minimum);
    });
  }

  it('the grading rule rejects wrong actors, missing organisations and wrong quotes', () => {
    const base: Answer = {
      question: 'q',
      language: 'en',
      status: 'answered',
      answers: [
        {
          orgId: 'region-jonkopings-lan',
          organization: 'Region Jönköpings län',
          actor: 'Regionsstyrelsen',
          actorEn: 'Regional Executive Board',
          statement: 'Sluter internationella avtal',
          quote: 'Sluter internationella avtal',
          document: 'd',
          section: 's',
          source: 'knowledge/x.md:1',
          score: 1,
        },
      ],
    };
    expect(
      gradeAnswer({ q: 'q', actors: { 'region-jonkopings-lan': ['regionstyrelsen'] } }, base),
    ).toBeUndefined();
    expect(gradeAnswer({ q: 'q', actors: { 'region-jonkopings-lan': ['regionfullmäktige'] } }, base)).toMatch(
      /actor/,
    );
    expect(gradeAnswer({ q: 'q', actors: { 'region-kronoberg': ['regionstyrelsen'] } }, base)).toMatch(
      /no answer for region-kronoberg/,
    );
    expect(gradeAnswer({ q: 'q', quote: { 'region-jonkopings-lan': ['alytus'] } }, base)).toMatch(/quote/);
    expect(gradeAnswer({ q: 'q', none: true }, base)).toMatch(/expected no answer/);
    expect(
      gradeAnswer({ q: 'q', none: true }, { ...base, status: 'no_answer', answers: [] }),
    ).toBeUndefined();
  });
});
