import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Bolt's and the Web API client's log lines, sent to our pino logger (its level decides). Which part
 * of Slack's stack wrote a line is the caller's business (`log.child({ component: 'bolt' })`); the
 * names Slack's libraries give their loggers (`setName`) are not added, so no line carries a key twice.
 */
export function boltLogger(log: Logger): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    if (!log.isLevelEnabled(level)) return;
    const err = parts.find((p): p is Error => p instanceof Error);
    const message = parts
      .filter((p) => !(p instanceof Error))
      .map((p) => (typeof p === 'string' ? p : safeJson(p)))
      .join(' ');
    if (err) log[level]({ err }, message);
    else log[level](message);
  };
  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel: () => undefined,
    getLevel: () => {
      if (log.isLevelEnabled('debug')) return LogLevel.DEBUG;
      if (log.isLevelEnabled('info')) return LogLevel.INFO;
      if (log.isLevelEnabled('warn')) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
