import { existsSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Configuration is read once from the environment (and `.env` when present), validated, and passed
 * down. Every problem is reported in one message, one line per variable.
 */

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

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
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${admin}' is not PLATFORM:USER (e.g. slack:U123)` });
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

export const envSchema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? Number(v) : 3978))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, { message: 'must be a port number (0-65535)' }),
  HOST: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : '127.0.0.1')),
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
  LOCAL_CHAT: flag,
  /** Serve the local try-out page to non-loopback clients too. */
  LOCAL_CHAT_PUBLIC: flag,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', ''])
    .optional()
    .transform((v) => (v ? v : 'info')),
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
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment and derives the configuration; throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      const value = env[name];
      const shown = /TOKEN|SECRET|PASSWORD/.test(name) || value === undefined ? '' : ` (got '${value}')`;
      problems.push(`${name}: ${issue.message}${shown}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  let slack: Config['slack'];
  if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    if (!e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required when Slack is configured (xoxb-…)');
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
      problems.push('SLACK_SIGNING_SECRET: required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
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
  if (e.BOT_ID || e.BOT_PASSWORD) {
    if (!e.BOT_ID) problems.push('BOT_ID: required when BOT_PASSWORD is set');
    if (!e.BOT_PASSWORD && e.BOT_TYPE !== 'UserAssignedMSI') {
      problems.push('BOT_PASSWORD: required when BOT_ID is set');
    }
    if (e.BOT_TYPE === 'SingleTenant' && !e.BOT_TENANT_ID) {
      problems.push('BOT_TENANT_ID: required when BOT_TYPE is SingleTenant');
    }
    if (e.TEAMS_DEV_ANONYMOUS) {
      problems.push('TEAMS_DEV_ANONYMOUS: must not be set together with BOT_ID (credentials always authenticate)');
    }
    teams = {
      ...(e.BOT_ID ? { botId: e.BOT_ID } : {}),
      ...(e.BOT_PASSWORD ? { botPassword: e.BOT_PASSWORD } : {}),
      botType: e.BOT_TYPE,
      ...(e.BOT_TENANT_ID ? { tenantId: e.BOT_TENANT_ID } : {}),
      anonymous: false,
    };
  } else if (e.TEAMS_DEV_ANONYMOUS) {
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
    localChat: e.LOCAL_CHAT || (!slack && !teams),
    localChatPublic: e.LOCAL_CHAT_PUBLIC,
  };
}

/** Reads `.env` (when present) into process.env without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseConfig(env);
}
