import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';

/** Keys whose values never reach a log line, at any of the depths they are logged at. */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'password',
  'botPassword',
  'authorization',
  'cookie',
  'set-cookie',
  'x-slack-signature',
];

export const redactPaths = [
  ...SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'config.slack.botToken',
  'config.slack.signingSecret',
  'config.slack.appToken',
  'config.teams.botPassword',
];

/**
 * Structured JSON logs (one object per line on stdout). Secrets are redacted wherever they might
 * appear; message text is logged only at debug level by the callers.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: 'ansvar', pid: process.pid, hostname: hostname() },
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
