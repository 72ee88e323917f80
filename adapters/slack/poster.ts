import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import type { Poster } from '../../src/core/poster.js';
import { renderMessages } from './render/message.js';
import { createSlackApi, SlackCallError, type SlackApi } from './slack-api.js';

const HINTS: Record<string, string> = {
  not_in_channel: 'the bot is not a member of that channel: invite it with /invite @Ansvar',
  channel_not_found: 'no such channel, or a private channel the bot has not been invited to',
  is_archived: 'the channel is archived',
  invalid_auth: 'SLACK_BOT_TOKEN was rejected',
  not_authed: 'SLACK_BOT_TOKEN is missing',
};

/** Posts unprompted messages (the weekly digest) to Slack channels; failures throw with a readable reason. */
export function createPosterFromApi(api: Pick<SlackApi, 'call'>): Poster {
  return {
    platform: 'slack',
    async post(channelId, reply) {
      const messages = renderMessages(
        { ...reply, feedback: undefined },
        { language: reply.language ?? 'en' },
      );
      let first: string | undefined;
      for (const message of messages) {
        try {
          const result = await api.call('chat.postMessage', {
            channel: channelId,
            ...message,
            unfurl_links: false,
            unfurl_media: false,
          });
          if (first === undefined && typeof result.ts === 'string') first = result.ts;
        } catch (error) {
          if (error instanceof SlackCallError) {
            throw new Error(
              `Slack refused the post to ${channelId}: ${error.kind}${HINTS[error.kind] ? ` (${HINTS[error.kind]})` : ''}`,
            );
          }
          throw error;
        }
      }
      return first === undefined ? {} : { messageId: first };
    },
  };
}

/** A Slack poster from the configuration alone, for `ansvar digest send --platform slack`. */
export function createSlackPoster(config: Config, log: Logger): Poster {
  if (!config.slack)
    throw new Error(
      'Slack is not configured: set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN)',
    );
  return createPosterFromApi(
    createSlackApi({
      botToken: config.slack.botToken,
      ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
      log,
    }),
  );
}
