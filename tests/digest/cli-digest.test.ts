import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/io.js';
import { recentRuns } from '../../src/digest/runs.js';
import { saveSubscription } from '../../src/digest/subscriptions.js';
import type { Store } from '../../src/store/database.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { repoRoot } from '../support/server.js';
import { insertVisit } from './helpers.js';

function capture(env: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    stdin: async function* () {},
    env: { LOG_LEVEL: 'silent', KNOWLEDGE_DIR: `${repoRoot}knowledge`, ...env },
  };
  return io;
}

describe('ansvar digest (CLI)', () => {
  let slack: FakeSlack;
  let database: TestDatabase;
  let store: Store;
  let env: Record<string, string>;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.close();
  });
  beforeEach(async () => {
    slack.reset();
    database = createSqliteTestDatabase();
    store = await database.open();
    env = {
      DATABASE_URL: database.url,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
    };
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('previews a channel without a subscription with the defaults, as text or JSON', async () => {
    await insertVisit(store, {
      title: 'Next week in Riga',
      date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
      country: 'LV',
      createdAt: new Date(),
    });
    let io = capture(env);
    expect(await runCli(['digest', 'preview', '--channel', 'C0NEW'], io)).toBe(0);
    expect(io.out).toContain('# Weekly digest · week');
    expect(io.out).toContain('Next week in Riga');
    expect(io.err).toContain('has no subscription; showing the defaults');
    io = capture(env);
    expect(await runCli(['digest', 'preview', '--channel', 'C0NEW', '--json', '--lang', 'sv'], io)).toBe(0);
    const reply = JSON.parse(io.out) as { language: string; blocks: { type: string }[] };
    expect(reply.language).toBe('sv');
    expect(reply.blocks[0]?.type).toBe('header');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('sends the digest now through the Slack poster and records it in the channel’s history', async () => {
    const subscription = await saveSubscription(
      store,
      {
        platform: 'slack',
        channelId: 'C0SUB',
        weekday: 3,
        time: '09:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'sv',
        createdBy: 'slack:U1',
      },
      new Date(),
    );
    const io = capture(env);
    expect(await runCli(['digest', 'send', '--platform', 'slack', '--channel', 'C0SUB'], io)).toBe(0);
    expect(io.out).toMatch(/^posted the digest to slack C0SUB \(message [\d.]+\)\n$/);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('C0SUB');
    expect(String(posts[0]?.args.text)).toContain('Veckosammanfattning');
    const [run] = await recentRuns(store, subscription.id);
    expect(run).toMatchObject({ status: 'sent', attempts: 1 });
    expect(run?.periodKey).toMatch(/^manual:/);
  });

  it('never lets text typed by users become Slack markup in the posted digest', async () => {
    const soon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await insertVisit(store, {
      title: '<!channel> party <https://evil.example|harmless>',
      counterpart: '<@U0VICTIM>',
      date: soon,
      createdAt: new Date(),
    });
    const io = capture(env);
    expect(await runCli(['digest', 'send', '--platform', 'slack', '--channel', 'C0ESC'], io)).toBe(0);
    const payload = JSON.stringify(slack.callsTo('chat.postMessage')[0]?.args);
    expect(payload).toContain('&lt;!channel&gt; party');
    expect(payload).not.toMatch(/<!channel>|<@U0VICTIM>|<https:\/\/evil/);
  });

  it('reports Slack refusing the post, and records the failure', async () => {
    const subscription = await saveSubscription(
      store,
      {
        platform: 'slack',
        channelId: 'C0GONE',
        weekday: 1,
        time: '08:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'en',
        createdBy: 'slack:U1',
      },
      new Date(),
    );
    slack.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const io = capture(env);
    expect(await runCli(['digest', 'send', '--platform', 'slack', '--channel', 'C0GONE'], io)).toBe(1);
    expect(io.err).toContain('not_in_channel');
    expect((await recentRuns(store, subscription.id))[0]).toMatchObject({ status: 'failed' });
  });

  it('never retries a send whose outcome is unknown: records it as unknown and says to check the channel', async () => {
    const subscription = await saveSubscription(
      store,
      {
        platform: 'slack',
        channelId: 'C0FLAKY',
        weekday: 1,
        time: '08:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'en',
        createdBy: 'slack:U1',
      },
      new Date(),
    );
    slack.script('chat.postMessage', { status: 502, body: 'bad gateway' }, 5);
    const io = capture(env);
    expect(await runCli(['digest', 'send', '--platform', 'slack', '--channel', 'C0FLAKY'], io)).toBe(1);
    expect(slack.received('chat.postMessage')).toBe(1);
    expect(io.err).toContain('may or may not have reached Slack: http_502');
    expect(io.err).toContain('check the channel before sending again');
    expect((await recentRuns(store, subscription.id))[0]).toMatchObject({ status: 'unknown' });
  });

  it('explains what is missing: a platform, a configured platform, valid options', async () => {
    let io = capture(env);
    expect(await runCli(['digest', 'send', '--channel', 'C1'], io)).toBe(2);
    expect(io.err).toContain('--platform is required for send');
    io = capture(env);
    expect(await runCli(['digest', 'send', '--platform', 'teams', '--channel', '19:abc'], io)).toBe(2);
    expect(io.err).toContain('Teams is not configured');
    io = capture({ DATABASE_URL: database.url });
    expect(await runCli(['digest', 'send', '--platform', 'slack', '--channel', 'C1'], io)).toBe(2);
    expect(io.err).toContain('Slack is not configured');
    io = capture(env);
    expect(await runCli(['digest', 'preview'], io)).toBe(2);
    expect(io.err).toContain('--channel must be');
    io = capture(env);
    expect(await runCli(['digest', 'publish'], io)).toBe(2);
    expect(io.err).toContain('usage: ansvar digest preview');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
