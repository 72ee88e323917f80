import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { BOT_USER_ID, fixtureJson, startSlackHarness, type SlackHarness } from './support/harness.js';

/** Socket Mode: the app dials a local ws:// server (from apps.connections.open) and acks every envelope. */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachDatabase('Slack over Socket Mode', (create) => {
  let database: TestDatabase;
  let h: SlackHarness;
  let openedWith: (string | undefined)[] = [];
  beforeAll(async () => {
    database = await create();
    h = await startSlackHarness({ database, socketMode: true });
    await h.fake.socketConnected();
    openedWith = h.fake.callsTo('apps.connections.open').map((c) => c.token);
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(() => h.fake.reset());

  it('connects with the app-level token and serves no HTTP endpoint', async () => {
    expect(h.server.surfaces.map((s) => s.description)).toContain('Slack over Socket Mode');
    expect(openedWith).toEqual(['xapp-test-token']);
    const response = await fetch(`${h.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });

  it('answers a slash command envelope in its ack payload', async () => {
    const envelope = fixtureJson<Json>('socket-mode-slash-command.json');
    envelope.payload.command = '/policy';
    envelope.payload.text = 'who signs partner agreements?';
    envelope.payload.response_url = h.fake.responseUrl('socket-cmd');
    const ack = await h.fake.sendEnvelope(envelope);
    expect(ack.envelope_id).toBe(envelope.envelope_id);
    const answer = ack.payload as Json;
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).toContain('who signs partner agreements?');
  });

  it('acks a slow slash command in time and answers through the response_url', async () => {
    const envelope = fixtureJson<Json>('socket-mode-slash-command.json');
    envelope.envelope_id = 'slow-1';
    envelope.payload.command = '/policy';
    envelope.payload.text = 'who answers slowly?';
    envelope.payload.response_url = h.fake.responseUrl('socket-slow');
    const ack = await h.fake.sendEnvelope(envelope);
    expect(ack.payload ?? {}).toEqual({});
    const [answer] = await h.fake.waitFor(() => {
      const r = h.fake.responsesTo('socket-slow');
      return r.length > 0 ? r : undefined;
    }, 5000);
    expect(JSON.stringify(answer!.body.blocks)).toContain('who answers slowly?');
  });

  it('handles a retried events_api envelope (retry_attempt) once and answers in the thread', async () => {
    const envelope = fixtureJson<Json>('socket-mode-app-mention.json');
    envelope.payload.event.text = `<@${BOT_USER_ID}> who adopts the international policy?`;
    const first = await h.fake.sendEnvelope(envelope);
    const again = await h.fake.sendEnvelope({
      ...envelope,
      envelope_id: 'second-delivery',
      retry_attempt: 3,
    });
    expect(first.envelope_id).toBe(envelope.envelope_id);
    expect(again.envelope_id).toBe('second-delivery');
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    expect(post.args.thread_ts).toBe(envelope.payload.event.ts);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('returns field errors in the ack payload of a view_submission envelope', async () => {
    const submission = fixtureJson<Json>('view-submission.json');
    submission.view.callback_id = 'ansvar.form:visit';
    submission.view.private_metadata = '{}';
    submission.view.blocks = [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'Title' },
        element: { type: 'plain_text_input', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: 'date',
        label: { type: 'plain_text', text: 'Date' },
        element: { type: 'datepicker', action_id: 'value' },
      },
    ];
    submission.view.state = {
      values: {
        title: { value: { type: 'plain_text_input', value: 'Riga' } },
        date: { value: { type: 'datepicker', selected_date: null } },
      },
    };
    const ack = await h.fake.sendEnvelope({
      envelope_id: 'view-1',
      type: 'interactive',
      accepts_response_payload: true,
      payload: submission,
    });
    expect(ack.payload).toEqual({ response_action: 'errors', errors: { date: 'Pick a date.' } });
  });
});
