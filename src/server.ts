import express from 'express';
import type { Logger } from 'pino';
import { createSlackSurface } from '../adapters/slack/index.js';
import { createTeamsSurface } from '../adapters/teams/index.js';
import { createLocalChatSurface } from '../adapters/web/index.js';
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, isLoopbackHost, type Config } from './config.js';
import type { Poster } from './core/poster.js';
import { turnsInFlight } from './observability/metrics.js';
import type { Runtime } from './runtime.js';
import type { ServerComponent } from './server/components.js';
import { errorHandler, notFound } from './server/errors.js';
import { createInFlight } from './server/in-flight.js';
import { closeHttpServer, listen } from './server/listen.js';
import { observeRequests } from './server/observe-requests.js';
import { mountOperations } from './server/operations.js';
import type { Surface } from './server/surface.js';
import { trackTurns } from './server/tracked-core.js';

export type { ServerComponent } from './server/components.js';

export interface ServerOptions {
  /** Background components (e.g. the digest scheduler): started after the server listens, stopped first at shutdown. */
  components?: readonly ServerComponent[];
  /** Overrides `config.shutdownGraceSeconds`. */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly surfaces: readonly Surface[];
  /** Turns the core is handling right now. */
  readonly inFlight: number;
  /** True once shutdown has begun (`/readyz` then answers 503). */
  readonly draining: boolean;
  /**
   * Graceful shutdown: stop accepting connections, stop components and surfaces, wait for in-flight
   * turns and requests (up to the grace period), then close what is left. Safe to call twice.
   * The caller closes the runtime (database, knowledge) afterwards.
   */
  close(): Promise<void>;
}

/** The one HTTP server: platform surfaces, the local chat page, health and metrics. */
export async function startServer(
  config: Config,
  runtime: Runtime,
  log: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const graceMs =
    options.shutdownGraceMs ?? (config.shutdownGraceSeconds ?? DEFAULT_SHUTDOWN_GRACE_SECONDS) * 1000;
  const components = [...(options.components ?? [])];
  const inFlight = createInFlight((size) => turnsInFlight.set(size));
  const core = trackTurns(runtime.core, inFlight);
  const { store, knowledge } = runtime.core.services;

  const ctx = { config, core, log };
  const surfaces: Surface[] = [];
  for (const create of [createSlackSurface, createTeamsSurface, createLocalChatSurface]) {
    const surface = await create(ctx);
    if (surface) surfaces.push(surface);
  }

  let draining = false;
  const app = express();
  app.disable('x-powered-by');
  app.use(observeRequests(log));
  app.use((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    // A response finished during shutdown tells the client not to reuse the connection; decided when
    // the headers go out, since the request may have arrived before shutdown began.
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (draining && !this.headersSent) this.setHeader('connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  mountOperations(app, { store, knowledge, isDraining: () => draining });
  for (const surface of surfaces) surface.mount(app);
  app.use(notFound);
  app.use(errorHandler(log));

  const { server, url } = await listen(app, config.host, config.port);
  const started: Surface[] = [];
  const startedComponents: ServerComponent[] = [];
  try {
    for (const surface of surfaces) {
      await surface.start?.();
      started.push(surface);
    }
    const posters = surfaces.map((s) => s.poster).filter((p): p is Poster => p !== undefined);
    for (const component of components) {
      await component.start({ config, core, log: log.child({ component: component.name }), posters });
      startedComponents.push(component);
    }
  } catch (error) {
    draining = true;
    await stopAll(startedComponents, started, log);
    await closeHttpServer(server, 0);
    throw error;
  }

  log.info(
    {
      url,
      surfaces: surfaces.map((s) => s.description),
      components: components.map((c) => c.name),
      database: store.description,
      knowledge: knowledge.stats(),
    },
    'listening',
  );
  if (surfaces.length === 0) {
    log.warn('no surface is on (LOCAL_CHAT=0 and no Slack or Teams): only health and metrics are served');
  }
  if (config.localChat && !config.localChatPublic && !isLoopbackHost(config.host)) {
    log.info(
      { host: config.host },
      'the local chat page answers loopback clients only (LOCAL_CHAT_PUBLIC=1 opens it)',
    );
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    surfaces,
    get inFlight() {
      return inFlight.size;
    },
    get draining() {
      return draining;
    },
    close() {
      closing ??= (async () => {
        const began = Date.now();
        const remaining = () => Math.max(0, graceMs - (Date.now() - began));
        draining = true;
        log.info({ inFlight: inFlight.size, graceMs }, 'draining: no new connections');
        const httpClosed = closeHttpServer(server, graceMs);
        await stopAll(startedComponents, started, log, remaining);
        if (!(await inFlight.drain(remaining()))) {
          log.warn({ inFlight: inFlight.size }, 'turns still running at the end of the grace period');
        }
        const { forced } = await httpClosed;
        if (forced) log.warn('connections still open at the end of the grace period were closed');
        log.info({ durationMs: Date.now() - began }, 'server closed');
      })();
      return closing;
    },
  };
}

/** Stops components (reverse order), then surfaces (reverse order); a failure is logged, not fatal. */
async function stopAll(
  components: readonly ServerComponent[],
  surfaces: readonly Surface[],
  log: Logger,
  remaining: () => number = () => 5000,
): Promise<void> {
  const steps = [
    ...[...components].reverse().map((c) => ({ what: `component ${c.name}`, stop: () => c.stop() })),
    ...[...surfaces].reverse().map((s) => ({ what: `surface ${s.name}`, stop: () => s.stop?.() })),
  ];
  for (const step of steps) {
    try {
      const outcome = await withDeadline(Promise.resolve(step.stop()), remaining());
      if (outcome === 'timeout') log.warn(`${step.what} did not stop within the grace period`);
    } catch (error) {
      log.error({ err: error }, `${step.what} failed to stop`);
    }
  }
}

async function withDeadline(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
