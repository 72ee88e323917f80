import { expect, it } from 'vitest';
import { loadConversationRef, saveConversationRef } from '../../src/store/conversation-refs.js';
import { claimEvent, purgeExpiredEvents } from '../../src/store/processed-events.js';
import { logQuestion, recordQuestionFeedback } from '../../src/store/question-log.js';
import { describeEachDatabase, freshStorePerTest } from '../support/databases.js';

describeEachDatabase('shared repositories', (create) => {
  const store = freshStorePerTest(create);

  it('claims an event id once until it expires', async () => {
    const t0 = new Date('2026-11-22T10:00:00Z');
    expect(await claimEvent(store, 'slack:Ev1', 60_000, t0)).toBe(true);
    expect(await claimEvent(store, 'slack:Ev1', 60_000, new Date(t0.getTime() + 1000))).toBe(false);
    expect(await claimEvent(store, 'slack:Ev2', 60_000, t0)).toBe(true);
    const later = new Date(t0.getTime() + 120_000);
    expect(await claimEvent(store, 'slack:Ev1', 60_000, later)).toBe(true);
    expect(await purgeExpiredEvents(store, new Date(t0.getTime() + 10 * 60_000))).toBe(2);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => claimEvent(store, 'teams:a1', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stores and replaces conversation references', async () => {
    await saveConversationRef(store, 'teams', '19:abc', { serviceUrl: 'http://127.0.0.1/a' });
    await saveConversationRef(store, 'teams', '19:abc', { serviceUrl: 'http://127.0.0.1/b' });
    expect(await loadConversationRef(store, 'teams', '19:abc')).toEqual({ serviceUrl: 'http://127.0.0.1/b' });
    expect(await loadConversationRef(store, 'teams', 'missing')).toBeUndefined();
  });

  it('logs questions and records feedback on them', async () => {
    const id = await logQuestion(store, {
      askedAt: new Date('2026-11-22T10:00:00Z'),
      platform: 'slack',
      userKey: 'slack:U1',
      channel: 'slack:C1',
      question: 'who signs partner agreements?',
      language: 'en',
      orgScope: null,
      status: 'answered',
      actor: 'Regionstyrelsen',
    });
    expect(await recordQuestionFeedback(store, id, 'down', 'Wrong board')).toBe(true);
    expect(await recordQuestionFeedback(store, '999999', 'up', undefined)).toBe(false);
    expect(await recordQuestionFeedback(store, 'not-a-number', 'up', undefined)).toBe(false);
    const row = await store.db.selectFrom('question_log').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ feedback: 'down', feedback_text: 'Wrong board', status: 'answered' });
  });
});
