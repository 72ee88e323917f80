import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reply } from '../../src/core/reply.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { commandInput, commandKind } from '../../adapters/slack/listeners/commands.js';
import { isFromPerson } from '../../adapters/slack/listeners/messages.js';
import { channelKindOf, decodeOpenForm, encodeOpenForm } from '../../adapters/slack/conversation.js';
import { slackTextToPlain } from '../../adapters/slack/incoming-text.js';
import { createPosterFromApi, createSlackPoster } from '../../adapters/slack/poster.js';
import { parseConfig } from '../../src/config.js';
import { createSlackApi, SlackCallError } from '../../adapters/slack/slack-api.js';
import { createUserProfiles, profileFrom } from '../../adapters/slack/user-profiles.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { verifyBotToken } from '../../adapters/slack/auth-check.js';
import { boltLogger } from '../../adapters/slack/bolt-logger.js';
import { createSlackApp } from '../../adapters/slack/slack-app.js';
import type { SlackDeps } from '../../adapters/slack/deps.js';

const log = pino({ level: 'silent' });

describe('incoming Slack text', () => {
  it('decodes entities once and strips the bot mention', () => {
    expect(slackTextToPlain('<@UBOT> who signs &lt;agreements&gt; &amp;amp; more?', 'UBOT')).toBe(
      'who signs <agreements> &amp; more?',
    );
    expect(slackTextToPlain('<@UBOT|ansvar>   visit list', 'UBOT')).toBe('visit list');
  });

  it('turns mentions, channels, specials and links into what the user saw', () => {
    expect(slackTextToPlain('ask <@U123|anna> in <#C1|intl> <!here> <!channel> <!subteam^S1|@board>')).toBe(
      'ask @anna in #intl @here @channel @board',
    );
    expect(
      slackTextToPlain(
        'see <https://example.org/p|the policy> or <https://example.org> or <mailto:a@b.se|a@b.se>',
      ),
    ).toBe('see the policy or https://example.org or a@b.se');
    expect(slackTextToPlain('<!date^1392734382^{date}|Feb 18, 2014>')).toBe('Feb 18, 2014');
  });
});

describe('slash commands and conversations', () => {
  it('knows its commands, also renamed ones', () => {
    expect(commandKind('/policy')).toBe('ask');
    expect(commandKind('/ansvar-policy')).toBe('ask');
    expect(commandKind('/visit')).toBe('visit');
    expect(commandKind('/besök')).toBe('visit');
    expect(commandKind('/digest')).toBe('digest');
    expect(commandKind('/weather')).toBeUndefined();
  });

  it('turns command text into the core’s words', () => {
    expect(commandInput('ask', 'who signs?')).toEqual({ type: 'text', text: 'who signs?', intent: 'ask' });
    expect(commandInput('ask', '')).toEqual({ type: 'text', text: 'help' });
    expect(commandInput('visit', '')).toEqual({ type: 'text', text: 'visit' });
    expect(commandInput('visit', 'list mine')).toEqual({ type: 'text', text: 'visit list mine' });
    expect(commandInput('digest', 'subscribe monday 09:00')).toEqual({
      type: 'text',
      text: 'digest subscribe monday 09:00',
    });
    expect(commandInput(undefined, 'x')).toEqual({ type: 'text', text: 'help' });
  });

  it('classifies conversations', () => {
    expect(channelKindOf('D123')).toBe('dm');
    expect(channelKindOf('C123')).toBe('channel');
    expect(channelKindOf('G123', 'mpim')).toBe('group');
    expect(channelKindOf('C123', 'directmessage')).toBe('dm');
    expect(channelKindOf('G123', 'privategroup')).toBe('channel');
    // No hint (app_mention, buttons, modals): a G… id is a group DM.
    expect(channelKindOf('G0MPIM')).toBe('group');
    expect(channelKindOf('G0MPIM', 'mpim')).toBe('group');
    expect(channelKindOf('C0PRIV', 'group')).toBe('channel');
    expect(channelKindOf('D0DM', 'im')).toBe('dm');
  });

  it('tells people from bots, edits and the bot itself', () => {
    const base = { ts: '1.1', channel: 'D1', user: 'U1' };
    expect(isFromPerson(base, 'UBOT')).toBe(true);
    expect(isFromPerson({ ...base, subtype: 'thread_broadcast' })).toBe(true);
    expect(isFromPerson({ ...base, user: 'UBOT' }, 'UBOT')).toBe(false);
    expect(isFromPerson({ ...base, bot_id: 'B1' })).toBe(false);
    expect(isFromPerson({ ...base, subtype: 'message_changed' })).toBe(false);
    expect(isFromPerson({ ts: '1.1', channel: 'D1' })).toBe(false);
  });

  it('encodes the open-form button value within Slack’s 2000 characters', () => {
    const value = encodeOpenForm({ action: 'visit.edit', value: '12' })!;
    expect(decodeOpenForm(value)).toEqual({ action: 'visit.edit', value: '12' });
    expect(encodeOpenForm({ text: 'x'.repeat(5000) })).toBeUndefined();
    expect(decodeOpenForm('{"text": 5}')).toBeUndefined();
  });
});

