import type { App, BlockAction, types as slack } from '@slack/bolt';
import type { Language } from '../../../src/core/language.js';
import { findForm, type Reply } from '../../../src/core/reply.js';
import type { Turn, TurnInput } from '../../../src/core/turn.js';
import { decodeActionId, INTERNAL_ACTIONS } from '../action-ids.js';
import {
  channelKindOf,
  decodeOpenForm,
  encodeOpenForm,
  openFormInput,
  replyLanguage,
  slackTurn,
  type OpenFormRequest,
} from '../conversation.js';
import { deliver, type Target } from '../delivery.js';
import type { SlackDeps } from '../deps.js';
import { openModal } from '../modals.js';
import { fallbackText, renderBlocks, splitIntoMessages, thankedBlocks } from '../render/message.js';
import { PROFILE_WAIT_MS } from '../user-profiles.js';
import { publishHome } from './home.js';

/** Where a click happened, read from the block_actions payload. */
export interface ClickOrigin {
  userId: string;
  userName?: string;
  channelId?: string;
  messageTs?: string;
  threadTs?: string;
  responseUrl?: string;
  ephemeral: boolean;
  home: boolean;
  inModal: boolean;
  triggerId: string;
  /** Blocks of the clicked message (absent for ephemeral messages). */
  messageBlocks?: slack.KnownBlock[];
  messageText?: string;
}

