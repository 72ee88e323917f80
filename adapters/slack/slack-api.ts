import http from 'node:http';
import https from 'node:https';
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { boltLogger } from './bolt-logger.js';
import { neverSent } from '../../src/server/never-sent.js';

/**
 * Every call the bot makes to Slack (Web API methods and `response_url`s) goes through here: rate
 * limits are waited out as Slack's `Retry-After` says, transient failures are retried a little, and
 * every failure is counted in `ansvar_platform_errors_total{platform="slack"}`. A call made with
 * `atMostOnce` (the digest) is never retried after a failure that Slack may have acted on. What cannot be
 * retried surfaces as a SlackCallError whose `kind` (`not_in_channel`, `expired_trigger_id`, …)
 * callers use to fall back.
 */

export class SlackCallError extends Error {
  constructor(
    readonly method: string,
    readonly kind: string,
    message?: string,
    /** Slack may have carried the call out (timeout, dropped connection, 5xx, internal_error). */
    readonly outcomeUnknown = false,
    /** For `missing_scope`: the scope(s) Slack said the call needs. */
    readonly needed?: string,
  ) {
    super(message ?? `Slack ${method} failed: ${kind}`);
    this.name = 'SlackCallError';
  }
}

export interface RetryPolicy {
  /** How often a rate-limited call is retried. */
  rateLimitRetries: number;
  /** A longer Retry-After than this gives up instead of waiting. */
  maxRetryAfterMs: number;
  /** Retries for network errors, 5xx and Slack's `internal_error`. */
  transientRetries: number;
  backoffMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Timeout of a file upload to an `upload_url` (files are up to 20 MB). */
  uploadTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  rateLimitRetries: 3,
  maxRetryAfterMs: 30_000,
  transientRetries: 2,
  backoffMs: 250,
  timeoutMs: 10_000,
  uploadTimeoutMs: 120_000,
};

/** Errors meaning "the bot cannot post in that conversation": callers fall back instead of failing. */
export const UNREACHABLE_KINDS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'user_not_in_channel',
]);

const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

type Args = Record<string, unknown>;
export type CallResult = { ok?: boolean; [key: string]: unknown };

export interface CallOptions {
  /**
   * For calls that must not happen twice (the digest's chat.postMessage): a failure after which
   * Slack may have acted on the call is not retried but thrown with `outcomeUnknown`. Rate limits
   * and failures that prove nothing happened are still retried.
   */
  atMostOnce?: boolean;
}

export interface SlackApi {
  readonly client: InstanceType<typeof webApi.WebClient>;
  call(method: string, args: Args, options?: CallOptions): Promise<CallResult>;
  /** POSTs a message to a `response_url` (slash commands and buttons; works outside the bot's channels). */
  respond(url: string, body: Args): Promise<void>;
  /** POSTs a file's bytes to an `upload_url` from `files.getUploadURLExternal` (pre-authorised: no token). */
  uploadBytes(url: string, bytes: Buffer): Promise<void>;
}

export interface SlackApiOptions {
  botToken: string;
  apiUrl?: string;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function normaliseApiUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackApi(options: SlackApiOptions): SlackApi {
  const policy = { ...defaultRetryPolicy, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const log = options.log;
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: normaliseApiUrl(options.apiUrl) } : {}),
    logger: boltLogger(log.child({ component: 'slack-web-api' })),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: policy.timeoutMs,
  });

  const count = (kind: string) => platformErrorsTotal.inc({ platform: 'slack', kind });

  async function withRetries<T>(method: string, attempt: () => Promise<T>, atMostOnce = false): Promise<T> {
    let rateLimited = 0;
    let transient = 0;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        const failure = classify(error);
        count(failure.kind);
        if (failure.retryAfterMs !== undefined) {
          if (rateLimited < policy.rateLimitRetries && failure.retryAfterMs <= policy.maxRetryAfterMs) {
            rateLimited += 1;
            log.warn(
              { method, retryAfterMs: failure.retryAfterMs },
              'slack rate limit; waiting before retrying',
            );
            await sleep(failure.retryAfterMs);
            continue;
          }
        } else if (
          failure.transient &&
          transient < policy.transientRetries &&
          !(atMostOnce && failure.outcomeUnknown)
        ) {
          transient += 1;
          log.warn({ method, kind: failure.kind, attempt: transient }, 'slack call failed; retrying');
          await sleep(policy.backoffMs * 2 ** (transient - 1));
          continue;
        }
        log.warn({ method, kind: failure.kind }, 'slack call failed');
        throw new SlackCallError(
          method,
          failure.kind,
          failure.message,
          failure.outcomeUnknown ?? false,
          failure.needed,
        );
      }
    }
  }

  return {
    client,
    call(method, args, options = {}) {
      return withRetries(
        method,
        async () => (await client.apiCall(method, args)) as CallResult,
        options.atMostOnce,
      );
    },
    respond(url, body) {
      return withRetries('response_url', async () => {
        const { status, text, retryAfter } = await post(
          url,
          JSON.stringify(body),
          'application/json; charset=utf-8',
          policy.timeoutMs,
        );
        if (status === 429) throw new ResponseUrlError(429, 'rate_limited', retryAfterSeconds(retryAfter));
        if (status < 200 || status >= 300)
          throw new ResponseUrlError(status, parseError(text) ?? `http_${status}`);
        const error = parseError(text);
        if (error) throw new ResponseUrlError(status, error);
      });
    },
    uploadBytes(url, bytes) {
      // Slack accepts the raw bytes; it answers 200 once it has them (the file is processed later).
      return withRetries('upload_url', async () => {
        const { status, retryAfter } = await post(
          url,
          bytes,
          'application/octet-stream',
          policy.uploadTimeoutMs,
        );
        if (status === 429) throw new ResponseUrlError(429, 'rate_limited', retryAfterSeconds(retryAfter));
        if (status !== 200) throw new ResponseUrlError(status, `upload_http_${status}`);
      });
    },
  };
}

