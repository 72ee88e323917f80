/**
 * The one HTTP server under autocannon load, in-process on SQLite: `/healthz` next to a bare express
 * app with the same handler (the cost of request ids, access logging and HTTP metrics, as a ratio
 * from the same run), `/chat/turn` with `help` (router + HTML renderer) and with a question (knowledge
 * + question log), start-up time, and how long a graceful shutdown takes with idle keep-alive
 * connections open. Logging is on at `info` into a discarding stream, as in production.
 */
import { autocannon, type AutocannonResult } from './autocannon.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createRuntime } from '../src/runtime.js';
import { startServer } from '../src/server.js';
import { listen } from '../src/server/listen.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const DURATION_S = Number(process.env.SERVER_BENCH_SECONDS ?? 5);

function figures(r: AutocannonResult) {
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ansvar-server-bench-'));
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const log = createLogger('info', discard);
  const config = parseConfig({
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    KNOWLEDGE_DIR: join(root, 'knowledge'),
  });
  try {
    const startBegan = performance.now();
    const runtime = await createRuntime(config, log);
    const runtimeMs = performance.now() - startBegan;
    const server = await startServer(config, runtime, log);
    const startupMs = performance.now() - startBegan;

    const bare = express();
    bare.get('/healthz', (_req, res) => {
      res.set('cache-control', 'no-store').json({ status: 'ok' });
    });
    const bareServer = await listen(bare, '127.0.0.1', 0);

    const load = (url: string, extra: Record<string, unknown> = {}) =>
      autocannon({ url, connections: 10, duration: DURATION_S, ...extra });
    const bareHealth = await load(`${bareServer.url}/healthz`);
    const health = await load(`${server.url}/healthz`);
    bareServer.server.close();

    const cookie = (await fetch(`${server.url}/chat/session`)).headers.get('set-cookie')!.split(';')[0]!;
    const turn = (text: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ input: { type: 'text', text }, timezone: 'Europe/Stockholm', locale: 'en-GB' }),
    });
    const help = await load(`${server.url}/chat/turn`, turn('help'));
    const question = await load(`${server.url}/chat/turn`, turn('who signs partner agreements?'));

    // Idle keep-alive connections must not hold up shutdown.
    const warmed = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${server.url}/healthz`).then((r) => r.text())),
    );
    const closeBegan = performance.now();
    await server.close();
    const shutdownMs = performance.now() - closeBegan;
    await runtime.close();

    return {
      startup: { runtimeMs: Math.round(runtimeMs), listeningMs: Math.round(startupMs) },
      healthz: figures(health),
      bareExpressHealthz: figures(bareHealth),
      healthzThroughputVsBareExpress:
        Math.round((health.requests.average / bareHealth.requests.average) * 100) / 100,
      chatTurnHelp: figures(help),
      chatTurnQuestion: figures(question),
      shutdownWithIdleKeepAliveMs: { connections: warmed.length, ms: Math.round(shutdownMs) },
      note: `10 connections, ${DURATION_S} s per run; load generator and server share the same 2 cores`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
