import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import type { RecordedCall } from '../support/fake-slack-api.js';
import {
  BOT_USER_ID,
  fixtureJson,
  SIGNING_SECRET,
  startSlackHarness,
  type SlackHarness,
} from './support/harness.js';
import { JSON_TYPE } from './support/signing.js';

/** Events over real HTTP: signatures, mentions and DMs answered in threads, retries and bots ignored. */

interface Envelope {
  event_id: string;
  event: Record<string, unknown>;
  [key: string]: unknown;
}

let seq = 0;
function mention(text: string, extra: Record<string, unknown> = {}): Envelope {
  const envelope = fixtureJson<Envelope>('app-mention.json');
  seq += 1;
  envelope.event_id = `EvMention${seq}`;
  envelope.event = { ...envelope.event, text, ts: `1700000000.${String(seq).padStart(6, '0')}`, ...extra };
  return envelope;
}

function directMessage(text: string, extra: Record<string, unknown> = {}): Envelope {
  const envelope = fixtureJson<Envelope>('message-im.json');
  seq += 1;
  envelope.event_id = `EvDm${seq}`;
  envelope.event = { ...envelope.event, text, ts: `1700000100.${String(seq).padStart(6, '0')}`, ...extra };
  return envelope;
}

/** Gives asynchronous listeners time to (wrongly) post something before asserting nothing was posted. */
async function settle(h: SlackHarness, ms = 300): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await h.fake.waitFor(() => h.server.inFlight === 0);
}

