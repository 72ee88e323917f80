import type { Server } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { createSlackSurface } from '../adapters/slack/index.js';
import { createTeamsSurface } from '../adapters/teams/index.js';
import type { Config } from './config.js';
import { registry } from './observability/metrics.js';
import type { Runtime } from './runtime.js';
import type { Surface } from './server/surface.js';

export interface RunningServer {
  readonly url: string;
  readonly surfaces: readonly Surface[];
  close(): Promise<void>;
}

/** The one HTTP server: platform surfaces, health and metrics. */
export async function startServer(config: Config, runtime: Runtime, log: Logger): Promise<RunningServer> {
  const ctx = { config, core: runtime.core, log };
  const surfaces = [await createSlackSurface(ctx), await createTeamsSurface(ctx)].filter(
    (s): s is Surface => s !== undefined,
  );

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const database = await runtime.core.services.store.ping();
    const stats = runtime.core.services.knowledge.stats();
    const ready = database && stats.documents > 0;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database, knowledge: stats });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  for (const surface of surfaces) surface.mount(app);

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  for (const surface of surfaces) await surface.start?.();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, surfaces: surfaces.map((s) => s.description) }, 'listening');

  return {
    url,
    surfaces,
    async close() {
      for (const surface of surfaces) await surface.stop?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