// Keep-alive connections to hooks.slack.com (and files.slack.com): node:http costs a fraction of fetch per post.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function post(
  url: string,
  body: string | Buffer,
  contentType: string,
  timeoutMs: number,
): Promise<{ status: number; text: string; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const agent =
      target.protocol === 'https:'
        ? agents['https:']
        : target.protocol === 'http:'
          ? agents['http:']
          : undefined;
    if (!agent) return reject(new ResponseUrlError(0, 'invalid_url'));
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 64 * 1024) chunks.push(chunk);
        });
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error(`POST to ${target.host} timed out`), { name: 'TimeoutError' })),
    );
    request.on('error', reject);
    request.end(body);
  });
}

class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    readonly retryAfter?: number,
  ) {
    super(`Slack answered ${status} ${kind}`);
  }
}

function retryAfterSeconds(header: string | null): number {
  const n = Number.parseInt(header ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 1;
}

function parseError(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { ok?: boolean; error?: string };
    return json.ok === false ? (json.error ?? 'unknown_error') : undefined;
  } catch {
    return undefined;
  }
}

interface Failure {
  kind: string;
  transient: boolean;
  retryAfterMs?: number;
  message?: string;
  /** The request may have reached Slack and been acted on (so a retry could do it twice). */
  outcomeUnknown?: boolean;
  /** `missing_scope`: the scope(s) Slack named as needed. */
  needed?: string;
}

/** Slack's own errors that say part of the call may have been carried out. */
const MAYBE_DONE_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error']);

/** Maps @slack/web-api and response_url errors to a metric label and a retry decision. */
export function classify(error: unknown): Failure {
  if (error instanceof ResponseUrlError) {
    if (error.retryAfter !== undefined)
      return { kind: 'rate_limited', transient: true, retryAfterMs: error.retryAfter * 1000 };
    return {
      kind: error.kind,
      transient: error.status >= 500,
      message: error.message,
      outcomeUnknown: error.status >= 500,
    };
  }
  const coded = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string; needed?: unknown };
    statusCode?: number;
  };
  switch (coded.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'rate_limited', transient: true, retryAfterMs: (coded.retryAfter ?? 1) * 1000 };
    case webApi.ErrorCode.PlatformError: {
      const kind = coded.data?.error ?? 'platform_error';
      const needed = coded.data?.needed;
      return {
        kind,
        transient: TRANSIENT_PLATFORM_ERRORS.has(kind),
        outcomeUnknown: MAYBE_DONE_PLATFORM_ERRORS.has(kind),
        ...(typeof needed === 'string' && needed ? { needed } : {}),
      };
    }
    case webApi.ErrorCode.HTTPError:
      return {
        kind: `http_${coded.statusCode ?? 'error'}`,
        transient: (coded.statusCode ?? 500) >= 500,
        outcomeUnknown: (coded.statusCode ?? 500) >= 500,
      };
    case webApi.ErrorCode.RequestError:
      return {
        kind: 'request_error',
        transient: true,
        message: (error as Error).message,
        outcomeUnknown: !neverSent(error),
      };
    default:
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return { kind: 'timeout', transient: true, outcomeUnknown: true };
      }
      if (error instanceof TypeError || (error as { code?: string }).code?.startsWith('E')) {
        return {
          kind: 'request_error',
          transient: true,
          message: (error as Error).message,
          outcomeUnknown: !neverSent(error),
        };
      }
      return {
        kind: 'unknown',
        transient: false,
        message: error instanceof Error ? error.message : String(error),
      };
  }
}
