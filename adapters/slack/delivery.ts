import type { types as slack } from '@slack/bolt';
import type { Language } from '../../src/core/language.js';
import type { Reply } from '../../src/core/reply.js';
import type { SlackDeps } from './deps.js';
import { renderMessages, type SlackMessage } from './render/message.js';
import { deliverFiles } from './file-delivery.js';
import { SlackCallError, UNREACHABLE_KINDS } from './slack-api.js';

/** Where a reply goes, and by which means Slack allows it there. */
export interface Target {
  userId: string;
  /** The conversation; absent for the App Home tab (then the user's DM with the app). */
  channelId?: string;
  isDm: boolean;
  threadTs?: string;
  /** From slash commands and buttons: posts there work even where the bot is not a channel member. */
  responseUrl?: string;
  /** Public replies: `post` = chat.postMessage (threads), `response_url` = an in_channel response. */
  publicVia: 'post' | 'response_url';
  /** The message that carried the clicked button (for `replaceOriginal`). */
  original?: { channel: string; ts: string };
}

export interface DeliverOptions {
  language: Language;
  /** Offer "Share in channel" next to the feedback buttons (ephemeral /policy answers). */
  share?: boolean;
  openFormValue?: string;
}

const NOTE = {
  en: "I can't post in that conversation (invite me with `/invite @Ansvar`), so here is my reply.",
  sv: 'Jag kan inte skriva i den konversationen (bjud in mig med `/invite @Ansvar`), så här är mitt svar.',
} as const;

/** A reply as the messages it takes within Slack's limits (with the feedback and open-form buttons). */
export function replyMessages(reply: Reply, options: DeliverOptions): SlackMessage[] {
  return renderMessages(reply, {
    language: options.language,
    ...(reply.feedback
      ? { feedback: { questionId: reply.feedback.questionId, share: options.share ?? false } }
      : {}),
    ...(options.openFormValue !== undefined ? { openFormValue: options.openFormValue } : {}),
  });
}

/** Posts a reply (split into as many messages as the limits need) to the target. Never throws. */
export async function deliver(
  deps: SlackDeps,
  reply: Reply,
  target: Target,
  options: DeliverOptions,
): Promise<void> {
  await deliverMessages(deps, replyMessages(reply, options), reply, target, options.language);
}

/**
 * Posts already rendered messages of `reply` (e.g. those that did not fit into an ack), then uploads
 * the reply's files (see file-delivery.ts). Never throws.
 */
export async function deliverMessages(
  deps: SlackDeps,
  messages: readonly SlackMessage[],
  reply: Reply,
  target: Target,
  language: Language,
): Promise<void> {
  try {
    for (const [index, message] of messages.entries()) {
      const replace = index === 0 && reply.replaceOriginal === true;
      await sendOne(deps, message, target, reply.visibility, replace, language);
    }
  } catch (error) {
    deps.log.error(
      { err: error, user: target.userId, channel: target.channelId },
      'could not deliver a Slack reply',
    );
  }
  await deliverFiles(deps, reply, target, language);
}

async function sendOne(
  deps: SlackDeps,
  message: SlackMessage,
  target: Target,
  visibility: Reply['visibility'],
  replace: boolean,
  language: Language,
): Promise<void> {
  const { api } = deps;
  if (replace && target.responseUrl) {
    await api.respond(target.responseUrl, { replace_original: true, ...message });
    return;
  }
  if (replace && target.original) {
    await api.call('chat.update', { channel: target.original.channel, ts: target.original.ts, ...message });
    return;
  }
  const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
  if (visibility === 'private') {
    if (target.responseUrl) {
      await api.respond(target.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        ...message,
      });
    } else if (target.channelId && target.isDm) {
      await postMessage(deps, { channel: target.channelId, ...thread, ...message });
    } else if (target.channelId) {
      await orDirectMessage(deps, target, message, language, () =>
        api.call('chat.postEphemeral', {
          channel: target.channelId,
          user: target.userId,
          ...thread,
          ...message,
        }),
      );
    } else {
      await postMessage(deps, { channel: target.userId, ...message });
    }
    return;
  }
  if (target.publicVia === 'response_url' && target.responseUrl) {
    await api.respond(target.responseUrl, {
      response_type: 'in_channel',
      replace_original: false,
      ...message,
    });
  } else if (target.channelId) {
    await orDirectMessage(deps, target, message, language, () =>
      postMessage(deps, { channel: target.channelId, ...thread, ...message }),
    );
  } else {
    await postMessage(deps, { channel: target.userId, ...message });
  }
}

/** Tries `send`; where the bot cannot reach the conversation, uses the response_url or the user's DM. */
async function orDirectMessage(
  deps: SlackDeps,
  target: Target,
  message: SlackMessage,
  language: Language,
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof SlackCallError) || !UNREACHABLE_KINDS.has(error.kind)) throw error;
    deps.log.info(
      { kind: error.kind, channel: target.channelId },
      'cannot post in the conversation; falling back',
    );
    if (target.responseUrl) {
      await deps.api.respond(target.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        ...message,
      });
      return;
    }
    const note: slack.KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: NOTE[language] }] };
    await postMessage(deps, {
      channel: target.userId,
      text: message.text,
      blocks: [note, ...message.blocks].slice(0, 50),
    });
  }
}

export function postMessage(deps: SlackDeps, args: Record<string, unknown>) {
  return deps.api.call('chat.postMessage', { ...args, unfurl_links: false, unfurl_media: false });
}
