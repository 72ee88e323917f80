import type { App } from '@slack/bolt';
import { findForm, type Reply } from '../../../src/core/reply.js';
import type { Turn, TurnInput } from '../../../src/core/turn.js';
import { channelKindOf, encodeOpenForm, replyLanguage, slackTurn } from '../conversation.js';
import { TIMED_OUT, within } from '../deadline.js';
import { deliverMessages, replyMessages, type Target } from '../delivery.js';
import type { SlackDeps } from '../deps.js';
import { slackTextToPlain } from '../incoming-text.js';
import { openModal } from '../modals.js';
import { PROFILE_WAIT_MS } from '../user-profiles.js';

/** What is ready within this budget is sent in the ack itself; slower answers follow via response_url. */
export const ACK_BUDGET_MS = 1500;

export type CommandKind = 'ask' | 'visit' | 'digest';

/** The slash commands and what they mean; an admin who renames one keeps its meaning by its word. */
export function commandKind(command: string): CommandKind | undefined {
  const name = command.replace(/^\//, '').toLowerCase();
  if (/(^|[-_])(policy|policies|ansvar|fraga|fråga)$/.test(name)) return 'ask';
  if (/(^|[-_])(visit|visits|besok|besök)$/.test(name)) return 'visit';
  if (/(^|[-_])digest$/.test(name)) return 'digest';
  return undefined;
}

/** `/policy text` asks; `/visit text` and `/digest text` run the command words with the same text. */
export function commandInput(kind: CommandKind | undefined, text: string): TurnInput {
  if (kind === 'ask') return text ? { type: 'text', text, intent: 'ask' } : { type: 'text', text: 'help' };
  if (!kind) return { type: 'text', text: 'help' };
  return { type: 'text', text: `${kind} ${text}`.trim() };
}

export const SLASH_COMMANDS = ['/policy', '/visit', '/digest'] as const;

interface Answered {
  turn: Turn;
  reply: Reply;
}

export function registerCommandListeners(app: App, deps: SlackDeps): void {
  app.command(/^\/.+/, async ({ command, ack }) => {
    let acked = false;
    const ackOnce: typeof ack = async (response) => {
      if (acked) return;
      acked = true;
      await ack(response);
    };
    try {
      const kind = commandKind(command.command);
      const input = commandInput(kind, slackTextToPlain(command.text ?? ''));
      const channelKind = channelKindOf(command.channel_id, command.channel_name);
      const work: Promise<Answered> = (async () => {
        const profile = await deps.profiles.get(command.user_id, PROFILE_WAIT_MS);
        const turn = slackTurn(
          {
            userId: command.user_id,
            userName: command.user_name,
            channelId: command.channel_id,
            channelKind,
          },
          profile,
          input,
        );
        return { turn, reply: await deps.core.router.handle(turn) };
      })();
      const outcome = await within(work, ACK_BUDGET_MS);
      if (outcome === TIMED_OUT) await ackOnce();
      const { turn, reply } = outcome === TIMED_OUT ? await work : outcome;
      const language = replyLanguage(reply, turn);

      const form = findForm(reply);
      if (form) {
        // The trigger_id is only valid for 3 s from the command: open the modal right after the ack.
        await ackOnce();
        const opened = await openModal(deps, form, {
          triggerId: command.trigger_id,
          language,
          metadata: {
            ...(form.state !== undefined ? { state: form.state } : {}),
            channel: command.channel_id,
            responseUrl: command.response_url,
          },
        });
        if (opened) return;
      }

      // `/policy` answers only the asker; "Share in channel" makes it public.
      const shown: Reply = kind === 'ask' ? { ...reply, visibility: 'private' } : reply;
      const openFormValue = form && input.type === 'text' ? encodeOpenForm({ text: input.text }) : undefined;
      const messages = replyMessages(shown, {
        language,
        share: kind === 'ask',
        ...(openFormValue ? { openFormValue } : {}),
      });
      const target: Target = {
        userId: command.user_id,
        channelId: command.channel_id,
        isDm: channelKind === 'dm',
        responseUrl: command.response_url,
        publicVia: 'response_url',
      };
      if (!acked && messages[0]) {
        const [first, ...rest] = messages;
        await ackOnce({
          response_type: shown.visibility === 'private' ? 'ephemeral' : 'in_channel',
          ...first,
        });
        await deliverMessages(deps, rest, { ...shown, replaceOriginal: false }, target, language);
      } else {
        await deliverMessages(deps, messages, shown, target, language);
      }
    } catch (error) {
      deps.log.error({ err: error, command: command.command }, 'slash command failed');
      await ackOnce().catch(() => undefined);
    }
  });
}