export function clickOrigin(body: BlockAction): ClickOrigin {
  const container = body.container as {
    channel_id?: string;
    message_ts?: string;
    thread_ts?: string;
    is_ephemeral?: boolean;
  };
  const channelId = body.channel?.id ?? container.channel_id;
  const messageTs = container.message_ts ?? body.message?.ts;
  const threadTs = (body.message?.thread_ts as string | undefined) ?? container.thread_ts;
  return {
    userId: body.user.id,
    ...(body.user.name || body.user.username ? { userName: body.user.name ?? body.user.username } : {}),
    ...(channelId ? { channelId } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(threadTs ? { threadTs } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
    ephemeral: container.is_ephemeral === true,
    home: body.view?.type === 'home',
    inModal: body.view?.type === 'modal',
    triggerId: body.trigger_id,
    ...(Array.isArray(body.message?.blocks)
      ? { messageBlocks: body.message.blocks as slack.KnownBlock[] }
      : {}),
    ...(typeof body.message?.text === 'string' ? { messageText: body.message.text } : {}),
  };
}

/** Every button: core actions go to the router; the adapter's own "Open the form" re-asks for the form. */
export function registerActionListeners(app: App, deps: SlackDeps): void {
  app.action(/.+/, async ({ body, ack }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const action = body.actions[0];
    if (!action || action.type !== 'button') return;
    try {
      await handleClick(deps, clickOrigin(body), decodeActionId(action.action_id), action.value ?? '');
    } catch (error) {
      deps.log.error({ err: error, action: action.action_id }, 'button handling failed');
    }
  });
}

async function handleClick(
  deps: SlackDeps,
  origin: ClickOrigin,
  action: string,
  value: string,
): Promise<void> {
  let request: OpenFormRequest;
  if (action === INTERNAL_ACTIONS.openForm) {
    const decoded = decodeOpenForm(value);
    if (!decoded) return;
    request = decoded;
  } else {
    request = { action, value };
  }
  const input: TurnInput = openFormInput(request);
  const profile = await deps.profiles.get(origin.userId, PROFILE_WAIT_MS);
  const channelId = origin.channelId ?? origin.userId;
  const turn = slackTurn(
    {
      userId: origin.userId,
      ...(origin.userName ? { userName: origin.userName } : {}),
      channelId,
      channelKind: origin.home || !origin.channelId ? 'dm' : channelKindOf(origin.channelId),
    },
    profile,
    input,
  );
  const reply = await deps.core.router.handle(turn);
  const language = replyLanguage(reply, turn);

  if (action === 'feedback') return thankForFeedback(deps, origin, turn, reply, value, language);
  if (action === 'answer.share') return shareAnswer(deps, origin, turn, reply, language);

  const form = findForm(reply);
  let openFormValue: string | undefined;
  if (form) {
    const opened = await openModal(deps, form, {
      triggerId: origin.triggerId,
      language,
      push: origin.inModal,
      metadata: {
        ...(form.state !== undefined ? { state: form.state } : {}),
        ...(origin.channelId ? { channel: origin.channelId } : {}),
        ...(origin.threadTs ? { thread: origin.threadTs } : {}),
        ...(origin.responseUrl ? { responseUrl: origin.responseUrl } : {}),
        ...(origin.home ? { home: true } : {}),
        ...(origin.ephemeral ? { private: true } : {}),
      },
    });
    if (opened) return;
    openFormValue = encodeOpenForm(request);
  }

  if (origin.home) {
    // Results of clicks in the Home tab go to the user's DM with the app; the tab is then refreshed.
    if (reply.blocks.length > 0 || reply.text) {
      await deliver(deps, reply, { userId: origin.userId, isDm: true, publicVia: 'post' }, { language });
    }
    await publishHome(deps, origin.userId);
    return;
  }
  // What a button on an ephemeral message (e.g. `/visit list`) leads to stays between Ansvar and the
  // clicker: an ephemeral reply through the response_url, never a post in the channel.
  const shown: Reply = origin.ephemeral ? { ...reply, visibility: 'private' } : reply;
  await deliver(deps, shown, targetOf(origin, turn), {
    language,
    ...(openFormValue ? { openFormValue } : {}),
  });
}

function targetOf(origin: ClickOrigin, turn: Turn): Target {
  return {
    userId: origin.userId,
    ...(origin.channelId ? { channelId: origin.channelId } : {}),
    isDm: turn.channelKind === 'dm',
    ...(origin.threadTs ? { threadTs: origin.threadTs } : {}),
    ...(origin.responseUrl ? { responseUrl: origin.responseUrl } : {}),
    publicVia: 'post',
    // chat.update cannot edit an ephemeral message; its response_url can replace it.
    ...(origin.channelId && origin.messageTs && !origin.ephemeral
      ? { original: { channel: origin.channelId, ts: origin.messageTs } }
      : {}),
  };
}

/** The vote is recorded by the core; the answer stays, its 👍/👎 become a thank-you line. */
async function thankForFeedback(
  deps: SlackDeps,
  origin: ClickOrigin,
  turn: Turn,
  thanks: Reply,
  value: string,
  language: Language,
): Promise<void> {
  let blocks = origin.messageBlocks;
  let text = origin.messageText;
  if (!blocks) {
    // Ephemeral messages are not echoed back in the payload: render the answer again from the log.
    const questionId = value.split(':')[0] ?? '';
    const answer = await deps.core.router.handle({
      ...turn,
      input: { type: 'action', action: 'answer.share', value: questionId },
    });
    const rendered = splitIntoMessages(
      renderBlocks(answer, { language, feedback: { questionId, share: true } }),
      fallbackText(answer),
    );
    blocks = rendered[rendered.length - 1]?.blocks ?? [];
    text = fallbackText(answer);
  }
  const message = { text: text || fallbackText(thanks), blocks: thankedBlocks(blocks, thanks.text) };
  try {
    if (origin.responseUrl) {
      await deps.api.respond(origin.responseUrl, { replace_original: true, ...message });
    } else if (origin.channelId && origin.messageTs) {
      await deps.api.call('chat.update', { channel: origin.channelId, ts: origin.messageTs, ...message });
    }
  } catch (error) {
    deps.log.warn({ err: error }, 'could not update the answer after feedback');
  }
}

/** "Share in channel": the public answer goes to the channel, the private copy is removed. */
async function shareAnswer(
  deps: SlackDeps,
  origin: ClickOrigin,
  turn: Turn,
  reply: Reply,
  language: Language,
) {
  const target: Target = { ...targetOf(origin, turn), publicVia: 'response_url' };
  delete target.original;
  await deliver(deps, reply, target, { language });
  if (reply.visibility === 'public' && origin.ephemeral && origin.responseUrl) {
    try {
      await deps.api.respond(origin.responseUrl, { delete_original: true });
    } catch (error) {
      deps.log.warn({ err: error }, 'could not remove the private answer after sharing');
    }
  }
}
