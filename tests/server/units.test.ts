import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorHandler, notFound } from '../../src/server/errors.js';
import { createInFlight } from '../../src/server/in-flight.js';
import { describeListenError, listen, serverUrl } from '../../src/server/listen.js';
import { checkReadiness } from '../../src/server/operations.js';
import { requestIdFrom } from '../../src/server/request-id.js';
import { methodLabel, routeLabel } from '../../src/server/route-label.js';
import { handleShutdownSignals, signalExitCode } from '../../src/server/shutdown-signals.js';
import { capturingLogger } from '../support/server.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('in-flight work', () => {
  it('drains at once when nothing is running', async () => {
    expect(await createInFlight().drain(1000)).toBe(true);
  });

  it('waits for tracked work, counting failures as finished', async () => {
    const sizes: number[] = [];
    const inFlight = createInFlight((n) => sizes.push(n));
    let finish!: () => void;
    const slow = inFlight.track(new Promise<void>((resolve) => (finish = resolve)));
    const failing = inFlight.track(Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect(inFlight.size).toBe(1);
    const drained = inFlight.drain(5000);
    finish();
    await slow;
    expect(await drained).toBe(true);
    expect(inFlight.size).toBe(0);
    expect(sizes).toEqual([1, 2, 1, 0]);
  });

  it('reports false when the time runs out first', async () => {
    vi.useFakeTimers();
    const inFlight = createInFlight();
    void inFlight.track(new Promise(() => undefined));
    const drained = inFlight.drain(250);
    await vi.advanceTimersByTimeAsync(250);
    expect(await drained).toBe(false);
    expect(inFlight.size).toBe(1);
  });
});

describe('shutdown signals', () => {
  it('shuts down on the first signal and exits at once on the second', () => {
    const source = new EventEmitter();
    const first = vi.fn();
    const second = vi.fn();
    const remove = handleShutdownSignals(source, { onFirst: first, onSecond: second });
    source.emit('SIGTERM');
    expect(first).toHaveBeenCalledWith('SIGTERM');
    expect(second).not.toHaveBeenCalled();
    source.emit('SIGINT');
    expect(second).toHaveBeenCalledWith('SIGINT', 130);
    source.emit('SIGTERM');
    expect(second).toHaveBeenLastCalledWith('SIGTERM', 143);
    expect(first).toHaveBeenCalledTimes(1);
    remove();
    expect(source.listenerCount('SIGTERM') + source.listenerCount('SIGINT')).toBe(0);
  });

  it('uses 128 + the signal number as exit code', () => {
    expect(signalExitCode('SIGTERM')).toBe(143);
    expect(signalExitCode('SIGINT')).toBe(130);
  });
});

describe('listening', () => {
  it('formats URLs, bracketing IPv6 hosts', () => {
    expect(serverUrl('127.0.0.1', 80)).toBe('http://127.0.0.1:80');
    expect(serverUrl('::1', 3978)).toBe('http://[::1]:3978');
  });

  it('turns a busy port into one actionable line', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(listen(() => undefined, '127.0.0.1', port)).rejects.toThrow(
        `127.0.0.1:${port} is already in use: stop the other process or set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
    expect(describeListenError(Object.assign(new Error('x'), { code: 'EACCES' }), '0.0.0.0', 80)).toMatch(
      /not allowed/,
    );
  });
});

describe('request ids and labels', () => {
  it('keeps a sane incoming id and replaces anything else', () => {
    expect(requestIdFrom('lb-1234.abc:9')).toBe('lb-1234.abc:9');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'new\nline', '<script>']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdFrom(['first', 'second'])).toBe('first');
  });

  it('keeps metric labels to a fixed set', () => {
    expect(routeLabel('/slack/events')).toBe('/slack/events');
    expect(routeLabel('/chat/assets/chat.js')).toBe('/chat/assets/*');
    expect(routeLabel('/wp-admin/setup.php')).toBe('other');
    expect(methodLabel('PROPFIND')).toBe('other');
  });
});

describe('readiness', () => {
  const stats = (documents: number) => ({
    stats: () => ({ organizations: 5, documents, passages: 10, statements: 3 }),
  });

  it('is ready with a reachable database and loaded knowledge', async () => {
    const r = await checkReadiness({
      store: { ping: async () => true },
      knowledge: stats(5),
      draining: false,
    });
    expect(r).toMatchObject({ ready: true, status: 'ready', database: true });
  });

  it('is not ready without the database, without knowledge, or while shutting down', async () => {
    expect(
      await checkReadiness({ store: { ping: async () => false }, knowledge: stats(5), draining: false }),
    ).toMatchObject({
      ready: false,
      database: false,
    });
    expect(
      await checkReadiness({
        store: { ping: () => Promise.reject(new Error('gone')) },
        knowledge: stats(5),
        draining: false,
      }),
    ).toMatchObject({ ready: false, database: false });
    expect(
      await checkReadiness({ store: { ping: async () => true }, knowledge: stats(0), draining: false }),
    ).toMatchObject({
      ready: false,
      status: 'not ready',
    });
    expect(
      await checkReadiness({ store: { ping: async () => true }, knowledge: stats(5), draining: true }),
    ).toMatchObject({
      ready: false,
      status: 'shutting down',
    });
  });

  it('does not hang on a database that never answers', async () => {
    vi.useFakeTimers();
    const pending = checkReadiness({
      store: { ping: () => new Promise(() => undefined) },
      knowledge: stats(5),
      draining: false,
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(await pending).toMatchObject({ ready: false, database: false });
  });
});

describe('errors reach clients as short JSON, never as stack traces', () => {
  it('answers a failing handler with 500 and logs the details', async () => {
    const { log, logs } = capturingLogger('debug');
    const app = express();
    app.use((_req, res, next) => {
      res.locals.requestId = 'req-1';
      next();
    });
    app.get('/boom', () => {
      throw new Error('database password is hunter2 at /app/src/x.ts:12');
    });
    app.post('/json', express.json({ limit: '1kb' }), (_req, res) => {
      res.json({ ok: true });
    });
    app.use(notFound);
    app.use(errorHandler(log));
    const { server, url } = await listen(app, '127.0.0.1', 0);
    try {
      const boom = await fetch(`${url}/boom`);
      expect(boom.status).toBe(500);
      expect(await boom.json()).toEqual({ error: 'internal error', requestId: 'req-1' });
      expect(
        logs.some((l) => l.msg === 'request handler failed' && JSON.stringify(l).includes('hunter2')),
      ).toBe(true);

      const big = await fetch(`${url}/json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ a: 'x'.repeat(2000) }),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: 'request body too large' });

      const malformed = await fetch(`${url}/json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":',
      });
      expect(malformed.status).toBe(400);
      const text = await malformed.text();
      expect(JSON.parse(text)).toMatchObject({ error: 'request body is not valid JSON' });
      expect(text).not.toMatch(/\bat \S+ \(|node_modules|SyntaxError/);

      const missing = await fetch(`${url}/nothing-here`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'not found' });
    } finally {
      server.close();
    }
  });
});
