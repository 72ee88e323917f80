import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { reply } from '../../src/core/reply.js';
import type { Turn } from '../../src/core/turn.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type ServerComponent } from '../../src/server.js';
import type { ComponentContext } from '../../src/server/components.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { capturingLogger, repoRoot } from '../support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real runtime whose router waits for the test to release each turn. */
async function runtimeWithGate(): Promise<{
  runtime: Runtime;
  database: TestDatabase;
  release: () => void;
  started: Promise<Turn>;
}> {
  const database = createSqliteTestDatabase();
  const config = parseConfig({ DATABASE_URL: database.url, KNOWLEDGE_DIR: `${repoRoot}knowledge` });
  const { log } = capturingLogger('silent');
  const real = await createRuntime(config, log);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let markStarted!: (turn: Turn) => void;
  const started = new Promise<Turn>((resolve) => (markStarted = resolve));
  const runtime: Runtime = {
    ...real,
    core: {
      ...real.core,
      router: {
        async handle(turn) {
          markStarted(turn);
          await gate;
          return reply({ text: 'finished', blocks: [{ type: 'text', text: ['finished after the gate'] }] });
        },
      },
    },
  };
  cleanups.push(async () => {
    await real.close();
    await database.drop();
  });
  return { runtime, database, release, started };
}

function postTurn(
  url: string,
  text: string,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  const u = new URL(url);
  const payload = JSON.stringify({ input: { type: 'text', text } });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: '/chat/turn',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function recordingComponent(
  name: string,
  events: string[],
  runtime?: Runtime,
): ServerComponent & { context?: ComponentContext } {
  const component: ServerComponent & { context?: ComponentContext } = {
    name,
    start(context) {
      component.context = context;
      events.push(`start ${name}`);
    },
    async stop() {
      const databaseOpen = runtime ? await runtime.core.services.store.ping() : undefined;
      events.push(
        `stop ${name}${databaseOpen === undefined ? '' : databaseOpen ? ' (database open)' : ' (database closed)'}`,
      );
    },
  };
  return component;
}

describe('server lifecycle', () => {
  it('starts components after listening and stops them in reverse order while the database is still open', async () => {
    const { runtime } = await runtimeWithGate();
    const { log, logs } = capturingLogger('info');
    const events: string[] = [];
    const first = recordingComponent('first', events, runtime);
    const second = recordingComponent('second', events, runtime);
    const config = parseConfig({ PORT: '0', KNOWLEDGE_DIR: `${repoRoot}knowledge` });
    const server = await startServer(config, runtime, log, { components: [first, second] });
    expect(events).toEqual(['start first', 'start second']);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(first.context?.posters).toEqual([]);
    expect(first.context?.core.services.store).toBe(runtime.core.services.store);
    expect(logs.find((l) => l.msg === 'listening')?.components).toEqual(['first', 'second']);

    await server.close();
    expect(events).toEqual([
      'start first',
      'start second',
      'stop second (database open)',
      'stop first (database open)',
    ]);
    await server.close();
    expect(events).toHaveLength(4);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('fails to start, listening on nothing, when a component cannot start', async () => {
    const { runtime } = await runtimeWithGate();
    const { log } = capturingLogger('silent');
    const events: string[] = [];
    const good = recordingComponent('good', events);
    const bad: ServerComponent = {
      name: 'bad',
      start: () => Promise.reject(new Error('cannot claim')),
      stop: () => undefined,
    };
    await expect(
      startServer(parseConfig({ PORT: '0' }), runtime, log, { components: [good, bad] }),
    ).rejects.toThrow('cannot claim');
    expect(events).toEqual(['start good', 'stop good']);
  });

  it('finishes a turn in flight before closing, and answers it with Connection: close', async () => {
    const { runtime, release, started } = await runtimeWithGate();
    const { log, logs } = capturingLogger('info');
    const server = await startServer(parseConfig({ PORT: '0' }), runtime, log, { shutdownGraceMs: 10_000 });
    const response = postTurn(server.url, 'a slow question');
    await started;
    expect(server.inFlight).toBe(1);

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.draining).toBe(true);
    expect(closed).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    release();
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(answered.body).toContain('finished after the gate');
    expect(answered.connection).toBe('close');
    await closing;
    expect(server.inFlight).toBe(0);
    expect(logs.some((l) => l.msg === 'draining: no new connections' && l.inFlight === 1)).toBe(true);
    expect(logs.some((l) => l.msg === 'server closed')).toBe(true);
  });

  it('gives up on work that outlasts the grace period and cuts its connection', async () => {
    const { runtime, started, release } = await runtimeWithGate();
    const { log, logs } = capturingLogger('info');
    const server = await startServer(parseConfig({ PORT: '0' }), runtime, log, { shutdownGraceMs: 300 });
    const response = postTurn(server.url, 'never ends').catch((error: Error) => error);
    await started;
    const began = Date.now();
    await server.close();
    expect(Date.now() - began).toBeLessThan(5000);
    expect(await response).toBeInstanceOf(Error);
    expect(logs.some((l) => l.msg === 'turns still running at the end of the grace period')).toBe(true);
    release();
  });
});
