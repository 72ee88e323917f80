import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../support/databases.js';
import { spawnAnsvar, type ServeProcess } from '../support/child-serve.js';
import { repoRoot } from '../support/server.js';
import { isPostgresReachable, serviceGate } from '../support/services.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function serve(
  env: Record<string, string> = {},
  options: { dotEnv?: string; database?: TestDatabase } = {},
): ServeProcess {
  const database = options.database ?? createSqliteTestDatabase();
  const processHandle = spawnAnsvar(
    ['serve'],
    {
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
      ...env,
    },
    options,
  );
  cleanups.push(async () => {
    await processHandle.cleanup();
    if (!options.database) await database.drop();
  });
  return processHandle;
}

/** Opens a connection and sends a request whose body is only half there, so it stays in flight. */
async function halfSentTurn(
  url: string,
): Promise<{ socket: Socket; finish(): void; response: Promise<string> }> {
  const u = new URL(url);
  const body = JSON.stringify({ input: { type: 'text', text: 'help' } });
  const socket = connect(Number(u.port), u.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const response = new Promise<string>((resolve) => {
    socket.once('close', () => resolve(received));
    socket.once('error', () => resolve(received));
  });
  socket.write(
    `POST /chat/turn HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
  );
  return { socket, finish: () => socket.write(body.slice(10)), response };
}

const postgres = serviceGate('PostgreSQL', await isPostgresReachable(), 'ansvar serve on PostgreSQL');
const noStackTrace = /\n\s+at .+\(.+:\d+:\d+\)|node:internal/;

describe('ansvar serve as a process', () => {
  it('starts, reports what it serves, and exits 0 after a graceful shutdown on SIGTERM', async () => {
    const database = createSqliteTestDatabase();
    cleanups.push(() => database.drop());
    const p = serve({}, { database, dotEnv: 'SHUTDOWN_GRACE_SECONDS=6\n' });
    const url = await p.url();
    const listening = p.logs.find((l) => l.msg === 'listening')!;
    expect(listening.surfaces).toEqual(['local chat page at GET / (loopback clients only)']);
    expect(listening.database).toBe(database.url);
    expect(listening.knowledge).toMatchObject({
      documents: expect.any(Number),
      statements: expect.any(Number),
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    p.child.kill('SIGTERM');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const messages = p.logs.map((l) => l.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        'starting',
        'listening',
        'shutting down',
        'server closed',
        'shutdown complete',
      ]),
    );
    expect(p.logs.find((l) => l.msg === 'shutting down')?.signal).toBe('SIGTERM');
    // The .env in the working folder was read.
    expect(p.logs.find((l) => l.msg === 'draining: no new connections')?.graceMs).toBe(6000);
    expect(p.stderr()).toBe('');
  });

  it('finishes a request in flight before exiting', async () => {
    const p = serve();
    const url = await p.url();
    const inFlight = await halfSentTurn(url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    p.child.kill('SIGTERM');
    await p.waitForLog((l) => l.msg === 'draining: no new connections');
    expect(p.child.exitCode).toBeNull();
    inFlight.finish();
    const response = await inFlight.response;
    expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
    expect(response).toContain('r-header');
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it('exits at once on a second signal', async () => {
    const p = serve({ SHUTDOWN_GRACE_SECONDS: '60' });
    const url = await p.url();
    const stuck = await halfSentTurn(url);
    cleanups.push(async () => void stuck.socket.destroy());
    await new Promise((resolve) => setTimeout(resolve, 200));
    p.child.kill('SIGTERM');
    await p.waitForLog((l) => l.msg === 'shutting down');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(p.child.exitCode).toBeNull();

    const secondAt = Date.now();
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    expect(Date.now() - secondAt).toBeLessThan(5000);
    expect(exit).toEqual({ code: 143, signal: null });
    expect(p.logs.some((l) => l.msg === 'second signal: exiting at once')).toBe(true);
    expect(p.logs.some((l) => l.msg === 'shutdown complete')).toBe(false);
  });

  it('stops on bad configuration with one line per problem, exit code 2 and no stack trace', async () => {
    const p = serve({ PORT: 'eighty', ANSVAR_TIMEZONE: 'Mars/Olympus', SLACK_BOT_TOKEN: 'xoxb-s3cret' });
    expect((await p.exited).code).toBe(2);
    const lines = p.stderr().trim().split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(
      lines
        .slice(1)
        .map((l) => l.trim().split(':')[0])
        .sort(),
    ).toEqual(['ANSVAR_TIMEZONE', 'PORT', 'SLACK_SIGNING_SECRET']);
    expect(p.stderr()).not.toMatch(noStackTrace);
    expect(p.stderr()).not.toContain('s3cret');
    expect(p.stdout()).toBe('');
  });

  it('stops with one clear line when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => void blocker.close());
    const port = (blocker.address() as { port: number }).port;
    const p = serve({ PORT: String(port) });
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toBe(
      `ansvar serve: 127.0.0.1:${port} is already in use: stop the other process or set PORT to a free port\n`,
    );
    expect(p.logs.find((l) => l.level === 60)?.msg).toBe('start-up failed');
  });

  it.runIf(postgres)(
    'masks the database password in its logs and exits 0 on SIGINT (PostgreSQL)',
    async () => {
      const database = await createPostgresTestDatabase();
      cleanups.push(() => database.drop());
      const withPassword = new URL(database.url);
      withPassword.password = 'pw-do-not-log';
      const p = serve({ DATABASE_URL: withPassword.toString() }, { database });
      await p.url();
      const listening = p.logs.find((l) => l.msg === 'listening')!;
      expect(listening.database).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/ansvar_test_/);
      p.child.kill('SIGINT');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.stdout()).not.toContain('pw-do-not-log');
    },
  );
});
