import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { replyToCard } from '../../adapters/teams/render/card.js';
import { makeTurn, type TurnInit } from '../../src/core/turn.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { fixture, startTeamsHarness, type Activity, type TeamsHarness } from './harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const card = (call: { body: Json }): Json => call.body.attachments[0].content;
const inputs = (c: Json): Json[] => c.body.filter((e: Json) => String(e.type).startsWith('Input.'));
const textBlocks = (c: Json): string[] =>
  c.body.filter((e: Json) => e.type === 'TextBlock').map((e: Json) => e.text as string);
/** Every Action.Submit in a card, inline sub-cards included. */
const submitData = (element: Json): Json[] => {
  if (Array.isArray(element)) return element.flatMap(submitData);
  if (!element || typeof element !== 'object') return [];
  return [
    ...(element.type === 'Action.Submit' ? [element.data] : []),
    ...submitData(element.body ?? []),
    ...submitData(element.actions ?? []),
    ...submitData(element.card ?? []),
    ...submitData(element.items ?? []),
  ];
};

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

  it('routes a group-chat command with the mention stripped; its private reply goes to a 1:1 chat', async () => {
    const delivered = await expectParity(fixture('group-chat-command'), {
      userId: '29:1a2b3c-user',
      userName: 'Anna Lind',
      channelId: '19:groupchat-abc@thread.v2',
      channelKind: 'group',
      input: { type: 'text', text: 'visit list upcoming' },
    });
    // The core marks visit lists private: the list goes to the chat Teams created for the user ...
    const [created] = h.connector.callsOf('create');
    expect(created!.body.members).toEqual([{ id: '29:1a2b3c-user', name: 'Anna Lind' }]);
    expect(delivered.conversationId).toMatch(/^a:fake-personal-/);
    // ... and the group chat gets only the note.
    const [, note] = h.connector.delivered();
    expect(note!.conversationId).toBe('19:groupchat-abc@thread.v2');
    expect(textBlocks(card(note!))).toEqual(['I sent you the reply in a private chat.']);
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

  /** Opens the real visit form in the 1:1 chat; returns the id Teams gave the form card. */
  async function openVisitForm(): Promise<string> {
    h.connector.reset();
    expect((await h.post(fixture('personal-message', { text: 'visit', locale: 'en-US' }))).status).toBe(200);
    const [form] = h.connector.delivered();
    expect(inputs(card(form!)).map((i: Json) => i.id)).toContain('title');
    h.connector.reset();
    return form!.id!;
  }

  function submitOf(formCardId: string, values: Activity): Activity {
    const submit = fixture('card-submit', { replyToId: formCardId, locale: 'en-US' });
    return { ...submit, value: { ...submit.value, ...values } };
  }

  const visitCount = async () =>
    Number(
      (
        await h.store.db
          .selectFrom('visits')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('replaces the submitted visit form with the saved visit, so the form cannot be sent twice', async () => {
    const formCardId = await openVisitForm();
    const before = await visitCount();
    expect((await h.post(submitOf(formCardId, {}))).status).toBe(200);
    const delivered = h.connector.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.kind).toBe('update');
    expect(delivered[0]!.activityId).toBe(formCardId);
    const saved = card(delivered[0]!);
    expect(textBlocks(saved).join('\n')).toContain('Partnership follow-up with Alytus');
    // What is left in place of the form has no inputs and nothing that submits the form again.
    expect(inputs(saved)).toEqual([]);
    expect(submitData(saved).some((data: Json) => 'ansvarForm' in data)).toBe(false);
    expect(await visitCount()).toBe(before + 1);
  });

  it('shows the errors of an invalid submit on the updated form card, with the values kept', async () => {
    const formCardId = await openVisitForm();
    const before = await visitCount();
    const submit = submitOf(formCardId, { title: '', date: '2026-02-30', time: '25:99' });
    expect((await h.post(submit)).status).toBe(200);
    const [delivered] = h.connector.delivered();
    expect(delivered!.kind).toBe('update');
    expect(delivered!.activityId).toBe(formCardId);
    const form = card(delivered!);
    const byId = Object.fromEntries(inputs(form).map((i: Json) => [i.id, i]));
    expect(byId.title.errorMessage).toMatch(/^required: a short title/);
    expect(byId.date.errorMessage).toMatch(/^'2026-02-30' is not a date/);
    expect(byId.time.errorMessage).toMatch(/^'25:99' is not a time/);
    // Shown as red lines too, because Teams shows errorMessage only after its own validation fails.
    for (const field of ['title', 'date', 'time'])
      expect(textBlocks(form)).toContain(byId[field].errorMessage);
    expect(byId.date.value).toBe('2026-02-30');
    expect(byId.time.value).toBe('25:99');
    expect(byId.city.value).toBe('Alytus');
    expect(byId.counterpart.value).toBe('Alytus District Municipality');
    expect(byId.kind.value).toBe('outgoing');
    expect(byId.country.value).toBe('LT');
    expect(byId.timezone.value).toBe('Europe/Vilnius');
    expect(submitData(form).some((data: Json) => data.ansvarForm === 'visit')).toBe(true);
    expect(await visitCount()).toBe(before);
  });

  it('escapes a visit title with a link, a mention, markdown and a date function in the saved card', async () => {
    const formCardId = await openVisitForm();
    const title = '[Click](https://evil.example) <at>Erik</at> **loud** {{DATE(2026-01-01T00:00:00Z)}}';
    expect((await h.post(submitOf(formCardId, { title }))).status).toBe(200);
    const [delivered] = h.connector.delivered();
    const saved = card(delivered!);
    const shown = textBlocks(saved).find((t) => t.includes('Click'));
    expect(shown).toBe(
      '**\\[Click\\](https://evil.example) \\<at\\>Erik\\</at\\> \\*\\*loud\\*\\* \\{\\{DATE(2026-01-01T00:00:00Z)\\}\\}**',
    );
    // The plain-text fallback has no escaping backslashes and no mention markup.
    expect(saved.fallbackText).toContain('[Click](https://evil.example) Erik **loud**');
    expect(saved.fallbackText).not.toMatch(/\\|<at>/i);
    const stored = await h.store.db
      .selectFrom('visits')
      .select('title')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.title).toBe(title);
  });
});
