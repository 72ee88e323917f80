import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { createQuestionHandler } from '../../src/core/question-handler.js';
import { plain, type Block } from '../../src/core/reply.js';
import { createRouter } from '../../src/core/router.js';
import { makeTurn, type Turn } from '../../src/core/turn.js';
import { knowledgeServiceFor } from '../../src/knowledge/service.js';
import { answerDuration, questionsTotal } from '../../src/observability/metrics.js';
import type { Store } from '../../src/store/database.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { bundledIndex } from './support/knowledge.js';

const turn = (text: string, extra: Partial<Turn> = {}): Turn =>
  makeTurn({
    platform: 'slack',
    userId: 'U42',
    channelId: 'C7',
    channelKind: 'channel',
    input: { type: 'text', text },
    ...extra,
  });

const quoteOf = (blocks: Block[]) =>
  blocks.find((b): b is Extract<Block, { type: 'quote' }> => b.type === 'quote')?.text;

async function counter(status: string, language: string): Promise<number> {
  const metric = await questionsTotal.get();
  return metric.values.find((v) => v.labels.status === status && v.labels.language === language)?.value ?? 0;
}

describeEachDatabase('question handler', (create) => {
  let database: TestDatabase;
  let store: Store;
  const clock = manualClock('2026-03-02T09:00:00Z');
  const handler = () =>
    createQuestionHandler({
      config: parseConfig({}),
      store,
      knowledge: knowledgeServiceFor(bundledIndex),
      clock,
      log: pino({ level: 'silent' }),
    });

  beforeAll(async () => {
    database = await create();
    store = await database.open();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('answers, logs the question and asks for feedback', async () => {
    const before = await counter('answered', 'en');
    const observations =
      (await answerDuration.get()).values.find((v) => v.metricName === 'ansvar_answer_duration_seconds_count')
        ?.value ?? 0;
    const reply = await handler().answer('Who signs partner agreements in Kronoberg?', turn('x'));
    expect(reply.feedback?.questionId).toMatch(/^\d+$/);
    expect(plain((reply.blocks[0] as Extract<Block, { type: 'text' }>).text)).toBe(
      'Regionstyrelsen (Regional Executive Board) — Region Kronoberg',
    );
    const row = await store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', Number(reply.feedback!.questionId))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      asked_at: '2026-03-02T09:00:00.000Z',
      platform: 'slack',
      user_key: 'slack:U42',
      channel: 'slack:C7',
      question: 'Who signs partner agreements in Kronoberg?',
      language: 'en',
      org_scope: 'region-kronoberg',
      status: 'answered',
      actor: 'Regionstyrelsen',
      feedback: null,
    });
    expect(await counter('answered', 'en')).toBe(before + 1);
    const after =
      (await answerDuration.get()).values.find((v) => v.metricName === 'ansvar_answer_duration_seconds_count')
        ?.value ?? 0;
    expect(after).toBe(observations + 1);
  });

  it('logs unanswered questions too, in Swedish', async () => {
    const before = await counter('no_answer', 'sv');
    const reply = await handler().answer('Vem ansvarar för IT-support?', turn('x'));
    expect(reply.text).toBe('Policyerna tar inte upp det.');
    const row = await store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', Number(reply.feedback!.questionId))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'no_answer', language: 'sv', actor: null, org_scope: null });
    expect(await counter('no_answer', 'sv')).toBe(before + 1);
  });

  it('records thumbs up and down and thanks the user; unknown ids get a short private note', async () => {
    const reply = await handler().answer('Vem tar emot utländska gäster?', turn('x'));
    const id = reply.feedback!.questionId;
    clock.advance(60_000);
    const thanks = await handler().recordFeedback(id, 'down', 'wrong body', turn('x', { locale: 'sv-SE' }));
    expect(thanks).toMatchObject({ text: 'Tack för återkopplingen!', visibility: 'private' });
    const row = await store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      feedback: 'down',
      feedback_text: 'wrong body',
      feedback_at: '2026-03-02T09:01:00.000Z',
    });
    expect(await handler().recordFeedback('999999', 'up', undefined, turn('x'))).toMatchObject({
      visibility: 'private',
      text: expect.stringMatching(/cannot find/),
    });
  });

  it('takes votes and shares only from the asker or the conversation the answer was given in', async () => {
    const asked = await handler().answer('Vem tar emot utländska gäster?', turn('x'));
    const id = asked.feedback!.questionId;
    const stranger = turn('x', { userId: 'U99', channelId: 'C99' });
    expect((await handler().recordFeedback(id, 'down', 'spam', stranger)).text).toMatch(/cannot find/);
    expect((await handler().share(id, stranger)).text).toMatch(/cannot find/);
    const row = await store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.feedback).toBeNull();
    const colleague = turn('x', { userId: 'U77' });
    expect((await handler().recordFeedback(id, 'up', undefined, colleague)).text).toBe(
      'Thanks for the feedback!',
    );
    const elsewhere = turn('x', { channelId: 'D1' });
    expect((await handler().share(id, elsewhere)).visibility).toBe('public');
  });

  it('shares an earlier answer publicly, recomputed with its scope, without logging again', async () => {
    const asked = await handler().answer(
      'Who decides on twin town cooperation in Västernorrland?',
      turn('x'),
    );
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('question_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rows = await count();
    const shared = await handler().share(asked.feedback!.questionId, turn('x'));
    expect(shared.visibility).toBe('public');
    expect(shared.feedback).toBeUndefined();
    expect(quoteOf(shared.blocks)).toBe(quoteOf(asked.blocks));
    expect(await count()).toBe(rows);
    for (const unknown of ['424242', 'abc', '-1']) {
      expect(await handler().share(unknown, turn('x'))).toMatchObject({
        visibility: 'private',
        text: expect.stringMatching(/cannot find/),
      });
    }
  });

  it('works through the router: questions, feedback buttons and the share action', async () => {
    const router = createRouter({ questions: handler(), commands: [], log: pino({ level: 'silent' }) });
    const answered = await router.handle(turn('who signs partner agreements?'));
    expect(answered.feedback?.questionId).toBeDefined();
    const id = answered.feedback!.questionId;
    const up = await router.handle(
      turn('', { input: { type: 'action', action: 'feedback', value: `${id}:up` } }),
    );
    expect(up.text).toBe('Thanks for the feedback!');
    const shared = await router.handle(
      turn('', { input: { type: 'action', action: 'answer.share', value: id } }),
    );
    expect(shared.visibility).toBe('public');
  });
});
