import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import { PostError, type Poster } from '../../src/core/poster.js';
import type { Reply } from '../../src/core/reply.js';
import { saveAnswerMessage } from '../../src/store/answer-messages.js';
import type { Store } from '../../src/store/database.js';
import { createBotAdapter, type BotAdapterOptions, type TeamsConfig } from './bot-adapter.js';
import { atMostOnce, ConnectorUnavailableError } from './connector/http-client.js';
import { loadConversation, PLATFORM, topLevelReference } from './conversation-reference.js';
import { isLoopbackUrl } from './inbound/request-gate.js';
import { prepareMessage } from './deliver.js';

/** A post that provably went nowhere (no stored conversation, not configured, refused before sending). */
export class TeamsPostError extends PostError {
  override name = 'TeamsPostError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'no', options);
  }
}

/**
 * Whether a failed send may have reached the conversation: the connector refusing it (a 4xx answer)
 * or a connection that was never made proves it did not; a timeout, a dropped connection or a 5xx
 * leaves it unknown, and so does anything unrecognised.
 */
function sendFailure(error: unknown, channelId: string): PostError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConnectorUnavailableError && error.delivered === 'no')
    return new TeamsPostError(`the Bot Connector could not be reached for '${channelId}': ${message}`, {
      cause: error,
    });
  const status = (error as { statusCode?: unknown }).statusCode;
  if (error instanceof Error && error.name === 'RestError' && typeof status === 'number' && status < 500)
    return new TeamsPostError(`Teams refused the post to '${channelId}' (HTTP ${status}): ${message}`, {
      cause: error,
    });
  return new PostError(
    `the post to '${channelId}' may or may not have reached Teams: ${message}`,
    'unknown',
    {
      cause: error,
    },
  );
}

/**
 * Posts unprompted (the weekly digest) to a conversation whose reference was stored when the bot
 * was installed there or addressed. Channel posts become new top-level messages. The send is made at
 * most once (see `atMostOnce`): failures are PostErrors saying whether anything may have been posted.
 */
export function createTeamsPosterWith(
  adapter: TeamsAdapter,
  teams: TeamsConfig,
  store: Store,
  log: Logger,
): Poster {
  return {
    platform: 'teams',
    async post(channelId: string, reply: Reply) {
      const stored = await loadConversation(store, channelId);
      if (!stored) {
        throw new TeamsPostError(
          `no Teams conversation reference for '${channelId}': add Ansvar to that channel or chat, or mention it there once`,
        );
      }
      const reference = topLevelReference(stored);
      if (teams.anonymous && !isLoopbackUrl(reference.serviceUrl ?? '')) {
        throw new TeamsPostError('TEAMS_DEV_ANONYMOUS only posts to loopback service URLs');
      }
      let message;
      try {
        message = await prepareMessage(reply, store, log, new Date());
      } catch (error) {
        throw new TeamsPostError(`the message could not be prepared: ${(error as Error).message}`, {
          cause: error,
        });
      }
      let messageId: string | undefined;
      let failure: unknown;
      let stage: 'connecting' | 'sending' | 'sent' = 'connecting';
      try {
        await atMostOnce(() =>
          adapter.continueConversationAsync(teams.botId ?? '', reference, async (context) => {
            stage = 'sending';
            try {
              // The continuation carries an id that TurnContext would turn into a replyToId (a thread reply).
              context.onSendActivities(async (_context, activities, next) => {
                for (const activity of activities) delete activity.replyToId;
                return next();
              });
              messageId = (await context.sendActivity(message))?.id || undefined;
              stage = 'sent';
            } catch (error) {
              // Caught here, not by the adapter's turn-error handler, so the caller learns of it.
              failure = error;
            }
          }),
        );
      } catch (error) {
        // Before the turn started (e.g. no token) nothing was sent; after a successful send, it was.
        if (stage === 'connecting')
          throw new TeamsPostError(`could not start posting to '${channelId}': ${(error as Error).message}`, {
            cause: error,
          });
        if (stage === 'sent') log.warn({ err: error, channelId }, 'teams: error after the post was sent');
        else failure ??= error;
      }
      if (failure) throw sendFailure(failure, channelId);
      const conversationId = reference.conversation?.id;
      if (reply.feedback && messageId && conversationId) {
        await saveAnswerMessage(store, PLATFORM, conversationId, messageId, reply.feedback.questionId);
      }
      log.info({ channelId, messageId }, 'teams: posted');
      return messageId ? { messageId } : {};
    },
  };
}

/** A Poster for `ansvar digest send --platform teams`, without the HTTP server. */
export function createTeamsPoster(
  config: Config,
  store: Store,
  log: Logger,
  options: BotAdapterOptions = {},
): Poster {
  if (!config.teams) {
    throw new TeamsPostError(
      'Teams is not configured: set BOT_ID and BOT_PASSWORD (or TEAMS_DEV_ANONYMOUS=1 for local tests)',
    );
  }
  return createTeamsPosterWith(createBotAdapter(config.teams, log, options), config.teams, store, log);
}
