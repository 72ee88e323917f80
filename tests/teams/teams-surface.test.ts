import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTeamsPoster } from '../../adapters/teams/index.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { reply } from '../../src/core/reply.js';
import { saveConversationRef } from '../../src/store/conversation-refs.js';
import { startFakeTeamsConnector } from '../support/fake-teams-connector.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { fixture, startTeamsHarness, type Activity, type TeamsHarness } from './harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const card = (call: { body: Json }): Json => call.body.attachments[0].content;
const texts = (element: Json): string[] => {
  if (Array.isArray(element)) return element.flatMap(texts);
  if (!element || typeof element !== 'object') return [];
  const own = element.type === 'TextBlock' ? [element.text as string] : [];
  const facts = element.type === 'FactSet' ? element.facts.flatMap((f: Json) => [f.title, f.value]) : [];
  return [
    ...own,
    ...facts,
    ...texts(element.items ?? []),
    ...texts(element.body ?? []),
    ...texts(element.columns ?? []),
  ];
};
const inputs = (c: Json): Json[] => c.body.filter((e: Json) => String(e.type).startsWith('Input.'));
const submitAction = (c: Json): Json => c.body.find((e: Json) => e.type === 'ActionSet').actions[0];

async function errorCount(kind: string): Promise<number> {
  const metric = await platformErrorsTotal.get();
  return metric.values.find((v) => v.labels.platform === 'teams' && v.labels.kind === kind)?.value ?? 0;
}

