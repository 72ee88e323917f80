import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { checkHome, checkMessage, checkModal } from './support/block-kit-limits.js';
import { BOT_USER_ID, fixtureJson, startSlackHarness, type SlackHarness } from './support/harness.js';

/**
 * The server exactly as `npm start` builds it (the real core with whatever question handler, visit
 * register and digest are in place), driven over HTTP: whatever the core answers must reach Slack
 * within Block Kit's limits, in the right place.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachDatabase('Slack with the real core', (create) => {
  let database: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    database = await create();
    h = await startSlackHarness({ database, core: 'real' });
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(() => h.fake.reset());

  it('answers a mention in its thread with a valid message', async () => {
    const envelope = fixtureJson<Json>('app-mention.json');
    envelope.event.text = `<@${BOT_USER_ID}> who signs partner agreements in Region Jönköpings län?`;
    await h.event(envelope);
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0], 10_000);
    expect(post.args.thread_ts).toBe(envelope.event.ts);
    expect(checkMessage(post.args)).toEqual([]);
  });

  it('answers /policy privately with valid blocks', async () => {
    const responseUrl = h.fake.responseUrl('real-policy');
    const ack = await h.command({
      command: '/policy',
      text: 'vem beslutar om vänortssamarbeten?',
      response_url: responseUrl,
      trigger_id: 't.1',
    });
    const answer = ack.json as Json;
    expect(answer.response_type).toBe('ephemeral');
    expect(checkMessage(answer)).toEqual([]);
    for (const more of h.fake.responsesTo('real-policy')) expect(checkMessage(more.body)).toEqual([]);
  });

  it('turns /visit into a modal or a message that Slack accepts', async () => {
    const responseUrl = h.fake.responseUrl('real-visit');
    const ack = await h.command({
      command: '/visit',
      text: '',
      response_url: responseUrl,
      trigger_id: 't.2',
    });
    if (ack.json) expect(checkMessage(ack.json as Json)).toEqual([]);
    else
      await h.fake.waitFor(
        () => h.fake.callsTo('views.open').length > 0 || h.fake.responsesTo('real-visit').length > 0,
        10_000,
      );
    for (const open of h.fake.callsTo('views.open')) expect(checkModal(open.args.view as Json)).toEqual([]);
    for (const r of h.fake.responsesTo('real-visit')) expect(checkMessage(r.body)).toEqual([]);
  });

  it('publishes a valid Home tab', async () => {
    const envelope = fixtureJson<Json>('app-home-opened.json');
    envelope.event_id = 'EvRealHome';
    await h.event(envelope);
    const publish = await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0], 10_000);
    expect(checkHome(publish.args.view as Json)).toEqual([]);
    expect(JSON.stringify(publish.args.view)).toContain('Ansvar');

    // Its primary button (log a visit) opens the visit form as a modal.
    const button = (publish.args.view as Json).blocks
      .flatMap((b: Json) => (b.elements as Json[] | undefined) ?? [])
      .find((e: Json) => e.type === 'button' && e.style === 'primary') as Json;
    expect(button).toBeDefined();
    const payload = fixtureJson<Json>('block-actions.home-tab.json');
    payload.user = { id: 'U123ABC456', username: 'u', name: 'u', team_id: 'T1' };
    payload.actions = [
      { ...payload.actions[0], action_id: button.action_id, value: button.value ?? '', confirm: undefined },
    ];
    await h.interaction(payload);
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0], 10_000);
    const modal = open.args.view as Json;
    expect(modal.type).toBe('modal');
    expect(checkModal(modal)).toEqual([]);
    expect(JSON.parse(modal.private_metadata as string)).toMatchObject({ home: true });
  });

  it('records 👍 on a real answer in the question log and thanks the user', async () => {
    const ack = await h.command({
      command: '/policy',
      text: 'who signs partner agreements?',
      response_url: h.fake.responseUrl('rq'),
      trigger_id: 't.6',
      user_id: 'UVOTE',
    });
    const answer = ack.json as Json;
    const up = (answer.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === 'feedback') as Json;
    expect(up).toBeDefined();
    const payload = fixtureJson<Json>('block-actions.bolt-python.json');
    payload.user = { id: 'UVOTE', username: 'v', name: 'v', team_id: 'T1' };
    payload.response_url = h.fake.responseUrl('vote');
    payload.actions = [
      {
        action_id: up.action_id,
        block_id: 'ansvar.feedback',
        type: 'button',
        value: up.value,
        action_ts: '1.1',
      },
    ];
    await h.interaction(payload);
    const [thanked] = await h.fake.waitFor(
      () => (h.fake.responsesTo('vote').length ? h.fake.responsesTo('vote') : undefined),
      10_000,
    );
    expect(thanked!.body.replace_original).toBe(true);
    expect(checkMessage(thanked!.body)).toEqual([]);
    expect(JSON.stringify(thanked!.body.blocks)).not.toContain('"action_id":"feedback"');
    const id = Number(String(up.value).split(':')[0]);
    const row = await h.store.db
      .selectFrom('question_log')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      feedback: 'up',
      platform: 'slack',
      user_key: 'slack:UVOTE',
      question: 'who signs partner agreements?',
    });
  });

  it('logs a visit titled <!channel> that pings nobody, in the confirmation and in the list', async () => {
    const user = 'UESC1';
    const added = await h.command({
      command: '/visit',
      // What Slack sends when someone types "<!channel> party" literally: already escaped.
      text: 'add 2026-12-03 10:00 Vilnius — &lt;!channel&gt; party',
      response_url: h.fake.responseUrl('esc-add'),
      trigger_id: 't.3',
      user_id: user,
    });
    const listed = await h.command({
      command: '/visit',
      text: 'list',
      response_url: h.fake.responseUrl('esc-list'),
      trigger_id: 't.4',
      user_id: user,
    });
    for (const message of [added.json as Json, listed.json as Json]) {
      expect(checkMessage(message)).toEqual([]);
      const texts = mrkdwnTexts(message);
      expect(texts.some((t) => t.includes('&lt;!channel&gt; party'))).toBe(true);
      for (const text of texts) expect(text).not.toContain('<!channel>');
    }
  });

  it('shows formatting characters typed in a visit title as they are, in the list and the Home tab', async () => {
    const user = 'UFMT1';
    await h.command({
      command: '/visit',
      text: 'add 2026-12-09 10:00 Vilnius — *bold* _it_ ~gone~ `code`',
      response_url: h.fake.responseUrl('fmt-add'),
      trigger_id: 't.7',
      user_id: user,
    });
    const listed = await h.command({
      command: '/visit',
      text: 'list',
      response_url: h.fake.responseUrl('fmt-list'),
      trigger_id: 't.8',
      user_id: user,
    });
    const home = fixtureJson<Json>('app-home-opened.json');
    home.event_id = 'EvFmtHome';
    home.event.user = user;
    await h.event(home);
    const publish = await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0], 10_000);
    // The blocks, that is; the plain fallback `text` (notifications) keeps what the user typed.
    for (const shown of [listed.json as Json, publish.args.view as Json]) {
      const texts = mrkdwnTexts({ blocks: shown.blocks }).join('\n');
      expect(texts).toContain('\u2217bold\u2217 \u02cdit\u02cd \u223cgone\u223c \u02cbcode\u02cb');
      expect(texts).not.toMatch(/\*bold\*|_it_|~gone~|`code`/);
    }
  });

  it('keeps the result of a button on an ephemeral list private to the clicker', async () => {
    const user = 'UEPH1';
    await h.command({
      command: '/visit',
      text: 'add 2026-12-10 10:00 Riga — Ephemeral cancel',
      response_url: h.fake.responseUrl('eph-add'),
      trigger_id: 't.9',
      user_id: user,
    });
    const listed = (
      await h.command({
        command: '/visit',
        text: 'list mine',
        response_url: h.fake.responseUrl('eph-list'),
        trigger_id: 't.10',
        user_id: user,
      })
    ).json as Json;
    expect(listed.response_type).toBe('ephemeral');
    const buttonsOf = (message: Json) =>
      (message.blocks as Json[]).flatMap((b) => (b.elements as Json[] | undefined) ?? []);
    // Both clicks happen on ephemeral messages: "Details" on the list, then "Cancel" on the details.
    const clickEphemeral = async (button: Json, id: string) => {
      const payload = fixtureJson<Json>('block-actions.bolt-python.json');
      payload.user = { id: user, username: 'e', name: 'e', team_id: 'T1' };
      payload.container = {
        type: 'message',
        message_ts: '1700001000.000100',
        channel_id: 'C0EPH',
        is_ephemeral: true,
      };
      payload.channel = { id: 'C0EPH', name: 'general' };
      payload.response_url = h.fake.responseUrl(id);
      payload.actions = [
        { action_id: button.action_id, block_id: 'b', type: 'button', value: button.value, action_ts: '1.1' },
      ];
      delete payload.message;
      await h.interaction(payload);
      const [first] = await h.fake.waitFor(
        () => (h.fake.responsesTo(id).length ? h.fake.responsesTo(id) : undefined),
        10_000,
      );
      return first!.body;
    };
    const show = buttonsOf(listed).find((e) => String(e.action_id).startsWith('visit.show'));
    expect(show).toBeDefined();
    const details = await clickEphemeral(show!, 'eph-show');
    expect(details.response_type).toBe('ephemeral');
    const cancel = buttonsOf(details).find((e) => String(e.action_id).startsWith('visit.cancel'));
    expect(cancel).toBeDefined();
    h.fake.reset();
    const result = await clickEphemeral(cancel!, 'eph-cancel');
    // The core announces a cancellation publicly; clicked on an ephemeral message, it stays private.
    expect(result.response_type).toBe('ephemeral');
    expect(checkMessage(result)).toEqual([]);
    expect(JSON.stringify(result.blocks)).toContain('Ephemeral cancel');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('submits the real visit form: field errors inline, then the visit logged where the form was opened', async () => {
    const responseUrl = h.fake.responseUrl('real-form');
    await h.command({
      command: '/visit',
      text: '',
      response_url: responseUrl,
      trigger_id: 't.5',
      user_id: 'UFORM',
    });
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0], 10_000);
    const view = open.args.view as Json;
    const submit = (values: Record<string, string>) => {
      const payload = fixtureJson<Json>('view-submission.json');
      payload.user = { id: 'UFORM', username: 'form', name: 'form', team_id: 'T1' };
      payload.view = {
        ...payload.view,
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
        state: stateFor(view, values),
      };
      return h.interaction(payload);
    };
    const rejected = await submit({ title: '<!here> study visit', kind: 'outgoing' });
    expect(rejected.status).toBe(200);
    const errors = (rejected.json as Json).errors as Record<string, string>;
    expect((rejected.json as Json).response_action).toBe('errors');
    expect(Object.keys(errors)).toContain('date');

    const accepted = await submit({
      title: '<!here> study visit',
      kind: 'outgoing',
      date: '2026-12-05',
      city: 'Riga',
      country: 'LV',
    });
    expect(accepted.text).toBe('');
    const [posted] = await h.fake.waitFor(
      () => (h.fake.responsesTo('real-form').length ? h.fake.responsesTo('real-form') : undefined),
      10_000,
    );
    expect(checkMessage(posted!.body)).toEqual([]);
    const texts = mrkdwnTexts(posted!.body);
    expect(texts.some((t) => t.includes('&lt;!here&gt; study visit'))).toBe(true);
    for (const text of texts) expect(text).not.toContain('<!here>');
  });
});

/** Everything Slack parses as mrkdwn in a message: the fallback text and the mrkdwn text objects. */
function mrkdwnTexts(message: Json): string[] {
  const out: string[] = typeof message.text === 'string' ? [message.text] : [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Json;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      Object.values(record).forEach(visit);
    }
  };
  visit(message.blocks);
  return out;
}

/** The `state.values` Slack would send for a modal filled in with these values (others left empty). */
function stateFor(view: Json, values: Record<string, string>): Json {
  const state: Json = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input') continue;
    const element = block.element as Json;
    const value = values[block.block_id as string];
    const entry: Json = { type: element.type };
    if (element.type === 'datepicker') entry.selected_date = value ?? null;
    else if (element.type === 'timepicker') entry.selected_time = value ?? null;
    else if (element.type === 'static_select' || element.type === 'radio_buttons') {
      const options = [
        ...((element.options as Json[]) ?? []),
        ...((element.option_groups as Json[]) ?? []).flatMap((g) => g.options as Json[]),
      ];
      const option = options.find((o) => o.value === value);
      entry.selected_option = option ?? null;
    } else entry.value = value ?? null;
    state[block.block_id as string] = { [element.action_id as string]: entry };
  }
  return { values: state };
}
