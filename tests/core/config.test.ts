import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has embedded defaults: SQLite, bundled knowledge, local chat, no platforms', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:data/ansvar.db',
      knowledgeDir: 'knowledge',
      timezone: 'Europe/Stockholm',
      admins: [],
      localChat: true,
    });
    expect(config.slack).toBeUndefined();
    expect(config.teams).toBeUndefined();
  });

  it('lists every problem, one line per variable, without echoing secrets', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({
        PORT: 'eighty',
        ANSVAR_TIMEZONE: 'Mars/Olympus',
        SLACK_BOT_TOKEN: 'sekret',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = error!.problems;
    expect(lines.some((l) => l.startsWith('PORT:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('ANSVAR_TIMEZONE:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('DATABASE_URL:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('SLACK_BOT_TOKEN:'))).toBe(true);
    expect(error!.message).not.toContain('sekret');
  });

  it('requires complete platform credentials', () => {
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => parseConfig({ BOT_ID: 'abc' })).toThrow(/BOT_PASSWORD/);
    expect(() => parseConfig({ BOT_ID: 'a', BOT_PASSWORD: 'b', TEAMS_DEV_ANONYMOUS: '1' })).toThrow(
      /TEAMS_DEV_ANONYMOUS/,
    );
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toEqual({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
    });
    expect(parseConfig({ TEAMS_DEV_ANONYMOUS: '1' }).teams).toEqual({
      botType: 'MultiTenant',
      anonymous: true,
    });
    expect(parseConfig({ ANSVAR_ADMINS: 'slack:U1, teams:29:abc' }).admins).toEqual([
      'slack:U1',
      'teams:29:abc',
    ]);
    expect(() => parseConfig({ ANSVAR_ADMINS: 'U1' })).toThrow(/ANSVAR_ADMINS/);
  });
});
