import type { Logger } from 'pino';
import { classify, type SlackApi } from './slack-api.js';

/** Who the bot is in the workspace: Bolt needs this to ignore the bot's own messages. */
export interface BotIdentity {
  botUserId: string;
  botId: string;
}

export interface AuthCheckOptions {
  /** Where the Web API is, for the message when it cannot be reached. */
  apiUrl: string;
  log: Logger;
  /** Attempts in all while Slack cannot be reached (network errors, timeouts, 5xx, rate limits). */
  attempts?: number;
  /** Wait before the second attempt; doubled before each further one. */
  firstDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const AUTH_CHECK_ATTEMPTS = 5;
export const AUTH_CHECK_FIRST_DELAY_MS = 1000;

export class SlackStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartupError';
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `auth.test` with the bot token at start-up. A token Slack refuses (`invalid_auth`, `token_revoked`,
 * …) fails at once with Slack's reason; while the Web API cannot be reached at all, the call is
 * retried with a doubling wait, and the error then names the URL and how long it was tried.
 */
export async function verifyBotToken(api: SlackApi, options: AuthCheckOptions): Promise<BotIdentity> {
  const attempts = Math.max(1, options.attempts ?? AUTH_CHECK_ATTEMPTS);
  const firstDelay = options.firstDelayMs ?? AUTH_CHECK_FIRST_DELAY_MS;
  const sleep = options.sleep ?? defaultSleep;
  const started = Date.now();
  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const result = (await api.client.apiCall('auth.test')) as { user_id?: unknown; bot_id?: unknown };
      if (typeof result.user_id !== 'string' || typeof result.bot_id !== 'string') {
        throw new SlackStartupError(
          'Slack accepted SLACK_BOT_TOKEN but auth.test named no bot user: is it a bot token (xoxb-…)?',
        );
      }
      return { botUserId: result.user_id, botId: result.bot_id };
    } catch (error) {
      if (error instanceof SlackStartupError) throw error;
      const failure = classify(error);
      if (!failure.transient) {
        if (failure.kind.startsWith('http_')) {
          throw new SlackStartupError(
            `The Slack API at ${options.apiUrl} answered auth.test with HTTP ${failure.kind.slice(5)}: check SLACK_API_URL`,
          );
        }
        throw new SlackStartupError(
          `Slack rejected SLACK_BOT_TOKEN at start-up (auth.test: ${failure.kind})`,
        );
      }
      lastProblem = [failure.message ?? failure.kind, networkCode(error)].filter(Boolean).join(' ');
      if (attempt === attempts) break;
      const wait = Math.max(failure.retryAfterMs ?? 0, firstDelay * 2 ** (attempt - 1));
      options.log.warn(
        { attempt, of: attempts, retryInMs: wait, problem: lastProblem, apiUrl: options.apiUrl },
        'the Slack API cannot be reached at start-up; retrying',
      );
      await sleep(wait);
    }
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  throw new SlackStartupError(
    `The Slack API at ${options.apiUrl} could not be reached (auth.test: ${lastProblem}); ` +
      `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${seconds} s. Check the network, a proxy, or SLACK_API_URL.`,
  );
}

/** The system error code under fetch's "fetch failed" (ECONNREFUSED, ENOTFOUND, …), in parentheses. */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, cause, original } = e as { code?: unknown; cause?: unknown; original?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `(${code})`;
    e = original ?? cause;
  }
  return undefined;
}
