import type { Express } from 'express';
import type { KnowledgeService } from '../knowledge/service.js';
import { registry } from '../observability/metrics.js';
import type { Store } from '../store/database.js';

export interface Readiness {
  ready: boolean;
  status: 'ready' | 'not ready' | 'shutting down';
  database: boolean;
  knowledge: ReturnType<KnowledgeService['stats']>;
}

const PING_TIMEOUT_MS = 2000;

/** Ready when the database answers (within 2 s), knowledge is loaded, and shutdown has not begun. */
export async function checkReadiness(deps: {
  store: Pick<Store, 'ping'>;
  knowledge: Pick<KnowledgeService, 'stats'>;
  draining: boolean;
}): Promise<Readiness> {
  const knowledge = deps.knowledge.stats();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const database = await Promise.race([deps.store.ping().catch(() => false), timeout]);
  clearTimeout(timer);
  const ready = !deps.draining && database && knowledge.documents > 0;
  return {
    ready,
    status: deps.draining ? 'shutting down' : ready ? 'ready' : 'not ready',
    database,
    knowledge,
  };
}

/** `/healthz` (the process is up), `/readyz` (it can serve), `/metrics` (Prometheus text format). */
export function mountOperations(
  app: Express,
  deps: { store: Pick<Store, 'ping'>; knowledge: Pick<KnowledgeService, 'stats'>; isDraining: () => boolean },
): void {
  app.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness({ ...deps, draining: deps.isDraining() });
    const { ready, ...body } = readiness;
    res
      .status(ready ? 200 : 503)
      .set('cache-control', 'no-store')
      .json(body);
  });
  app.get('/metrics', async (_req, res) => {
    res
      .set('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics());
  });
}
