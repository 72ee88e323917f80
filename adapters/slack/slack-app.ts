import { App, ExpressReceiver } from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { verifyBotToken, type AuthCheckOptions } from './auth-check.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackDeps } from './deps.js';
import { eventDedupe } from './event-dedupe.js';
import { registerActionListeners } from './listeners/actions.js';
import { registerCommandListeners } from './listeners/commands.js';
import { registerHomeListener } from './listeners/home.js';
import { registerMessageListeners } from './listeners/messages.js';
import { registerViewListeners } from './listeners/views.js';
import { normaliseApiUrl } from './slack-api.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** The Events API subscriptions the listeners handle (the manifest must declare exactly these). */
export const BOT_EVENTS = ['app_mention', 'message.im', 'app_home_opened'] as const;

/**
 * Bot scopes the adapter uses: slash commands; chat.postMessage/postEphemeral/update; posting the
 * digest to public channels the bot has not joined; mentions; DMs; users.info for time zones;
 * uploading exports (files:write) and opening the user's DM to send them there (im:write).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'app_mentions:read',
  'im:history',
  'users:read',
  'files:write',
  'im:write',
] as const;

export type SlackConfig = NonNullable<Config['slack']>;

/** Slack's Web API when SLACK_API_URL does not say otherwise. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackAppOptions {
  /** How the start-up `auth.test` retries while Slack cannot be reached (tests shorten it). */
  authCheck?: Pick<AuthCheckOptions, 'attempts' | 'firstDelayMs' | 'sleep'>;
}

export interface SlackApp {
  readonly bolt: App;
  readonly mode: 'http' | 'socket';
  /** HTTP mode: the express router with `POST /slack/events` (Bolt verifies signatures and acks). */
  readonly router?: Router;
  /** Listener runs not yet finished (for a graceful stop). */
  inFlight(): number;
}

/**
 * The Bolt app: HTTP through Bolt's ExpressReceiver on a router the shared express server mounts, or
 * Socket Mode when an app-level token is configured. Bolt verifies, parses and acks; the listeners
 * translate to Turns and render Replies.
 */
export async function createSlackApp(
  slack: SlackConfig,
  deps: SlackDeps,
  log: Logger,
  options: SlackAppOptions = {},
): Promise<SlackApp> {
  const signingSecret = slack.signingSecret ?? '';
  if (slack.appToken === undefined && !signingSecret)
    throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP');
  // Checked here rather than by Bolt, to tell a refused token from an unreachable Slack (and retry that).
  const identity = await verifyBotToken(deps.api, {
    apiUrl: slack.apiUrl ? normaliseApiUrl(slack.apiUrl) : DEFAULT_SLACK_API_URL,
    log,
    ...options.authCheck,
  });
  const logger = boltLogger(log.child({ component: 'bolt' }));
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: normaliseApiUrl(slack.apiUrl) } : {}),
    retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 2000 },
  };
  const known = { ...identity, tokenVerificationEnabled: false };
  const socket = slack.appToken !== undefined;
  let router: Router | undefined;
  let bolt: App;
  if (socket) {
    bolt = new App({
      token: slack.botToken,
      ...known,
      appToken: slack.appToken,
      socketMode: true,
      logger,
      clientOptions,
      convoStore: false,
      deferInitialization: true,
    });
  } else {
    router = express.Router();
    const receiver = new ExpressReceiver({
      signingSecret,
      router,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processBeforeResponse: false,
      bodyLimit: '1mb',
    });
    bolt = new App({
      token: slack.botToken,
      ...known,
      receiver,
      logger,
      clientOptions,
      convoStore: false,
      deferInitialization: true,
    });
  }

  await bolt.init();

  const guard = eventDedupe(deps.core.services.store, log);
  bolt.use(guard);
  registerMessageListeners(bolt, deps);
  registerCommandListeners(bolt, deps);
  registerActionListeners(bolt, deps);
  registerViewListeners(bolt, deps);
  registerHomeListener(bolt, deps);
  bolt.error(async (error) => {
    platformErrorsTotal.inc({ platform: 'slack', kind: 'listener' });
    log.error({ err: error }, 'Slack listener error');
  });

  return {
    bolt,
    mode: socket ? 'socket' : 'http',
    ...(router ? { router } : {}),
    inFlight: () => guard.count,
  };
}
