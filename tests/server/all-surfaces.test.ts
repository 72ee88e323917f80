import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SIGNING_SECRET = 'all-surfaces-signing-secret';

/** Slack, Teams and the local chat page on the one server at once, each reachable on its own path. */
describe('one server with every surface', () => {
  let slack: FakeSlack;
  let teams: FakeTeamsConnector;
  let t: TestServer;

  beforeAll(async () => {
    slack = await startFakeSlack();
    teams = await startFakeTeamsConnector();
    t = await startTestServer({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-all-surfaces',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        TEAMS_DEV_ANONYMOUS: '1',
        LOCAL_CHAT: '1',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
    await teams?.close();
  });

  it('lists all three surfaces in the start-up log', () => {
    const surfaces = t.logs.find((l) => l.msg === 'listening')?.surfaces as string[];
    expect(surfaces).toHaveLength(3);
    expect(surfaces[0]).toMatch(/^Slack over HTTP at POST \/slack\/events/);
    expect(surfaces[1]).toMatch(/Teams/);
    expect(surfaces[2]).toMatch(/^local chat page/);
  });

  it('passes Slack requests to Bolt with the raw body intact (signature checked)', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'challenge-4711' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const signed = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
      },
      body,
    });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('challenge-4711');

    const unsigned = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': 'v0=00',
      },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(JSON.stringify(t.logs)).not.toContain(signature);
  });

  it('passes Teams activities to the Teams surface, whose turns reach the core', async () => {
    const activity = {
      type: 'message',
      id: `act-${Date.now()}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: teams.serviceUrl,
      from: { id: '29:all-surfaces-user', name: 'Anna Lind' },
      recipient: { id: '28:bot', name: 'Ansvar' },
      conversation: { id: 'a:all-surfaces', conversationType: 'personal' },
      locale: 'en-GB',
      text: 'help',
    };
    const response = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBeLessThan(300);
    const [delivered] = await teams.waitForDeliveries(1, 10_000);
    expect(JSON.stringify(delivered)).toContain('a:all-surfaces');
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/ansvar_turns_total\{platform="teams",type="text"\} [1-9]/);
  });

  it('keeps the chat page and its loopback rule to its own paths', async () => {
    expect((await fetch(`${t.url}/`)).status).toBe(200);
    const proxied = { 'x-forwarded-for': '203.0.113.5' };
    expect((await fetch(`${t.url}/`, { headers: proxied })).status).toBe(403);
    // A proxy in front of Slack/Teams is normal: their paths are not subject to the page's rule.
    expect((await fetch(`${t.url}/slack/events`, { method: 'POST', headers: proxied })).status).not.toBe(403);
    expect((await fetch(`${t.url}/healthz`, { headers: proxied })).status).toBe(200);
  });
});
