import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXIT_AFTER_SHUTDOWN_MS } from '../../src/cli/serve.js';
import {
  ConfigError,
  DEFAULT_SHUTDOWN_GRACE_SECONDS,
  envSchema,
  loadDotEnv,
  parseConfig,
} from '../../src/config.js';
import { repoRoot } from '../support/server.js';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('defaults to a working local set-up', () => {
    expect(parseConfig({})).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:data/ansvar.db',
      knowledgeDir: 'knowledge',
      timezone: 'Europe/Stockholm',
      admins: [],
      logLevel: 'info',
      localChat: true,
      localChatPublic: false,
      shutdownGraceSeconds: 7,
    });
  });

  it('turns the local chat page on by default only without platforms, and lets LOCAL_CHAT decide', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(parseConfig(slack).localChat).toBe(false);
    expect(parseConfig({ TEAMS_DEV_ANONYMOUS: '1' }).localChat).toBe(false);
    expect(parseConfig({ ...slack, LOCAL_CHAT: '1' }).localChat).toBe(true);
    expect(parseConfig({ LOCAL_CHAT: '0' }).localChat).toBe(false);
    expect(parseConfig({ LOCAL_CHAT: '' }).localChat).toBe(true);
  });

  it('allows anonymous Teams only on a loopback listen address', () => {
    expect(parseConfig({ TEAMS_DEV_ANONYMOUS: '1', HOST: '127.0.0.1' }).teams).toEqual({
      botType: 'MultiTenant',
      anonymous: true,
    });
    expect(parseConfig({ TEAMS_DEV_ANONYMOUS: '1', HOST: '::1' }).teams?.anonymous).toBe(true);
    expect(() => parseConfig({ TEAMS_DEV_ANONYMOUS: '1', HOST: '0.0.0.0' })).toThrow(
      /TEAMS_DEV_ANONYMOUS: only allowed when HOST is a loopback address \(got HOST=0\.0\.0\.0\)/,
    );
  });

  it('accepts the usual spellings of on and off', () => {
    for (const on of ['1', 'true', 'TRUE', 'yes', 'On', ' 1 '])
      expect(parseConfig({ LOCAL_CHAT_PUBLIC: on }).localChatPublic).toBe(true);
    for (const off of ['0', 'false', 'no', 'OFF', ''])
      expect(parseConfig({ LOCAL_CHAT_PUBLIC: off }).localChatPublic).toBe(false);
    expect(problems({ LOCAL_CHAT_PUBLIC: 'maybe' })).toEqual([
      "LOCAL_CHAT_PUBLIC: must be 1 or 0 (or true/false, yes/no, on/off) (got 'maybe')",
    ]);
  });

  it.each([
    ['0', 0],
    ['8080', 8080],
    [' 3000 ', 3000],
    ['65535', 65535],
  ])('reads PORT=%j as %d', (value, port) => {
    expect(parseConfig({ PORT: value }).port).toBe(port);
  });

  it.each(['eighty', '0x50', '80.5', '-1', '65536', '1e3'])('rejects PORT=%j', (value) => {
    expect(problems({ PORT: value })).toEqual([`PORT: must be a port number (0-65535) (got '${value}')`]);
  });

  it('validates HOST, LOG_LEVEL and SHUTDOWN_GRACE_SECONDS', () => {
    expect(parseConfig({ HOST: '0.0.0.0', LOG_LEVEL: 'DEBUG', SHUTDOWN_GRACE_SECONDS: '2.5' })).toMatchObject(
      {
        host: '0.0.0.0',
        logLevel: 'debug',
        shutdownGraceSeconds: 2.5,
      },
    );
    expect(problems({ HOST: 'my host' })[0]).toMatch(/^HOST: must be a host name or IP address/);
    expect(problems({ LOG_LEVEL: 'verbose' })[0]).toMatch(
      /^LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/,
    );
    expect(problems({ SHUTDOWN_GRACE_SECONDS: 'soon' })[0]).toMatch(
      /^SHUTDOWN_GRACE_SECONDS: must be a number of seconds/,
    );
    expect(problems({ SHUTDOWN_GRACE_SECONDS: '301' })).toHaveLength(1);
  });

  it('lists every problem at once, one line per variable, without secrets or stack traces', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        HOST: 'a b',
        DATABASE_URL: 'mysql://root:hunter2@db.example/ansvar',
        ANSVAR_TIMEZONE: 'Mars/Olympus',
        ANSVAR_ADMINS: 'U123',
        SLACK_BOT_TOKEN: 'not-a-token-s3cr3t',
        SLACK_APP_TOKEN: 'wrong-app-token-s3cr3t',
        BOT_TYPE: 'Personal',
        LOG_LEVEL: 'loud',
        LOCAL_CHAT: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems: lines, message } = error as ConfigError;
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual([
      'ANSVAR_ADMINS',
      'ANSVAR_TIMEZONE',
      'BOT_TYPE',
      'DATABASE_URL',
      'HOST',
      'LOCAL_CHAT',
      'LOG_LEVEL',
      'PORT',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
    ]);
    expect(message.split('\n')).toHaveLength(lines.length + 1);
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('hunter2');
    expect(message).toContain(
      "DATABASE_URL: must be sqlite:PATH or postgres://USER@HOST:PORT/DB (got 'mysql://root:***@db.example/ansvar')",
    );
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('cuts very long values in error lines', () => {
    const [line] = problems({ ANSVAR_TIMEZONE: 'x'.repeat(500) });
    expect(line!.length).toBeLessThan(200);
  });
});