describeEachDatabase('Slack over HTTP: events', (create) => {
  let database: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    database = await create();
    h = await startSlackHarness({ database });
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(() => h.fake.reset());

  it('verified auth.test at start-up with the bot token against SLACK_API_URL', () => {
    expect(h.server.surfaces.map((s) => s.description)).toContain('Slack over HTTP at POST /slack/events');
    // The fake is only reachable through SLACK_API_URL: a call recorded there went to that URL.
    const checks = h.startupCalls.filter((c) => c.method === 'auth.test');
    expect(checks).toHaveLength(1);
    expect(checks[0]!.token).toBe('xoxb-test-token');
  });

  it('classifies a mention in a group DM (G… id, no channel_type) as a group turn', async () => {
    const envelope = mention(`<@${BOT_USER_ID}> who approves twin towns?`, { channel: 'G0MPIM123' });
    await h.event(envelope);
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    expect(post.args.channel).toBe('G0MPIM123');
    expect(post.args.thread_ts).toBe(envelope.event.ts);
    expect(h.testCore!.turns.at(-1)!.channelKind).toBe('group');
  });

  it('answers a signed url_verification and rejects bad signatures and stale timestamps with 401', async () => {
    const challenge = fixtureJson('url-verification.json');
    const ok = await h.event(challenge);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: challenge.challenge });

    const body = JSON.stringify(mention('who signs partner agreements?'));
    const forged = await h.send(body, JSON_TYPE, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await h.send(body, JSON_TYPE, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE },
      body,
    });
    expect(unsigned.status).toBe(401);
    await settle(h);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.testCore!.turns.some((t) => t.input.type === 'text' && t.input.text.includes('partner'))).toBe(
      false,
    );
  });

  it('answers a mention in a thread under the question, without the bot mention, escaped', async () => {
    const envelope = mention(`<@${BOT_USER_ID}> who signs &lt;partner&gt; agreements &amp; <!channel>?`);
    const response = await h.event(envelope);
    expect(response.status).toBe(200);
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    expect(post.args.channel).toBe(envelope.event.channel);
    expect(post.args.thread_ts).toBe(envelope.event.ts);
    expect(post.token).toBe('xoxb-test-token');
    // The core saw plain text: entities decoded once, the bot mention gone, <!channel> defused.
    const turn = h.testCore!.turns.at(-1)!;
    expect(turn.input).toEqual({ type: 'text', text: 'who signs <partner> agreements & @channel?' });
    expect(turn.channelKind).toBe('channel');
    expect(turn.timezone).toBe('Europe/Stockholm');
    // Rendered back escaped exactly once, with a plain-text fallback and feedback buttons.
    const json = JSON.stringify(post.args.blocks);
    expect(json).toContain('&lt;partner&gt; agreements &amp; @channel');
    expect(String(post.args.text)).toContain('&lt;partner&gt;');
    expect(json).toContain('"action_id":"feedback"');
    expect(post.args).not.toHaveProperty('link_names');
    expect(post.args).not.toHaveProperty('parse');
  });

  it('replies in the existing thread when mentioned inside one', async () => {
    const envelope = mention(`<@${BOT_USER_ID}> and who approves it?`, { thread_ts: '1699999999.000100' });
    await h.event(envelope);
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    expect(post.args.thread_ts).toBe('1699999999.000100');
  });

  it('answers a direct message in a thread, as a DM turn', async () => {
    const envelope = directMessage('vem sluter partneravtal?');
    await h.event(envelope);
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    expect(post.args.channel).toBe('D024BE91L');
    expect(post.args.thread_ts).toBe(envelope.event.ts);
    expect(h.testCore!.turns.at(-1)!.channelKind).toBe('dm');
  });

  it('handles a retried event once (same event_id, X-Slack-Retry-Num)', async () => {
    const envelope = mention(`<@${BOT_USER_ID}> who decides on twin towns?`);
    const first = await h.event(envelope);
    const retry = await h.event(envelope, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    await settle(h);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers a mention delivered both as app_mention and as message once', async () => {
    const asMention = mention(`<@${BOT_USER_ID}> who signs?`, { channel: 'D0DUAL', channel_type: 'im' });
    const asMessage: Envelope = {
      ...asMention,
      event_id: `${asMention.event_id}b`,
      event: { ...asMention.event, type: 'message' },
    };
    await Promise.all([h.event(asMention), h.event(asMessage)]);
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[0]);
    await settle(h);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('ignores its own messages, other bots, edits and channel chatter', async () => {
    await h.event(directMessage('I am the bot', { user: BOT_USER_ID }));
    await h.event(directMessage('beep', { bot_id: 'B999', user: 'U999' }));
    await h.event(directMessage('beep', { subtype: 'bot_message', bot_id: 'B999' }));
    await h.event(directMessage('edited', { subtype: 'message_changed' }));
    await h.event(directMessage('not for the bot', { channel: 'C777', channel_type: 'channel' }));
    await settle(h);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('waits out a rate limit (429 + Retry-After) and then posts the answer', async () => {
    h.fake.script('chat.postMessage', {
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    const before = await errorCount(h, 'rate_limited');
    await h.event(mention(`<@${BOT_USER_ID}> who signs partner agreements?`));
    const calls = await h.fake.waitFor(() => {
      const c = h.fake.callsTo('chat.postMessage');
      return c.length >= 2 ? c : undefined;
    }, 8000);
    const [limited, retried] = calls as [RecordedCall, RecordedCall];
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(900);
    expect(retried.args.thread_ts).toBe(limited.args.thread_ts);
    expect(await errorCount(h, 'rate_limited')).toBe(before + 1);
  });

  it('caches users.info per user and passes the time zone and locale', async () => {
    h.fake.users.U777TZ = { tz: 'Europe/Vilnius', locale: 'sv-SE' };
    await h.event(directMessage('first', { user: 'U777TZ' }));
    await h.event(directMessage('second', { user: 'U777TZ' }));
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').length >= 2 || undefined);
    expect(h.fake.callsTo('users.info').filter((c) => c.args.user === 'U777TZ')).toHaveLength(1);
    const turn = h.testCore!.turns.at(-1)!;
    expect(turn.timezone).toBe('Europe/Vilnius');
    expect(turn.locale).toBe('sv-SE');
  });

  it('publishes the App Home tab with the user’s visits and a button to log one', async () => {
    const envelope = fixtureJson<Envelope>('app-home-opened.json');
    envelope.event_id = 'EvHome1';
    await h.event(envelope);
    const publish = await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0]);
    expect(publish.args.user_id).toBe('U123ABC456');
    const view = publish.args.view as {
      type: string;
      blocks: { type: string; elements?: { action_id: string }[] }[];
    };
    expect(view.type).toBe('home');
    const actions = view.blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id);
    expect(actions).toContain('visit.add');
    expect(JSON.stringify(view.blocks)).toContain('How to use Ansvar');
  });

  it('accepts ssl_check with an empty 200', async () => {
    const response = await h.send('ssl_check=1&token=x', 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });
  void SIGNING_SECRET;
});

async function errorCount(_h: SlackHarness, kind: string): Promise<number> {
  const { platformErrorsTotal } = await import('../../src/observability/metrics.js');
  const metric = await platformErrorsTotal.get();
  return metric.values.find((v) => v.labels.platform === 'slack' && v.labels.kind === kind)?.value ?? 0;
}

describeEachDatabase('Slack over HTTP: shutdown', (create) => {
  it('finishes the answer in flight and turns new deliveries away with 503 while stopping', async () => {
    const database = await create();
    const h = await startSlackHarness({ database });
    try {
      h.fake.script('chat.postMessage', { delayMs: 400, body: { ok: true, ts: '1.1' } });
      await h.event(mention(`<@${BOT_USER_ID}> who signs partner agreements?`));
      await h.fake.waitFor(() => h.fake.callsTo('users.info')[0]);
      const surface = h.server.surfaces.find((s) => s.name === 'slack')!;
      const began = Date.now();
      const stopping = surface.stop!();
      const refused = await h.event(mention(`<@${BOT_USER_ID}> another question?`));
      expect(refused.status).toBe(503);
      await stopping;
      // stop() waited for the slow chat.postMessage (400 ms) of the answer in flight.
      expect(Date.now() - began).toBeGreaterThanOrEqual(300);
      expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      await h.close();
      await database.drop();
    }
  });
});
