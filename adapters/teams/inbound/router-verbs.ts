import type { Language } from '../../../src/core/language.js';
import { reply, type Reply } from '../../../src/core/reply.js';
import type { TurnInput } from '../../../src/core/turn.js';

/**
 * Verbs the core's router answers itself instead of a command module. Any Teams user can send a
 * message whose `value` names one, so a card submit may only use them where the bot could have
 * rendered such a button: feedback goes through Teams' own feedback loop, `home` is Slack's App Home,
 * and a share button can only sit on the answer card of the question it shares.
 */
const ROUTER_VERBS = new Set(['feedback', 'answer.share', 'home']);
const SHARE_VERB = 'answer.share';

export interface RouterVerbSubmit {
  verb: string;
  value: string;
}

/** The router-level verb a card submit names (with its value), if it names one. */
export function routerVerbOf(input: TurnInput): RouterVerbSubmit | undefined {
  return input.type === 'action' && ROUTER_VERBS.has(input.action)
    ? { verb: input.action, value: input.value }
    : undefined;
}

/**
 * Whether a card submit may use a router-level verb: only a share, and only from the card that
 * carried the answer to that very question (`answeredQuestionId`: the question the replied-to
 * message answered in this conversation, if it was an answer).
 */
export function routerVerbAllowed(submit: RouterVerbSubmit, answeredQuestionId: string | undefined): boolean {
  return (
    submit.verb === SHARE_VERB && answeredQuestionId !== undefined && answeredQuestionId === submit.value
  );
}

export function refusedButtonReply(language: Language): Reply {
  const text =
    language === 'sv'
      ? 'Den knappen går inte att använda här i Teams.'
      : 'That button cannot be used here in Teams.';
  return reply({ text, blocks: [{ type: 'context', text: [text] }], visibility: 'private', language });
}