describeEachDatabase('Teams surface', (create) => {
  let database: TestDatabase;
  let h: TeamsHarness;

  beforeAll(async () => {
    database = await create();
    h = await startTeamsHarness(database, { core: 'test' });
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(() => h.connector.reset());

  /** Asks a question in the 1:1 chat; returns the delivered answer. */
  async function ask(changes: Activity = {}) {
    const activity = fixture('personal-message', { id: `q-${Math.random()}`, ...changes });
    const response = await h.post(activity);
    expect(response.status).toBe(200);
    const [delivered] = h.connector.delivered().slice(-1);
    return { activity, delivered: delivered! };
  }

  it('answers a 1:1 question with an answer card as a reply to that message, feedback loop on', async () => {
    const { activity, delivered } = await ask();
    expect(delivered.kind).toBe('reply');
    expect(delivered.conversationId).toBe('a:1Xyz-personal-chat');
    expect(delivered.activityId).toBe(activity.id);
    expect(delivered.body.replyToId).toBe(activity.id);
    expect(delivered.body.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(delivered.body.text).toBeUndefined();
    const content = card(delivered);
    expect(content.type).toBe('AdaptiveCard');
    const shown = texts(content);
    expect(shown).toContain('**Regionstyrelsen** (Regional Executive Board) signs partner agreements.');
    const quote = content.body.find((e: Json) => e.type === 'Container');
    expect(quote.style).toBe('emphasis');
    expect(texts(quote)[0]).toMatch(/^Enskilda verksamheter kan inte sluta partneravtal/);
    expect(texts(quote)[1]).toContain('internationell-policy.md:142');
    const rows = await h.store.db.selectFrom('question_log').selectAll().execute();
    expect(rows.at(-1)).toMatchObject({
      platform: 'teams',
      user_key: 'teams:29:1a2b3c-user',
      question: 'Vem sluter partneravtal?',
      language: 'sv',
    });
  });

  it('strips the @mention through its entity, answers in the channel thread, and keeps a top-level reference', async () => {
    const activity = fixture('channel-mention', {
      id: `m-${Math.random()}`,
      text: '<at>Ansvar Bot</at> who signs partner agreements?',
      entities: [
        {
          type: 'mention',
          text: '<at>Ansvar Bot</at>',
          mentioned: { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'Ansvar Bot' },
        },
        { type: 'clientInfo', locale: 'en-US', timezone: 'Europe/Stockholm' },
      ],
    });
    expect((await h.post(activity)).status).toBe(200);
    const [delivered] = h.connector.delivered();
    expect(delivered!.conversationId).toBe('19:intl-office@thread.tacv2;messageid=1732269200000');
    expect(delivered!.activityId).toBe(activity.id);
    const logged = await h.store.db
      .selectFrom('question_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(logged.question).toBe('who signs partner agreements?');
    expect(logged.channel).toBe('19:intl-office@thread.tacv2');
    const ref = await h.store.db
      .selectFrom('conversation_refs')
      .selectAll()
      .where('conversation_id', '=', '19:intl-office@thread.tacv2')
      .executeTakeFirstOrThrow();
    const reference = JSON.parse(ref.reference);
    expect(reference.conversation.id).toBe('19:intl-office@thread.tacv2');
    expect(reference.activityId).toBeUndefined();
    expect(reference.serviceUrl).toBe(h.connector.serviceUrl);
  });

  it("records Teams' feedback (reaction and comment) on the answer it was given for", async () => {
    const { delivered } = await ask();
    const questionId = String(
      delivered.body.attachments[0].content.body.find((e: Json) => e.type === 'ActionSet').actions[0].data
        .value,
    );
    h.connector.reset();
    const response = await h.post(fixture('feedback-invoke', { replyToId: delivered.id }));
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(h.connector.calls).toHaveLength(0);
    const row = await h.store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', Number(questionId))
      .executeTakeFirstOrThrow();
    expect(row.feedback).toBe('down');
    expect(row.feedback_text).toBe('Wrong board');

    const like = fixture('feedback-invoke', {
      replyToId: delivered.id,
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } },
    });
    expect((await h.post(like)).status).toBe(200);
    const after = await h.store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', Number(questionId))
      .executeTakeFirstOrThrow();
    expect(after.feedback).toBe('up');
  });

  it('ignores feedback on a message that carried no answer, and on an answer from another conversation', async () => {
    const { delivered } = await ask();
    const voted = async () =>
      (await h.store.db.selectFrom('question_log').select('id').where('feedback', 'is not', null).execute())
        .length;
    const before = await voted();
    const elsewhere = fixture('feedback-invoke', {
      replyToId: delivered.id,
      conversation: { id: 'a:other-chat', conversationType: 'personal' },
    });
    expect((await h.post(elsewhere)).status).toBe(200);
    expect((await h.post(fixture('feedback-invoke', { replyToId: 'never-sent' }))).status).toBe(200);
    expect(await voted()).toBe(before);
  });

  it('refuses feedback, home and foreign share verbs sent as card submits, with a short message', async () => {
    const { delivered: answer } = await ask();
    const questionId = String(
      card(answer).body.find((e: Json) => e.type === 'ActionSet').actions[0].data.value,
    );
    const feedbackOf = async () =>
      (
        await h.store.db
          .selectFrom('question_log')
          .select(['feedback'])
          .where('id', '=', Number(questionId))
          .executeTakeFirstOrThrow()
      ).feedback;
    const forged = [
      // Even from the answer's own card: Teams' feedback loop is the only way to vote.
      { replyToId: answer.id, value: { verb: 'feedback', value: `${questionId}:down` } },
      { value: { verb: 'feedback', value: `${questionId}:up` } },
      { replyToId: answer.id, value: { verb: 'home', value: '' } },
      { value: { verb: 'answer.share', value: questionId } },
      { replyToId: 'some-other-message', value: { verb: 'answer.share', value: questionId } },
      { replyToId: answer.id, value: { verb: 'answer.share', value: String(Number(questionId) + 1) } },
    ];
    for (const changes of forged) {
      h.connector.reset();
      const submit = fixture('card-submit', { id: `f-${Math.random()}`, ...changes });
      if (!('replyToId' in changes)) delete submit.replyToId;
      expect((await h.post(submit)).status).toBe(200);
      const sent = h.connector.delivered();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.kind).toBe('reply');
      expect(texts(card(sent[0]!))).toEqual(['That button cannot be used here in Teams.']);
    }
    expect(await feedbackOf()).toBeNull();

    // The share button the bot rendered on that answer card still works.
    h.connector.reset();
    const share = fixture('card-submit', {
      id: `sh-${Math.random()}`,
      replyToId: answer.id,
      value: { verb: 'answer.share', value: questionId },
    });
    expect((await h.post(share)).status).toBe(200);
    expect(texts(card(h.connector.delivered()[0]!))).toEqual([`Shared ${questionId}`]);
  });

  it('sends the visit form as a card: date, time, kind (expanded), country and time zone (filtered), text', async () => {
    expect((await h.post(fixture('personal-message', { text: 'visit', locale: 'en-US' }))).status).toBe(200);
    const [delivered] = h.connector.delivered();
    const form = card(delivered!);
    const byId = Object.fromEntries(inputs(form).map((i: Json) => [i.id, i]));
    expect(byId.title).toMatchObject({ type: 'Input.Text', isRequired: true, maxLength: 200 });
    expect(byId.date).toMatchObject({ type: 'Input.Date', isRequired: true });
    expect(byId.time.type).toBe('Input.Time');
    expect(byId.kind).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded' });
    expect(byId.kind.choices.map((c: Json) => c.value)).toEqual(['incoming', 'outgoing', 'digital']);
    expect(byId.country).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(byId.timezone).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(byId.purpose).toMatchObject({ type: 'Input.Text', isMultiline: true });
    expect(submitAction(form).data).toEqual({ verb: 'visit.submit', ansvarForm: 'visit' });
    // Long lists are searched on demand; the card stays far below Teams' ~28 KB limit.
    expect(byId.timezone['choices.data']).toMatchObject({ type: 'Data.Query' });
    expect(Buffer.byteLength(JSON.stringify(delivered!.body))).toBeLessThan(20_000);

    const search = await h.post({
      ...fixture('feedback-invoke'),
      name: 'application/search',
      value: {
        queryText: 'vilni',
        dataset: byId.timezone['choices.data'].dataset,
        queryOptions: { skip: 0, top: 15 },
      },
    });
    expect(search.status).toBe(200);
    const results = JSON.parse(search.body);
    expect(results.type).toBe('application/vnd.microsoft.search.searchResponse');
    expect(results.value.results).toContainEqual({ title: 'Europe/Vilnius', value: 'Europe/Vilnius' });
    const countries = JSON.parse(
      (
        await h.post({
          ...fixture('feedback-invoke'),
          name: 'application/search',
          value: {
            queryText: 'lithu',
            dataset: byId.country['choices.data'].dataset,
            queryOptions: { skip: 0, top: 15 },
          },
        })
      ).body,
    );
    expect(countries.value.results.map((r: Json) => r.value)).toContain('LT');
  });

  it('updates the form card in place with the errors shown and the values kept on an invalid submit', async () => {
    const submit = fixture('card-submit');
    submit.value = { ...submit.value, title: '', date: 'next thursday' };
    expect((await h.post(submit)).status).toBe(200);
    const [delivered] = h.connector.delivered();
    expect(delivered!.kind).toBe('update');
    expect(delivered!.method).toBe('PUT');
    expect(delivered!.activityId).toBe(submit.replyToId);
    const form = card(delivered!);
    const byId = Object.fromEntries(inputs(form).map((i: Json) => [i.id, i]));
    expect(byId.date).toMatchObject({ errorMessage: "'next thursday' is not a date (YYYY-MM-DD)" });
    expect(byId.title.errorMessage).toBe('required: a short title');
    expect(texts(form)).toContain("'next thursday' is not a date (YYYY-MM-DD)");
    expect(byId.city.value).toBe('Alytus');
    expect(byId.counterpart.value).toBe('Alytus District Municipality');
    expect(byId.timezone.value).toBe('Europe/Vilnius');
    expect(byId.timezone.choices).toEqual([{ title: 'Europe/Vilnius', value: 'Europe/Vilnius' }]);
    expect(byId.country.value).toBe('LT');
  });

  it('saves a valid submit by replacing the form; its buttons and confirmations route back as actions', async () => {
    const submit = fixture('card-submit', { id: `s-${Math.random()}` });
    expect((await h.post(submit)).status).toBe(200);
    const [saved] = h.connector.delivered();
    expect(saved!.kind).toBe('update');
    const content = card(saved!);
    expect(texts(content)).toContain('Partnership follow-up with Alytus');
    const actions = content.body.find((e: Json) => e.type === 'ActionSet').actions;
    expect(actions[0]).toMatchObject({
      type: 'Action.Submit',
      title: 'Mark reported',
      style: 'positive',
      data: { verb: 'visit.reported', value: '1' },
      associatedInputs: 'none',
    });
    expect(actions[2]).toMatchObject({
      type: 'Action.ShowCard',
      title: 'Cancel visit',
      style: 'destructive',
    });
    const confirm = actions[2].card.body.find((e: Json) => e.type === 'ActionSet').actions[0];
    expect(confirm).toMatchObject({
      type: 'Action.Submit',
      title: 'Cancel it',
      data: { verb: 'visit.cancel', value: '1' },
    });

    h.connector.reset();
    const click = fixture('card-submit', {
      id: `c-${Math.random()}`,
      replyToId: saved!.activityId,
      value: confirm.data,
    });
    expect((await h.post(click)).status).toBe(200);
    const [done] = h.connector.delivered();
    expect(done!.kind).toBe('update');
    expect(texts(card(done!))).toEqual(['visit.cancel 1 done']);
  });

  it('handles a redelivered activity once', async () => {
    const activity = fixture('personal-message', { id: `dup-${Math.random()}`, text: 'help' });
    expect((await h.post(activity)).status).toBe(200);
    expect((await h.post(activity)).status).toBe(200);
    expect(h.connector.delivered()).toHaveLength(1);
    // The same id in another conversation is another activity.
    expect(
      (await h.post({ ...activity, conversation: { id: 'a:2nd-chat', conversationType: 'personal' } }))
        .status,
    ).toBe(200);
    expect(h.connector.delivered()).toHaveLength(2);
  });

  it('retries throttled (429 Retry-After) and failing (503) connector calls with backoff', async () => {
    const throttledBefore = await errorCount('throttled');
    h.connector.failNext({ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { status: 502 });
    expect((await h.post(fixture('personal-message', { text: 'help' }))).status).toBe(200);
    expect(h.connector.calls.map((c) => c.status)).toEqual([429, 503, 502, 200]);
    expect(new Set(h.connector.calls.map((c) => c.path)).size).toBe(1);
    expect(await errorCount('throttled')).toBe(throttledBefore + 1);
  });

  it('gives up after a bounded number of attempts, counts it, and still answers Teams', async () => {
    const before = await errorCount('connector_gave_up');
    h.connector.failNext(
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    );
    const response = await h.post(fixture('personal-message', { text: 'help' }));
    expect(response.status).toBe(200);
    expect(response.body).not.toMatch(/Error|at .*\.ts/);
    expect(h.connector.calls).toHaveLength(4);
    expect(await errorCount('connector_gave_up')).toBe(before + 1);
    // A 4xx is not retried, and no apology is attempted into a conversation that refuses the bot.
    h.connector.reset();
    const refusedBefore = await errorCount('connector');
    h.connector.failNext({ status: 403, body: { error: { code: 'BotNotInConversationRoster' } } });
    expect((await h.post(fixture('personal-message', { text: 'help' }))).status).toBe(200);
    expect(h.connector.calls.map((c) => c.status)).toEqual([403]);
    expect(await errorCount('connector')).toBe(refusedBefore + 1);
  });

  it('stores the reference and welcomes the channel when the bot is added to a team', async () => {
    const install = fixture('installation-update', { id: `i-${Math.random()}` });
    expect((await h.post(install)).status).toBe(200);
    const [welcome] = h.connector.delivered();
    expect(welcome!.conversationId).toBe('19:intl-office@thread.tacv2');
    expect(texts(card(welcome!))[0]).toBe('How to use Ansvar');
    const row = await h.store.db
      .selectFrom('conversation_refs')
      .selectAll()
      .where('platform', '=', 'teams')
      .where('conversation_id', '=', '19:intl-office@thread.tacv2')
      .executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('keeps the reference on install and upgrade, and forgets it when the bot is uninstalled or removed', async () => {
    const stored = async (conversationId: string) =>
      (await h.store.db
        .selectFrom('conversation_refs')
        .select('conversation_id')
        .where('platform', '=', 'teams')
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst()) !== undefined;
    const { membersAdded: _added, ...base } = fixture('installation-update');
    const installation = (conversationId: string, action: string) => ({
      ...base,
      id: `iu-${Math.random()}`,
      type: 'installationUpdate',
      action,
      conversation: { id: conversationId, conversationType: 'personal' },
    });

    const chat = `a:install-${Math.random()}`;
    expect((await h.post(installation(chat, 'add-upgrade'))).status).toBe(200);
    expect(await stored(chat)).toBe(true);
    expect((await h.post(installation(chat, 'remove'))).status).toBe(200);
    expect(await stored(chat)).toBe(false);
    expect((await h.post(installation(chat, 'add'))).status).toBe(200);
    expect(await stored(chat)).toBe(true);
    expect((await h.post(installation(chat, 'remove-upgrade'))).status).toBe(200);
    expect(await stored(chat)).toBe(false);

    const channel = `19:removed-${Math.random()}@thread.tacv2`;
    const inChannel = { conversation: { id: channel, conversationType: 'channel', isGroup: true } };
    await h.post(fixture('installation-update', { id: `a-${Math.random()}`, ...inChannel }));
    expect(await stored(channel)).toBe(true);
    // A person leaving changes nothing; the bot leaving (in a thread of the channel too) forgets it.
    const removed = (memberId: string, conversationId = channel) => ({
      ...base,
      id: `r-${Math.random()}`,
      conversation: { ...inChannel.conversation, id: conversationId },
      membersRemoved: [{ id: memberId }],
    });
    expect((await h.post(removed('29:someone-else'))).status).toBe(200);
    expect(await stored(channel)).toBe(true);
    expect((await h.post(removed(base.recipient.id, `${channel};messageid=17`))).status).toBe(200);
    expect(await stored(channel)).toBe(false);
    expect(h.connector.delivered()).toHaveLength(1); // only the welcome when the bot was added
  });

  it('posts proactively (the digest) to a stored channel as a new top-level message', async () => {
    await h.post(fixture('channel-mention', { id: `p-${Math.random()}`, text: '<at>Ansvar</at> help' }));
    h.connector.reset();
    // Standalone, as `ansvar digest send --platform teams` uses it: its own adapter, no server.
    const poster = createTeamsPoster(h.config, h.store, pino({ level: 'silent' }));
    const digest = reply({
      text: 'Weekly digest',
      blocks: [
        { type: 'header', text: 'This week' },
        { type: 'text', text: ['3 visits'] },
      ],
    });
    const posted = await poster.post('19:intl-office@thread.tacv2', digest);
    const [sent] = h.connector.delivered();
    expect(sent!.kind).toBe('send');
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/v3/conversations/19%3Aintl-office%40thread.tacv2/activities');
    expect(sent!.body.replyToId).toBeUndefined();
    expect(sent!.body.conversation.id).toBe('19:intl-office@thread.tacv2');
    expect(texts(card(sent!))).toEqual(['This week', '3 visits']);
    expect(posted.messageId).toBe(sent!.id);
    await expect(poster.post('19:unknown@thread.tacv2', digest)).rejects.toThrow(
      /no Teams conversation reference/,
    );

    // Anonymous mode never posts to a stored reference outside loopback either.
    await saveConversationRef(h.store, 'teams', '19:foreign@thread.tacv2', {
      conversation: { id: '19:foreign@thread.tacv2' },
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
    });
    await expect(poster.post('19:foreign@thread.tacv2', digest)).rejects.toThrow(/loopback/);
    expect(h.connector.calls).toHaveLength(1);
  });

  it("answers a command that throws with the router's short apology and no internals", async () => {
    const turnErrors = await errorCount('turn');
    const click = fixture('card-submit', { value: { verb: 'visit.boom', value: '1' } });
    expect((await h.post(click)).status).toBe(200);
    const [delivered] = h.connector.delivered();
    const shown = texts(card(delivered!)).join(' ');
    expect(shown).toBe('Something went wrong while answering. Please try again in a moment.');
    expect(JSON.stringify(delivered!.body)).not.toMatch(/secret|visit-repository/);
    // The core answered for itself: nothing failed in the adapter.
    expect(await errorCount('turn')).toBe(turnErrors);
  });

  it('answers a turn that fails in the adapter (a reply it cannot render) through its own error handler', async () => {
    for (const [locale, apology] of [
      ['en-US', 'Something went wrong while answering. Please try again in a moment.'],
      ['sv-SE', 'Något gick fel när jag skulle svara. Försök igen om en stund.'],
    ] as const) {
      h.connector.reset();
      const turnErrors = await errorCount('turn');
      const click = fixture('card-submit', {
        id: `u-${Math.random()}`,
        locale,
        value: { verb: 'visit.unrenderable', value: '1' },
      });
      const response = await h.post(click);
      expect(response.status).toBe(200);
      expect(response.body).not.toMatch(/input id|Error|at .*\.ts/);
      const delivered = h.connector.delivered();
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.kind).toBe('reply');
      expect(texts(card(delivered[0]!))).toEqual([apology]);
      expect(JSON.stringify(delivered[0]!.body)).not.toMatch(/input id|Secret label|verb'/);
      expect(await errorCount('turn')).toBe(turnErrors + 1);
    }
  });

  it('refuses a non-loopback serviceUrl in anonymous mode before anything is processed', async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    const outside = lan ? await startFakeTeamsConnector('0.0.0.0', lan.address) : undefined;
    try {
      const before = await errorCount('refused');
      const targets = [
        'https://smba.trafficmanager.net/emea/',
        'http://169.254.169.254/',
        ...(outside ? [outside.serviceUrl] : []),
      ];
      for (const serviceUrl of targets) {
        const activity = fixture('personal-message', { id: `x-${Math.random()}`, text: 'help' });
        const response = await h.post({ ...activity, serviceUrl }, { keepServiceUrl: true });
        expect(response.status).toBe(403);
        const claimed = await h.store.db
          .selectFrom('processed_events')
          .selectAll()
          .where('key', 'like', `%${activity.id}`)
          .execute();
        expect(claimed).toHaveLength(0);
      }
      expect(outside?.calls ?? []).toHaveLength(0);
      expect(h.connector.calls).toHaveLength(0);
      expect(await errorCount('refused')).toBe(before + targets.length);
    } finally {
      await outside?.close();
    }
  });

  it('escapes user text so a visit title cannot become a link, a mention or a date function', async () => {
    const submit = fixture('card-submit', { id: `e-${Math.random()}` });
    submit.value = {
      ...submit.value,
      title: '[Click](https://evil.example) <at>Erik</at> **loud** {{DATE(2026-01-01T00:00:00Z)}}',
    };
    await h.post(submit);
    const shown = texts(card(h.connector.delivered()[0]!));
    const title = shown.find((t) => t.includes('Click'))!;
    expect(title).toBe(
      '\\[Click\\](https://evil.example) \\<at\\>Erik\\</at\\> \\*\\*loud\\*\\* \\{\\{DATE(2026-01-01T00:00:00Z)\\}\\}',
    );
  });

  it('rejects malformed bodies with 400 and no stack trace', async () => {
    const response = await fetch(`${h.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": ',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/SyntaxError|at /);
    expect((await h.post({ text: 'no type' })).status).toBe(400);
    expect((await fetch(`${h.server.url}/api/messages`)).status).toBe(405);
  });
});
