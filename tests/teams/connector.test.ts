import { describe, expect, it } from 'vitest';
import {
  ConnectorUnavailableError,
  createRetryingHttpClient,
} from '../../adapters/teams/connector/http-client.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay } from '../../adapters/teams/connector/retry-policy.js';
import { startFakeTeamsConnector } from '../support/fake-teams-connector.js';

const options = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const now = new Date('2026-11-22T10:00:00Z');

describe('retry policy', () => {
  it('waits as long as Retry-After asks, within a bound', () => {
    expect(retryDelay(1, { status: 429, retryAfter: '2' }, options, now)).toBe(2000);
    expect(retryDelay(1, { status: 503, retryAfter: 'Sun, 22 Nov 2026 10:00:03 GMT' }, options, now)).toBe(
      3000,
    );
    expect(retryDelay(1, { status: 429, retryAfter: '60' }, options, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter for server errors and network failures', () => {
    expect(retryDelay(1, { status: 500 }, options, now, () => 0)).toBe(50);
    expect(retryDelay(1, { status: 500 }, options, now, () => 1)).toBe(100);
    expect(retryDelay(3, { networkError: true }, options, now, () => 1)).toBe(400);
    expect(retryDelay(3, { status: 429 }, { ...options, maxDelayMs: 300 }, now, () => 1)).toBe(300);
  });

  it('does not retry client errors, 501/505, or after the last attempt', () => {
    for (const status of [400, 401, 403, 404, 413, 501, 505])
      expect(retryDelay(1, { status }, options, now)).toBeUndefined();
    expect(retryDelay(4, { status: 503 }, options, now)).toBeUndefined();
    expect(DEFAULT_RETRY.maxAttempts).toBeLessThanOrEqual(5);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retrying connector HTTP client', () => {
  function request(url: string) {
    const headers = { 'content-type': 'application/json' };
    return {
      url,
      method: 'POST',
      body: '{"type":"message"}',
      headers: { toJson: () => headers },
    } as never;
  }

  it('retries to success, honouring Retry-After, and reports each retry', async () => {
    const connector = await startFakeTeamsConnector();
    try {
      const slept: number[] = [];
      const retries: number[] = [];
      const client = createRetryingHttpClient({
        retry: options,
        sleep: async (ms) => void slept.push(ms),
        onRetry: (e) => retries.push(e.attempt),
      });
      connector.failNext({ status: 429, headers: { 'retry-after': '1' } }, { status: 502 });
      const response = await client.sendRequest(
        request(`${connector.serviceUrl}v3/conversations/c1/activities/a1`),
      );
      expect(response.status).toBe(200);
      expect(JSON.parse(response.bodyAsText!)).toHaveProperty('id');
      expect(slept[0]).toBe(1000);
      expect(slept[1]).toBeGreaterThanOrEqual(100);
      expect(retries).toEqual([1, 2]);
      expect(connector.calls.map((c) => c.body)).toEqual([
        { type: 'message' },
        { type: 'message' },
        { type: 'message' },
      ]);
    } finally {
      await connector.close();
    }
  });

  it('gives up with an error the SDK does not retry, and returns 4xx without Retry-After', async () => {
    const connector = await startFakeTeamsConnector();
    try {
      let gaveUp = 0;
      const client = createRetryingHttpClient({
        retry: options,
        sleep: async () => undefined,
        onGiveUp: () => gaveUp++,
      });
      connector.failNext(...Array.from({ length: 4 }, () => ({ status: 503 })));
      const failure = await client
        .sendRequest(request(`${connector.serviceUrl}v3/conversations/c1/activities`))
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ConnectorUnavailableError);
      expect((failure as ConnectorUnavailableError & { code?: string }).code).toBeUndefined();
      expect(connector.calls).toHaveLength(4);
      expect(gaveUp).toBe(1);

      connector.failNext({ status: 429, headers: { 'retry-after': '3600' } });
      await expect(client.sendRequest(request(`${connector.serviceUrl}v3/x`))).rejects.toThrow(/HTTP 429/);

      connector.failNext({ status: 404, headers: { 'retry-after': '1' } });
      const notFound = await client.sendRequest(request(`${connector.serviceUrl}v3/x`));
      expect(notFound.status).toBe(404);
      expect(notFound.headers.get('retry-after')).toBeUndefined();
    } finally {
      await connector.close();
    }
  });

  it('treats an unreachable connector as a network failure, bounded', async () => {
    const connector = await startFakeTeamsConnector();
    const url = `${connector.serviceUrl}v3/conversations/c1/activities`;
    await connector.close();
    let attempts = 0;
    const client = createRetryingHttpClient({
      retry: options,
      sleep: async () => undefined,
      onRetry: () => attempts++,
    });
    await expect(client.sendRequest(request(url))).rejects.toThrow(/network error/);
    expect(attempts).toBe(3);
  });
});
