import { AsyncLocalStorage } from 'node:async_hooks';
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

const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/**
 * Runs `work` (and everything it starts: promises, timers, callbacks) as part of the request `reqId`:
 * every line any logger from `createLogger` writes meanwhile carries `reqId`, without the core or the
 * adapters passing a request logger around.
 */
export function withRequestId<T>(reqId: string, work: () => T): T {
  return requestContext.run({ reqId }, work);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.reqId;
}

/**
 * Structured JSON logs (one object per line on stdout). Secrets are redacted wherever they might
 * appear; message text is logged only at debug level by the callers. Lines written while a request
 * is handled carry its `reqId` (see withRequestId).
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'ansvar', pid: process.pid, hostname: hostname() },
    redact: { paths: redactPaths, censor: '[redacted]' },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId === undefined ? {} : { reqId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