describe('.env files', () => {
  it('fill in variables that are not set, without overriding real ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ansvar-env-'));
    const path = join(dir, '.env');
    writeFileSync(path, 'ANSVAR_TEST_FROM_FILE=file\nANSVAR_TEST_ALREADY_SET=file\n');
    process.env.ANSVAR_TEST_ALREADY_SET = 'real';
    try {
      loadDotEnv(path);
      expect(process.env.ANSVAR_TEST_FROM_FILE).toBe('file');
      expect(process.env.ANSVAR_TEST_ALREADY_SET).toBe('real');
      loadDotEnv(join(dir, 'missing.env'));
    } finally {
      delete process.env.ANSVAR_TEST_FROM_FILE;
      delete process.env.ANSVAR_TEST_ALREADY_SET;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
  const variables = Object.keys(envSchema.shape);

  it('.env.example documents every variable, and sets none the server does not know', () => {
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(variables.filter((v) => !documented.has(v))).toEqual([]);
    // Commented-out examples may document tools' variables (e.g. for packaging); active lines must be real.
    const active = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(active.filter((v) => !variables.includes(v))).toEqual([]);
  });

  it('.env.example as it stands is a valid configuration with the embedded defaults', () => {
    const config = parseConfig(parseEnv(example));
    expect(config).toEqual(parseConfig({}));
  });

  it('.env.example works as `docker run --env-file` reads it: KEY=VALUE lines taken verbatim', () => {
    // Docker's env-file format: `#` lines are comments, blank lines are skipped, and everything after
    // the first `=` is the value as written (quotes and trailing comments included).
    const docker: Record<string, string> = {};
    for (const line of example.split('\n')) {
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const at = line.indexOf('=');
      expect(at, `not KEY=VALUE: ${line}`).toBeGreaterThan(0);
      docker[line.slice(0, at)] = line.slice(at + 1);
    }
    for (const [name, value] of Object.entries(docker)) {
      expect(value, `${name} is quoted`).not.toMatch(/^["']|["']$/);
      expect(value, `${name} has a trailing comment or space`).not.toMatch(/\s#|\s$/);
    }
    // The same values as `npm start` reads from .env, and the embedded defaults.
    expect(docker).toEqual(parseEnv(example));
    expect(parseConfig(docker)).toEqual(parseConfig({}));
    expect(parseConfig(docker).digestTick).toBe('0 * * * * *');
  });

  it(".env.example leaves HOST unset, so it cannot override the Docker image's HOST=0.0.0.0", () => {
    expect(example).not.toMatch(/^HOST=/m);
    expect(example).toMatch(/^# HOST=/m);
    expect(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8')).toMatch(/^\s+HOST=0\.0\.0\.0 \\$/m);
  });

  it('the default shutdown fits inside docker stop: grace period plus the exit delay under 10 s', () => {
    expect(parseConfig({}).shutdownGraceSeconds).toBe(DEFAULT_SHUTDOWN_GRACE_SECONDS);
    expect(DEFAULT_SHUTDOWN_GRACE_SECONDS * 1000 + EXIT_AFTER_SHUTDOWN_MS).toBeLessThanOrEqual(8000);
  });

  it('the README configuration table lists every variable', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(variables.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});
