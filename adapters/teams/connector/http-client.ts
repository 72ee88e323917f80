import { AsyncLocalStorage } from 'node:async_hooks';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryDelay,
  type CallOutcome,
  type RetryOptions,
} from './retry-policy.js';
import { neverSent } from '../../../src/server/never-sent.js';

/**
 * The HTTP client the Bot Framework connector sends replies through (the documented
 * `httpClient` connector option). It owns retrying: throttling and server errors are retried
 * here with bounded backoff. When it gives up it throws an error the SDK's own retry policy does
 * not retry, so attempts never multiply.
 */
type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof TeamsAdapter>[3]>;
export type ConnectorHttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type WebResourceLike = Parameters<ConnectorHttpClient['sendRequest']>[0];
type CompatResponse = Awaited<ReturnType<ConnectorHttpClient['sendRequest']>>;
type HttpHeadersLike = CompatResponse['headers'];

export interface ConnectorCallEvent {
  method: string;
  /** Scheme, host and path of the call (no query). */
  url: string;
  attempt: number;
  outcome: CallOutcome;
}

export interface RetryingHttpClientOptions {
  retry?: RetryOptions;
  /** Per attempt. */
  timeoutMs?: number;
  /** A failed attempt that will be retried after `delayMs`. */
  onRetry?(event: ConnectorCallEvent & { delayMs: number }): void;
  /** The call failed for good (retries exhausted, or an error not worth retrying). */
  onGiveUp?(event: ConnectorCallEvent): void;
  sleep?(ms: number): Promise<void>;
}

/** Thrown when the connector stays unavailable. Deliberately without a network error `code`. */
export class ConnectorUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    /** `unknown` when an attempt may have been acted on (timeout, dropped connection, 5xx). */
    readonly delivered: 'no' | 'unknown' = 'unknown',
  ) {
    super(message);
    this.name = 'ConnectorUnavailableError';
  }
}

const singleDelivery = new AsyncLocalStorage<true>();

/**
 * Runs `send` so that its connector calls are never retried after an attempt the connector may have
 * acted on (the digest: a second attempt could post it twice). Throttling and failures that prove
 * nothing was sent (connection refused) are still retried.
 */
export function atMostOnce<T>(send: () => Promise<T>): Promise<T> {
  return singleDelivery.run(true, send);
}

export function createRetryingHttpClient(options: RetryingHttpClientOptions = {}): ConnectorHttpClient {
  const retry = options.retry ?? DEFAULT_RETRY;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return {
    async sendRequest(request: WebResourceLike): Promise<CompatResponse> {
      const url = describeUrl(request.url);
      const once = singleDelivery.getStore() === true;
      let maybeDelivered = false;
      for (let attempt = 1; ; attempt++) {
        let outcome: CallOutcome;
        let response: Response | undefined;
        let unsent = false;
        try {
          response = await fetch(request.url, {
            method: request.method,
            headers: request.headers.toJson({ preserveCase: true }),
            ...(request.body !== undefined && request.body !== null ? { body: bodyOf(request.body) } : {}),
            signal: withTimeout(request.abortSignal as AbortSignal | undefined, timeoutMs),
          });
          outcome = { status: response.status, retryAfter: response.headers.get('retry-after') };
        } catch (error) {
          if ((request.abortSignal as AbortSignal | undefined)?.aborted) throw error;
          outcome = { networkError: true };
          unsent = neverSent(error);
        }
        const event = { method: request.method, url, attempt, outcome };
        if (response && !isRetryableStatus(response.status)) {
          return toCompatResponse(request, response, await response.text());
        }
        const unknownOutcome = response ? response.status >= 500 : !unsent;
        maybeDelivered ||= unknownOutcome;
        const delayMs = once && unknownOutcome ? undefined : retryDelay(attempt, outcome, retry);
        if (delayMs === undefined) {
          options.onGiveUp?.(event);
          const status = response?.status;
          await response?.body?.cancel().catch(() => undefined);
          throw new ConnectorUnavailableError(
            `Bot Connector ${request.method} ${url} failed after ${attempt} attempt(s)${status ? ` (HTTP ${status})` : ' (network error)'}`,
            status,
            maybeDelivered ? 'unknown' : 'no',
          );
        }
        options.onRetry?.({ ...event, delayMs });
        await response?.body?.cancel().catch(() => undefined);
        await sleep(delayMs);
      }
    },
  };
}

function bodyOf(body: unknown): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return JSON.stringify(body);
}

function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}

function toCompatResponse(request: WebResourceLike, response: Response, bodyAsText: string): CompatResponse {
  const headers = new PlainHeaders();
  response.headers.forEach((value, name) => {
    // A non-retryable response must not look retryable to the SDK's throttling policy.
    if (name.toLowerCase() !== 'retry-after') headers.set(name, value);
  });
  return { request, status: response.status, headers, bodyAsText } as CompatResponse;
}

/** The header collection shape the connector's compatibility layer reads. */
class PlainHeaders implements HttpHeadersLike {
  private readonly entries = new Map<string, { name: string; value: string }>();

  set(name: string, value: string | number): void {
    this.entries.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.entries.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.entries.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): { name: string; value: string }[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }
  headerNames(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }
  headerValues(): string[] {
    return [...this.entries.values()].map((e) => e.value);
  }
  clone(): HttpHeadersLike {
    const copy = new PlainHeaders();
    for (const e of this.entries.values()) copy.set(e.name, e.value);
    return copy;
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, e] of this.entries) out[options.preserveCase ? e.name : key] = e.value;
    return out;
  }
}
