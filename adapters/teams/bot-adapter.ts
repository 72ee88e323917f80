import { TeamsAdapter } from '@microsoft/teams-ai';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { createRetryingHttpClient } from './connector/http-client.js';
import type { RetryOptions } from './connector/retry-policy.js';

export type TeamsConfig = NonNullable<Config['teams']>;

export interface BotAdapterOptions {
  retry?: RetryOptions;
  /**
   * Bot Framework endpoint overrides (e.g. `ToBotFromChannelOpenIdMetadataUrl`) for sovereign
   * clouds or a local fake in tests; the rest keep the public cloud's values. Not read from the environment.
   */
  authEndpoints?: Partial<Record<keyof typeof PUBLIC_CLOUD, string>>;
}

/**
 * The public Azure cloud's Bot Framework endpoints. botframework-connector uses these itself unless
 * any one is overridden, in which case it needs all of them.
 */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

/** The Bot Framework adapter: credentials from BOT_*, or none in anonymous mode; our retrying HTTP client. */
export function createBotAdapter(
  teams: TeamsConfig,
  log: Logger,
  options: BotAdapterOptions = {},
): TeamsAdapter {
  const credentials = teams.anonymous
    ? {}
    : {
        MicrosoftAppId: teams.botId,
        MicrosoftAppPassword: teams.botPassword,
        MicrosoftAppType: teams.botType,
        MicrosoftAppTenantId: teams.tenantId,
      };
  const httpClient = createRetryingHttpClient({
    ...(options.retry ? { retry: options.retry } : {}),
    onRetry: ({ method, url, attempt, outcome, delayMs }) => {
      const kind = 'status' in outcome ? (outcome.status === 429 ? 'throttled' : 'server_error') : 'network';
      platformErrorsTotal.inc({ platform: 'teams', kind });
      log.warn({ method, url, attempt, outcome, delayMs }, 'teams: connector call failed, retrying');
    },
    onGiveUp: ({ method, url, attempt, outcome }) => {
      platformErrorsTotal.inc({ platform: 'teams', kind: 'connector_gave_up' });
      log.error({ method, url, attempt, outcome }, 'teams: connector call failed for good');
    },
  });
  const endpoints = options.authEndpoints
    ? { ...PUBLIC_CLOUD, ...options.authEndpoints, ValidateAuthority: true }
    : {};
  return new TeamsAdapter(
    { ...credentials, ...endpoints },
    new ConfigurationServiceClientCredentialFactory(credentials),
    undefined,
    { httpClient },
  );
}
