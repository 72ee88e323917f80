import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import type { Poster } from '../../src/core/poster.js';
import type { Reply } from '../../src/core/reply.js';
import { saveAnswerMessage } from '../../src/store/answer-messages.js';
import type { Store } from '../../src/store/database.js';
import { createBotAdapter, type BotAdapterOptions, type TeamsConfig } from './bot-adapter.js';
import { loadConversation, PLATFORM, topLevelReference } from './conversation-reference.js';
import { isLoopbackUrl } from './inbound/request-gate.js';
import { prepareMessage } from './deliver.js';

export class TeamsPostError extends Error {
  override name = 'TeamsPostError';
}

/**
 * Posts unprompted (the weekly digest) to a conversation whose reference was stored when the bot
 * was installed there or addressed. Channel posts become new top-level messages.
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
      const message = await prepareMessage(reply, store, log, new Date());
      let messageId: string | undefined;
      let failure: unknown;
      await adapter.continueConversationAsync(teams.botId ?? '', reference, async (context) => {
        try {
          // The continuation carries an id that TurnContext would turn into a replyToId (a thread reply).
          context.onSendActivities(async (_context, activities, next) => {
            for (const activity of activities) delete activity.replyToId;
            return next();
          });
          messageId = (await context.sendActivity(message))?.id || undefined;
        } catch (error) {
          // Caught here, not by the adapter's turn-error handler, so the caller learns of it.
          failure = error;
        }
      });
      if (failure) throw failure;
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
