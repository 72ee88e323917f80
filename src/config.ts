import { existsSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { Cron } from 'croner';

/**
 * Configuration is read once from the environment (and `.env` when present), validated, and passed
 * down. Every problem is reported in one message, one line per variable.
 */

const FLAG_WORDS = new Map([
  ['1', true],
  ['true', true],
  ['yes', true],
  ['on', true],
  ['0', false],
  ['false', false],
  ['no', false],
  ['off', false],
]);

/** An on/off switch: 1/0, true/false, yes/no, on/off (any case); unset or empty is `undefined`. */
const optionalFlag = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? '' : v.trim().toLowerCase()))
  .refine((v) => v === '' || FLAG_WORDS.has(v), { message: 'must be 1 or 0 (or true/false, yes/no, on/off)' })
  .transform((v) => (v === '' ? undefined : FLAG_WORDS.get(v)));

const flag = optionalFlag.transform((v) => v === true);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const adminSchema = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const admins = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const admin of admins) {
      if (!/^(slack|teams|cli|web):\S+$/.test(admin)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `'${admin}' is not PLATFORM:USER (e.g. slack:U123)`,
        });
      }
    }
    return admins;
  });

const timezoneSchema = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : 'Europe/Stockholm'))
  .refine((v) => IANAZone.isValidZone(v), { message: 'is not an IANA time zone (e.g. Europe/Stockholm)' });

const databaseUrlSchema = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : 'sqlite:data/ansvar.db'))
  .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
    message: 'must be sqlite:PATH or postgres://USER@HOST:PORT/DB',
  });

const urlSchema = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined))
  .refine((v) => v === undefined || /^https?:\/\/.+/.test(v), { message: 'must be an http(s) URL' });

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Seconds shutdown waits for work in flight unless SHUTDOWN_GRACE_SECONDS says otherwise. */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 7;

export const envSchema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : '3978'))
    .refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, { message: 'must be a port number (0-65535)' })
    .transform(Number),
  HOST: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : '127.0.0.1'))
    .refine((v) => /^[\w.:-]+$/.test(v), {
      message: 'must be a host name or IP address (e.g. 127.0.0.1 or 0.0.0.0)',
    }),
  DATABASE_URL: databaseUrlSchema,
  KNOWLEDGE_DIR: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : 'knowledge')),
  ANSVAR_TIMEZONE: timezoneSchema,
  ANSVAR_ADMINS: adminSchema,
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xox'), {
    message: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: urlSchema,
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TYPE: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : 'MultiTenant'))
    .refine((v) => ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(v), {
      message: 'must be MultiTenant, SingleTenant or UserAssignedMSI',
    }),
  BOT_TENANT_ID: optionalText,
  TEAMS_DEV_ANONYMOUS: flag,
  /** The local try-out page; on by default when neither Slack nor Teams is configured. */
  LOCAL_CHAT: optionalFlag,
  /** Serve the local try-out page to non-loopback clients too. */
  LOCAL_CHAT_PUBLIC: flag,
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim().toLowerCase() : 'info'))
    .refine((v) => LOG_LEVELS.includes(v), { message: `must be one of ${LOG_LEVELS.join(', ')}` }),
  /**
   * How long shutdown waits for in-flight turns and requests before closing connections. The default
   * leaves room inside `docker stop`'s 10 s for closing the database and exiting.
   */
  SHUTDOWN_GRACE_SECONDS: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : String(DEFAULT_SHUTDOWN_GRACE_SECONDS)))
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) <= 300, {
      message: 'must be a number of seconds (0-300)',
    })
    .transform(Number),
  /** When the digest scheduler ticks: a croner pattern (5 fields, or 6 with seconds), or `off`. */
  ANSVAR_DIGEST_TICK: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : '0 * * * * *'))
    .refine((v) => v === 'off' || isCronPattern(v), {
      message: "must be a cron pattern (e.g. '0 * * * * *') or off",
    }),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  knowledgeDir: string;
  timezone: string;
  admins: readonly string[];
  logLevel: string;
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  teams?: {
    botId?: string;
    botPassword?: string;
    botType: string;
    tenantId?: string;
    /** No credentials: local tests only, loopback service URLs only. */
    anonymous: boolean;
  };
  localChat: boolean;
  localChatPublic: boolean;
  /** Grace period for in-flight work at shutdown (parseConfig always sets it; default 7). */
  shutdownGraceSeconds?: number;
  /** Digest scheduler tick (croner pattern or `off`; parseConfig always sets it; default every minute). */
  digestTick?: string;
}

