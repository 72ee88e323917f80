import type { Surface, SurfaceContext } from '../../src/server/surface.js';
import { createBotAdapter, type BotAdapterOptions } from './bot-adapter.js';
import { createTeamsBot } from './bot.js';
import { createMessagesEndpoint, MESSAGES_PATH } from './http-endpoint.js';
import { createTeamsPosterWith } from './poster.js';

export { createTeamsPoster } from './poster.js';

/**
 * Microsoft Teams over the Bot Framework (teams-ai 1.x on botbuilder 4), at `POST /api/messages`.
 * Undefined when Teams is not configured. Everything Teams-specific lives under adapters/teams/.
 */
export async function createTeamsSurface(
  ctx: SurfaceContext,
  options: BotAdapterOptions = {},
): Promise<Surface | undefined> {
  const teams = ctx.config.teams;
  if (!teams) return undefined;
  const log = ctx.log.child({ surface: 'teams' });
  const { store, clock } = ctx.core.services;
  const adapter = createBotAdapter(teams, log, options);
  const app = createTeamsBot({
    adapter,
    botAppId: teams.botId ?? '',
    core: ctx.core,
    store,
    clock,
    log,
    anonymous: teams.anonymous,
  });
  const endpoint = createMessagesEndpoint({ adapter, app, store, clock, log, anonymous: teams.anonymous });
  const graceMs = (ctx.config.shutdownGraceSeconds ?? 10) * 1000;
  if (teams.anonymous)
    log.warn('Teams runs WITHOUT authentication (TEAMS_DEV_ANONYMOUS): loopback service URLs only');

  return {
    name: 'teams',
    description: `Teams at POST ${MESSAGES_PATH}${teams.anonymous ? ' (anonymous, loopback only)' : ''}`,
    mount(app) {
      app.use(endpoint.router);
    },
    async stop() {
      await endpoint.drain(graceMs);
    },
    poster: createTeamsPosterWith(adapter, teams, store, log),
  };
}