describe('Slack Web API client, poster and profiles (against the fake Slack)', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => fake.close());
  beforeEach(() => fake.reset());

  const api = () =>
    createSlackApi({ botToken: 'xoxb-unit', apiUrl: fake.apiUrl, log, retry: { backoffMs: 1 } });
  const count = async (kind: string) =>
    (await platformErrorsTotal.get()).values.find(
      (v) => v.labels.platform === 'slack' && v.labels.kind === kind,
    )?.value ?? 0;

  it('retries after Retry-After, then gives up past the retry budget', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'Retry-After': '0' }, body: { ok: false } }, 2);
    const result = await api().call('chat.postMessage', { channel: 'C1', text: 'hi' });
    expect(result.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);

    fake.reset();
    fake.script(
      'chat.postMessage',
      { status: 429, headers: { 'Retry-After': '0' }, body: { ok: false } },
      10,
    );
    await expect(api().call('chat.postMessage', { channel: 'C1', text: 'hi' })).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('does not wait for an unreasonable Retry-After', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'Retry-After': '3600' }, body: { ok: false } });
    const started = Date.now();
    await expect(api().call('chat.postMessage', { channel: 'C1', text: 'hi' })).rejects.toBeInstanceOf(
      SlackCallError,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries server errors and Slack’s internal_error, not client errors; counts them all', async () => {
    const before = await count('not_in_channel');
    fake.script('chat.update', { status: 503, body: 'unavailable' });
    fake.script('chat.update', { body: { ok: false, error: 'internal_error' } });
    expect((await api().call('chat.update', { channel: 'C1', ts: '1.2', text: 'x' })).ok).toBe(true);
    expect(fake.callsTo('chat.update')).toHaveLength(3);

    fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await expect(api().call('chat.postMessage', { channel: 'C1', text: 'x' })).rejects.toMatchObject({
      kind: 'not_in_channel',
    });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await count('not_in_channel')).toBe(before + 1);
  });

  it('posts to response URLs and reports their errors', async () => {
    const url = fake.responseUrl('unit');
    await api().respond(url, { text: 'hello', response_type: 'ephemeral' });
    expect(fake.responsesTo('unit')[0]!.body).toEqual({ text: 'hello', response_type: 'ephemeral' });
    fake.script('response:gone', { status: 404, body: { ok: false, error: 'expired_url' } });
    await expect(api().respond(fake.responseUrl('gone'), { text: 'x' })).rejects.toMatchObject({
      kind: 'expired_url',
    });
  });

  it('posts digests through the poster, and explains refusals', async () => {
    const poster = createPosterFromApi(api());
    const long = reply({
      text: 'Digest',
      blocks: Array.from({ length: 120 }, (_, i) => ({ type: 'text' as const, text: [`line ${i}`] })),
    });
    const result = await poster.post('C42', long);
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(3);
    expect(result.messageId).toBeDefined();
    expect(posts.every((p) => p.args.channel === 'C42' && p.token === 'xoxb-unit')).toBe(true);

    fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await expect(poster.post('C43', reply({ text: 'x', blocks: [] }))).rejects.toThrow(
      /not_in_channel \(the bot is not a member/,
    );
  });

  it('builds the digest poster from the configuration alone (ansvar digest send --platform slack)', async () => {
    expect(() => createSlackPoster(parseConfig({}), log)).toThrow(/SLACK_BOT_TOKEN/);
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-cli',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: fake.apiUrl,
    });
    const poster = createSlackPoster(config, log);
    expect(poster.platform).toBe('slack');
    await poster.post(
      'C9',
      reply({ text: 'Weekly digest <!channel>', blocks: [{ type: 'header', text: 'Weekly digest' }] }),
    );
    const [post] = fake.callsTo('chat.postMessage');
    expect(post).toMatchObject({
      token: 'xoxb-cli',
      args: { channel: 'C9', text: 'Weekly digest &lt;!channel&gt;' },
    });
  });

  it('caches users.info with a TTL and shares concurrent lookups', async () => {
    let now = 0;
    fake.users.UTZ = { tz: 'Asia/Tokyo', locale: 'sv-SE', name: 'kenji' };
    const profiles = createUserProfiles(api(), log, { ttlMs: 1000, now: () => now });
    const [a, b] = await Promise.all([profiles.get('UTZ'), profiles.get('UTZ')]);
    expect(a).toEqual({ timezone: 'Asia/Tokyo', locale: 'sv-SE', name: 'kenji' });
    expect(b).toEqual(a);
    expect(fake.callsTo('users.info')).toHaveLength(1);
    now = 2000;
    await profiles.get('UTZ');
    expect(fake.callsTo('users.info')).toHaveLength(2);
    expect(fake.callsTo('users.info')[0]!.args).toMatchObject({ user: 'UTZ', include_locale: 'true' });
  });

  it('answers without a profile when users.info fails or is slow', async () => {
    fake.script('users.info', { body: { ok: false, error: 'missing_scope' } });
    const profiles = createUserProfiles(api(), log);
    expect(await profiles.get('UX')).toEqual({});
    fake.script('users.info', { delayMs: 500, body: { ok: true, user: { id: 'UY', tz: 'Europe/Oslo' } } });
    expect(await profiles.get('UY', 50)).toEqual({});
    expect(profileFrom({ tz: 'Not/AZone', locale: 'xx_bad' })).toEqual({});
  });
});

