import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { capturingLogger } from '../support/server.js';

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