/** Is this listen address reachable only from this machine? */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The offending value for an error line: never for secrets, passwords in URLs masked, long values cut. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined || /TOKEN|SECRET|PASSWORD/.test(name)) return '';
  const masked = value.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/, '$1***@');
  const cut = masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
  return ` (got '${cut}')`;
}

/** Validates an environment and derives the configuration; throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Each variable is parsed on its own so that one bad value does not hide the others' problems,
  // including the checks across variables below (a value that failed counts as present there).
  const problems: string[] = [];
  const failed = new Set<string>();
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(envSchema.shape)) {
    const result = (schema as z.ZodTypeAny).safeParse(env[name]);
    if (result.success) {
      parsed[name] = result.data;
    } else {
      failed.add(name);
      for (const issue of result.error.issues)
        problems.push(`${name}: ${issue.message}${shownValue(name, env[name])}`);
    }
  }
  const e = parsed as Env;
  const given = (name: keyof Env) => failed.has(name) || Boolean(e[name]);

  let slack: Config['slack'];
  if (given('SLACK_BOT_TOKEN') || given('SLACK_SIGNING_SECRET') || given('SLACK_APP_TOKEN')) {
    if (!given('SLACK_BOT_TOKEN'))
      problems.push('SLACK_BOT_TOKEN: required when Slack is configured (xoxb-…)');
    if (!given('SLACK_APP_TOKEN') && !given('SLACK_SIGNING_SECRET')) {
      problems.push(
        'SLACK_SIGNING_SECRET: required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
    if (e.SLACK_BOT_TOKEN) {
      slack = {
        botToken: e.SLACK_BOT_TOKEN,
        ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
        ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
        ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
      };
    }
  }

  let teams: Config['teams'];
  if (given('BOT_ID') || given('BOT_PASSWORD')) {
    if (!given('BOT_ID')) problems.push('BOT_ID: required when BOT_PASSWORD is set');
    if (!given('BOT_PASSWORD') && e.BOT_TYPE !== 'UserAssignedMSI' && !failed.has('BOT_TYPE')) {
      problems.push('BOT_PASSWORD: required when BOT_ID is set');
    }
    if (e.BOT_TYPE === 'SingleTenant' && !given('BOT_TENANT_ID')) {
      problems.push('BOT_TENANT_ID: required when BOT_TYPE is SingleTenant');
    }
    if (e.TEAMS_DEV_ANONYMOUS) {
      problems.push(
        'TEAMS_DEV_ANONYMOUS: must not be set together with BOT_ID (credentials always authenticate)',
      );
    }
    teams = {
      ...(e.BOT_ID ? { botId: e.BOT_ID } : {}),
      ...(e.BOT_PASSWORD ? { botPassword: e.BOT_PASSWORD } : {}),
      botType: e.BOT_TYPE,
      ...(e.BOT_TENANT_ID ? { tenantId: e.BOT_TENANT_ID } : {}),
      anonymous: false,
    };
  } else if (e.TEAMS_DEV_ANONYMOUS) {
    if (!isLoopbackHost(e.HOST)) {
      // Anonymous Teams takes any caller's word for who it is: only processes on this machine may call.
      problems.push(`TEAMS_DEV_ANONYMOUS: only allowed when HOST is a loopback address (got HOST=${e.HOST})`);
    }
    teams = { botType: e.BOT_TYPE, anonymous: true };
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    knowledgeDir: e.KNOWLEDGE_DIR,
    timezone: e.ANSVAR_TIMEZONE,
    admins: e.ANSVAR_ADMINS,
    logLevel: e.LOG_LEVEL,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    localChat: e.LOCAL_CHAT ?? (!slack && !teams),
    localChatPublic: e.LOCAL_CHAT_PUBLIC,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    digestTick: e.ANSVAR_DIGEST_TICK,
  };
}

/** Reads `.env` (when present) into process.env without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseConfig(env);
}
