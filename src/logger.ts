import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Secrets are redacted wherever they might appear; message text is logged
 * only at debug level by the callers.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'ansvar' },
    redact: {
      paths: [
        'token',
        '*.token',
        'password',
        '*.password',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
        'req.headers["x-slack-signature"]',
        'config.slackBotToken',
        'config.slackSigningSecret',
        'config.slackAppToken',
        'config.botPassword',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
