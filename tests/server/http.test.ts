import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

describe('the HTTP server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ logLevel: 'info' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /healthz while the process runs', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('says on /readyz that the database is reachable', async () => {
    const response = await fetch(`${t.url}/readyz`);
    const body = (await response.json()) as { database: boolean; knowledge: { documents: number } };
    expect(body.database).toBe(true);
  });

  it('is ready on /readyz with the bundled knowledge loaded', async () => {
    const response = await fetch(`${t.url}/readyz`);
    const body = (await response.json()) as {
      status: string;
      knowledge: { documents: number; statements: number };
    };
    expect(body.knowledge.documents).toBeGreaterThanOrEqual(5);
    expect(body.knowledge.statements).toBeGreaterThan(0);
    expect(body.status).toBe('ready');
    expect(response.status).toBe(200);
  });

  it('logs the start-up: surfaces, database and what was indexed', () => {
    const listening = t.logs.find((l) => l.msg === 'listening');
    expect(listening).toMatchObject({
      url: t.url,
      surfaces: ['local chat page at GET / (loopback clients only)'],
      database: t.database.url,
    });
    expect(listening?.knowledge).toEqual(t.runtime.core.services.knowledge.stats());
  });

  it('gives every request an id, keeps a sane incoming one, and logs one line per request', async () => {
    const fresh = await fetch(`${t.url}/chat/session?token=abc`);
    const id = fresh.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${t.url}/chat/session`, { headers: { 'x-request-id': 'lb-7f3a.1' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.1');

    const line = t.logs.find((l) => l.reqId === id && l.msg === 'request');
    expect(line).toMatchObject({ method: 'GET', path: '/chat/session', status: 200, level: 30 });
    expect(typeof line?.durationMs).toBe('number');
    expect(JSON.stringify(t.logs)).not.toContain('token=abc');
    expect(t.logs.some((l) => l.reqId === 'lb-7f3a.1')).toBe(true);
  });

  it('never logs message text at info level', async () => {
    const marker = 'zebra-marker-4711';
    const session = await fetch(`${t.url}/chat/session`);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const response = await fetch(`${t.url}/chat/turn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ input: { type: 'text', text: `who approves ${marker}?` } }),
    });
    expect(response.status).toBe(200);
    expect(t.logs.some((l) => l.msg === 'request' && l.path === '/chat/turn')).toBe(true);
    expect(JSON.stringify(t.logs)).not.toContain(marker);
  });

  it('serves Prometheus metrics with the product counters', async () => {
    await fetch(`${t.url}/healthz`);
    const response = await fetch(`${t.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const family of [
      '# TYPE ansvar_questions_total counter',
      '# TYPE ansvar_answer_duration_seconds histogram',
      '# TYPE ansvar_visits_total counter',
      '# TYPE ansvar_digests_total counter',
      '# TYPE ansvar_platform_errors_total counter',
      '# TYPE ansvar_turns_total counter',
      '# TYPE ansvar_turns_in_flight gauge',
      '# TYPE ansvar_http_requests_total counter',
      '# TYPE ansvar_http_request_duration_seconds histogram',
      '# TYPE ansvar_process_cpu_user_seconds_total counter',
    ]) {
      expect(text).toContain(family);
    }
    expect(text).toContain('ansvar_digests_total{platform="slack",result="failed"} 0');
    expect(text).toContain('ansvar_questions_total{status="no_answer",language="sv"}');
    expect(text).toMatch(/ansvar_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    expect(text).toMatch(/ansvar_turns_total\{platform="web",type="text"\} [1-9]/);
  });

  it('answers unknown paths with a JSON 404 under a fixed metrics label', async () => {
    const response = await fetch(`${t.url}/wp-login.php`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found' });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toContain('ansvar_http_requests_total{method="GET",route="other",status="404"}');
    expect(metrics).not.toContain('wp-login');
  });

  it('turns /readyz to 503 when the database stops answering', async () => {
    const other = await startTestServer();
    try {
      await other.runtime.core.services.store.close();
      const response = await fetch(`${other.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'not ready', database: false });
    } finally {
      await other.server.close();
      await other.database.drop();
    }
  });
});
