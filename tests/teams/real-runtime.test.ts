import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { replyToCard } from '../../adapters/teams/render/card.js';
import { makeTurn, type TurnInit } from '../../src/core/turn.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { fixture, startTeamsHarness, type TeamsHarness } from './harness.js';

/**
 * The application's own runtime (createRuntime, whatever modules it has today): what Teams receives
 * must be exactly the core's reply to the equivalent Turn, rendered as a card.
 */
describeEachDatabase('Teams surface on the application runtime', (create) => {
  let database: TestDatabase;
  let h: TeamsHarness;

  beforeAll(async () => {
    database = await create();
    h = await startTeamsHarness(database, { core: 'real' });
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(() => h.connector.reset());

  async function expectParity(activity: Record<string, unknown>, turn: Omit<TurnInit, 'platform'>) {
    expect((await h.post(activity)).status).toBe(200);
    const [delivered] = h.connector.delivered();
    expect(delivered).toBeDefined();
    const expected = replyToCard(
      await h.runtime.core.router.handle(makeTurn({ platform: 'teams', ...turn })),
    );
    expect(delivered!.body.attachments[0].content).toEqual(expected);
    return delivered!;
  }

  it('routes a group-chat command with the mention stripped, as the core answers it', async () => {
    const delivered = await expectParity(fixture('group-chat-command'), {
      userId: '29:1a2b3c-user',
      userName: 'Anna Lind',
      channelId: '19:groupchat-abc@thread.v2',
      channelKind: 'group',
      input: { type: 'text', text: 'visit list upcoming' },
    });
    expect(delivered.conversationId).toBe('19:groupchat-abc@thread.v2');
  });

  it('answers hjälp in Swedish in a 1:1 chat, with the user time zone and locale passed on', async () => {
    await expectParity(fixture('personal-message', { text: 'hjälp' }), {
      userId: '29:1a2b3c-user',
      userName: 'Anna Lind',
      timezone: 'Europe/Stockholm',
      locale: 'sv-SE',
      channelId: 'a:1Xyz-personal-chat',
      channelKind: 'dm',
      input: { type: 'text', text: 'hjälp' },
    });
  });

  it("records Teams' thumbs down on a real answer in the question log", async () => {
    expect((await h.post(fixture('personal-message'))).status).toBe(200);
    const [answer] = h.connector.delivered();
    expect(answer!.body.channelData).toEqual({ feedbackLoopEnabled: true });
    const logged = await h.store.db
      .selectFrom('question_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(logged).toMatchObject({
      platform: 'teams',
      question: 'Vem sluter partneravtal?',
      channel: 'teams:a:1Xyz-personal-chat',
      feedback: null,
    });

    const response = await h.post(fixture('feedback-invoke', { replyToId: answer!.id }));
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    const voted = await h.store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', logged.id)
      .executeTakeFirstOrThrow();
    expect(voted).toMatchObject({ feedback: 'down', feedback_text: 'Wrong board' });
    expect(h.connector.delivered()).toHaveLength(1);
  });

  it('answers a channel question in its thread', async () => {
    const activity = fixture('channel-mention');
    expect((await h.post(activity)).status).toBe(200);
    const [delivered] = h.connector.delivered();
    expect(delivered!.kind).toBe('reply');
    expect(delivered!.conversationId).toBe('19:intl-office@thread.tacv2;messageid=1732269200000');
    expect(delivered!.activityId).toBe(activity.id);
    expect(delivered!.body.attachments[0].content.type).toBe('AdaptiveCard');
  });
});
