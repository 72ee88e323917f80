/**
 * When to try a Bot Connector call again. Throttling (429, or 503 with Retry-After) waits as long
 * as the connector asks, up to a bound; server errors and network failures back off exponentially
 * with jitter. Everything is bounded: a chat reply that needs minutes is no longer worth sending.
 */
export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 4000,
  maxRetryAfterMs: 15_000,
};

export type CallOutcome = { status: number; retryAfter?: string | null } | { networkError: true };

/** Milliseconds to wait before attempt `attemptsMade + 1`, or undefined to stop. */
export function retryDelay(
  attemptsMade: number,
  outcome: CallOutcome,
  options: RetryOptions,
  now: Date = new Date(),
  random: () => number = Math.random,
): number | undefined {
  if (attemptsMade >= options.maxAttempts) return undefined;
  if ('networkError' in outcome) return backoff(attemptsMade, options, random);
  const { status } = outcome;
  if (status === 429 || status === 503) {
    const asked = parseRetryAfter(outcome.retryAfter, now);
    if (asked !== undefined) return asked <= options.maxRetryAfterMs ? asked : undefined;
    return backoff(attemptsMade, options, random);
  }
  if (isRetryableStatus(status)) return backoff(attemptsMade, options, random);
  return undefined;
}

/** 408, 429 and server errors other than "not implemented" / "version not supported". */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

function backoff(attemptsMade: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