describe('start-up check of the bot token', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ botUserId: 'UB0T', botId: 'BB0T' });
  });
  afterAll(async () => fake.close());
  beforeEach(() => fake.reset());

  /** A URL nothing listens on: a port that was just free. */
  async function deadUrl(): Promise<string> {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}/api/`;
  }

  const apiAt = (apiUrl: string) => createSlackApi({ botToken: 'xoxb-start', apiUrl, log });

  it('returns the bot identity from auth.test', async () => {
    await expect(verifyBotToken(apiAt(fake.apiUrl), { apiUrl: fake.apiUrl, log })).resolves.toEqual({
      botUserId: 'UB0T',
      botId: 'BB0T',
    });
    expect(fake.callsTo('auth.test')[0]!.token).toBe('xoxb-start');
  });

  it('fails at once with Slack’s reason when the token is refused', async () => {
    fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const waits: number[] = [];
    await expect(
      verifyBotToken(apiAt(fake.apiUrl), {
        apiUrl: fake.apiUrl,
        log,
        sleep: async (ms) => void waits.push(ms),
      }),
    ).rejects.toThrow('Slack rejected SLACK_BOT_TOKEN at start-up (auth.test: invalid_auth)');
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries with a doubling wait while Slack cannot be reached, then names the URL', async () => {
    const url = await deadUrl();
    const waits: number[] = [];
    const error = await verifyBotToken(apiAt(url), {
      apiUrl: url,
      log,
      attempts: 4,
      firstDelayMs: 100,
      sleep: async (ms) => void waits.push(ms),
    }).then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain(`The Slack API at ${url} could not be reached`);
    expect(error.message).toContain('gave up after 4 attempts');
    expect(error.message).toContain('(ECONNREFUSED)');
    expect(error.message).not.toContain('rejected SLACK_BOT_TOKEN');
    expect(waits).toEqual([100, 200, 400]);
  });

  it('goes ahead once Slack answers again after server errors', async () => {
    fake.script('auth.test', { status: 503, body: 'unavailable' }, 2);
    const waits: number[] = [];
    const identity = await verifyBotToken(apiAt(fake.apiUrl), {
      apiUrl: fake.apiUrl,
      log,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(identity.botUserId).toBe('UB0T');
    expect(fake.callsTo('auth.test')).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
  });

  it('makes the Slack app fail with the network message, not a token message', async () => {
    const url = await deadUrl();
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-start',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: url,
    });
    const deps = { api: apiAt(url), log } as unknown as SlackDeps;
    await expect(
      createSlackApp(config.slack!, deps, log, { authCheck: { attempts: 2, firstDelayMs: 1 } }),
    ).rejects.toThrow(
      /^The Slack API at http:\/\/127\.0\.0\.1:\d+\/api\/ could not be reached .*gave up after 2 attempts/,
    );
  });
});

describe('Bolt log lines', () => {
  it('carry each key once, whatever name Slack’s libraries give the logger', () => {
    const lines: string[] = [];
    const base = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const logger = boltLogger(base.child({ component: 'bolt' }));
    logger.setName('web-api:WebClient:3');
    logger.warn('http request failed', { status: 500 });
    logger.error(new Error('boom'), 'while acking');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.match(/"component":/g)).toHaveLength(1);
      expect(JSON.parse(line)).toMatchObject({ component: 'bolt' });
    }
    expect(JSON.parse(lines[0]!).msg).toBe('http request failed {"status":500}');
    expect(JSON.parse(lines[1]!).err.message).toBe('boom');
  });
});
