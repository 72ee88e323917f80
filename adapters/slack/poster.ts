import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import { PostError, type Poster } from '../../src/core/poster.js';
import { renderMessages } from './render/message.js';
import { createSlackApi, SlackCallError, type SlackApi } from './slack-api.js';

const HINTS: Record<string, string> = {
  not_in_channel: 'the bot is not a member of that channel: invite it with /invite @Ansvar',
  channel_not_found: 'no such channel, or a private channel the bot has not been invited to',
  is_archived: 'the channel is archived',
  invalid_auth: 'SLACK_BOT_TOKEN was rejected',
  not_authed: 'SLACK_BOT_TOKEN is missing',
};

function reason(error: unknown): string {
  if (error instanceof SlackCallError)
    return `${error.kind}${HINTS[error.kind] ? ` (${HINTS[error.kind]})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Posts unprompted messages (the weekly digest) to Slack channels. Each chat.postMessage is made at
 * most once (no automatic retry after a timeout, a dropped connection or a server error), and a
 * failure is a PostError saying whether anything may have been posted: `no` only when Slack refused
 * the first message or the request provably never left; `unknown` when it may have gone out;
 * `partial` when a digest split into several messages failed after its first parts were posted.
 */
export function createPosterFromApi(api: Pick<SlackApi, 'call'>): Poster {
  return {
    platform: 'slack',
    async post(channelId, reply) {
      let messages;
      try {
        messages = renderMessages({ ...reply, feedback: undefined }, { language: reply.language ?? 'en' });
      } catch (error) {
        throw new PostError(`the digest could not be rendered for Slack: ${reason(error)}`, 'no', {
          cause: error,
        });
      }
      let first: string | undefined;
      for (const [index, message] of messages.entries()) {
        try {
          const result = await api.call(
            'chat.postMessage',
            { channel: channelId, ...message, unfurl_links: false, unfurl_media: false },
            { atMostOnce: true },
          );
          if (first === undefined && typeof result.ts === 'string') first = result.ts;
        } catch (error) {
          const unknown = !(error instanceof SlackCallError) || error.outcomeUnknown;
          if (index > 0) {
            throw new PostError(
              `Slack posted ${index} of ${messages.length} parts to ${channelId}; part ${index + 1} ${unknown ? 'may or may not have reached it' : 'was refused'}: ${reason(error)}`,
              'partial',
              { cause: error },
            );
          }
          if (unknown)
            throw new PostError(
              `the post to ${channelId} may or may not have reached Slack: ${reason(error)}`,
              'unknown',
              { cause: error },
            );
          const refused = error.kind !== 'request_error';
          throw new PostError(
            refused
              ? `Slack refused the post to ${channelId}: ${reason(error)}`
              : `the post to ${channelId} could not be sent to Slack: ${reason(error)} (${error.message})`,
            'no',
            { cause: error },
          );
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
