import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { withRequestId } from '../../src/logger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { capturingLogger, startTestServer, type TestServer } from '../support/server.js';

describe('structured logs', () => {
  it('redact tokens, secrets, passwords, cookies and authorization wherever they are logged', () => {
    const { log, logs } = capturingLogger('debug');
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
      SLACK_SIGNING_SECRET: 'secret-signing',
      SLACK_APP_TOKEN: 'xapp-secret-app',
      LOCAL_CHAT: '1',
    });
    log.info({ config }, 'config');
    log.info(
      {
        token: 'secret-top',
        headers: { authorization: 'Bearer secret-auth', cookie: 'ansvar_web_user=secret-cookie' },
      },
      'request',
    );
    log.info({ req: { headers: { 'x-slack-signature': 'v0=secret-sig' } } }, 'slack');
    log.info({ teams: { botPassword: 'secret-pw' }, db: { password: 'secret-db' } }, 'teams');
    const text = JSON.stringify(logs);
    expect(text).not.toMatch(/secret-/);
    expect(logs[0]).toMatchObject({
      service: 'ansvar',
      msg: 'config',
      config: { slack: { botToken: '[redacted]' } },
    });
    expect(logs[0]).toHaveProperty('pid', process.pid);
    expect(logs[0]).toHaveProperty('hostname');
  });
});

describe('request ids on every log line written while a request is handled', () => {
  it('withRequestId tags lines from any logger, through awaits and timers, and nothing outside it', async () => {
    const { log, logs } = capturingLogger('info');
    const other = capturingLogger('info');
    await withRequestId('req-1', async () => {
      log.info('first');
      await new Promise((resolve) => setTimeout(resolve, 5));
      other.log.child({ component: 'x' }).warn('from another logger after a timer');
      log.info({ reqId: 'explicit' }, 'explicit id wins');
    });
    log.info('outside');
    expect(logs.map((l) => [l.msg, l.reqId])).toEqual([
      ['first', 'req-1'],
      ['explicit id wins', 'explicit'],
      ['outside', undefined],
    ]);
    expect(other.logs[0]).toMatchObject({
      msg: 'from another logger after a timer',
      reqId: 'req-1',
      component: 'x',
    });
  });

  describe('through the real server', () => {
    const SIGNING_SECRET = 'req-id-signing-secret';
    let slack: FakeSlack;
    let teams: FakeTeamsConnector;
    let t: TestServer;

    beforeAll(async () => {
      slack = await startFakeSlack();
      teams = await startFakeTeamsConnector();
      t = await startTestServer({
        logLevel: 'debug',
        env: {
          SLACK_BOT_TOKEN: 'xoxb-req-id',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.apiUrl,
          TEAMS_DEV_ANONYMOUS: '1',
          LOCAL_CHAT: '1',
        },
      });
      // A line the core writes in the middle of every turn, after an await and a timer, with the core's own logger.
      const router = t.runtime.core.router;
      const handle = router.handle.bind(router);
      const coreLog = t.runtime.core.services.log;
      router.handle = async (turn) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        coreLog.info({ platform: turn.platform }, 'core handling a turn');
        return handle(turn);
      };
    });
    afterAll(async () => {
      await t?.close();
      await slack?.close();
      await teams?.close();
    });

    const coreLine = async (platform: string) => {
      for (let i = 0; i < 200; i += 1) {
        const line = t.logs.find((l) => l.msg === 'core handling a turn' && l.platform === platform);
        if (line) return line;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no core line for ${platform}`);
    };

    it('local chat page: the adapter and the core lines carry the request id', async () => {
      const response = await fetch(`${t.url}/chat/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'web-req-1' },
        body: JSON.stringify({ input: { type: 'text', text: 'help' } }),
      });
      expect(response.status).toBe(200);
      expect(t.logs.find((l) => l.msg === 'local chat turn')?.reqId).toBe('web-req-1');
      expect((await coreLine('web')).reqId).toBe('web-req-1');
      expect(t.logs.find((l) => l.msg === 'request' && l.path === '/chat/turn')?.reqId).toBe('web-req-1');
    });

    it('Teams: the core line carries the request id of the activity', async () => {
      const response = await fetch(`${t.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'teams-req-1' },
        body: JSON.stringify({
          type: 'message',
          id: `act-${Date.now()}`,
          timestamp: new Date().toISOString(),
          channelId: 'msteams',
          serviceUrl: teams.serviceUrl,
          from: { id: '29:req-id-user', name: 'Anna Lind' },
          recipient: { id: '28:bot', name: 'Ansvar' },
          conversation: { id: 'a:req-id', conversationType: 'personal' },
          locale: 'en-GB',
          text: 'help',
        }),
      });
      expect(response.status).toBeLessThan(300);
      expect((await coreLine('teams')).reqId).toBe('teams-req-1');
    });

    it('Slack: the core line of a slash command carries the request id', async () => {
      const body = new URLSearchParams({
        token: 'x',
        team_id: 'T1',
        channel_id: 'C1',
        user_id: 'U1',
        command: '/policy',
        text: 'help',
        response_url: slack.responseUrl(),
        trigger_id: '1.2.3',
      }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const response = await fetch(`${t.url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signature,
          'x-request-id': 'slack-req-1',
        },
        body,
      });
      expect(response.status).toBe(200);
      expect((await coreLine('slack')).reqId).toBe('slack-req-1');
    });
  });
});
