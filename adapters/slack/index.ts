import type { Surface, SurfaceContext } from '../../src/server/surface.js';
import { purgeExpiredEvents } from '../../src/store/processed-events.js';
import type { SlackDeps } from './deps.js';
import { createPosterFromApi } from './poster.js';
import { createSlackApi } from './slack-api.js';
import { createSlackApp, SLACK_EVENTS_PATH } from './slack-app.js';
import { createUserProfiles } from './user-profiles.js';

export { createSlackPoster } from './poster.js';

const PURGE_EVERY_MS = 60 * 60_000;
const DRAIN_TIMEOUT_MS = 10_000;

/** The Slack surface when SLACK_BOT_TOKEN is configured: HTTP at POST /slack/events, or Socket Mode. */
export async function createSlackSurface(ctx: SurfaceContext): Promise<Surface | undefined> {
  const slack = ctx.config.slack;
  if (!slack) return undefined;
  const log = ctx.log.child({ surface: 'slack' });
  const api = createSlackApi({
    botToken: slack.botToken,
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    log,
  });
  const deps: SlackDeps = { core: ctx.core, api, profiles: createUserProfiles(api, log), log };
  const app = await createSlackApp(slack, deps, log);
  const store = ctx.core.services.store;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;

  return {
    name: 'slack',
    description:
      app.mode === 'socket' ? 'Slack over Socket Mode' : `Slack over HTTP at POST ${SLACK_EVENTS_PATH}`,
    poster: createPosterFromApi(api),
    mount(server) {
      const router = app.router;
      if (!router) return;
      server.use((req, res, next) => {
        // While shutting down, Slack gets a 503 and retries on another replica.
        if (stopping && req.path === SLACK_EVENTS_PATH) res.status(503).set('Retry-After', '5').end();
        else router(req, res, next);
      });
    },
    async start() {
      if (app.mode === 'socket') await app.bolt.start();
      purgeTimer = setInterval(() => {
        purgeExpiredEvents(store).catch((error: unknown) =>
          log.warn({ err: error }, 'purging processed events failed'),
        );
      }, PURGE_EVERY_MS);
      purgeTimer.unref();
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearInterval(purgeTimer);
        if (app.mode === 'socket') await app.bolt.stop();
        const deadline = Date.now() + DRAIN_TIMEOUT_MS;
        while (app.inFlight() > 0 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 25));
      })();
      return stopped;
    },
  };
}
