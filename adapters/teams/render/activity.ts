import type { Reply } from '../../../src/core/reply.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from './card-types.js';
import { renderCard } from './card.js';
import type { OptionList } from './form.js';

/** A bot message as the Bot Connector takes it (the fields this adapter sets). */
export interface OutgoingMessage {
  type: 'message';
  attachments: { contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }[];
  /** `feedbackLoopEnabled` shows Teams' thumbs up/down under an answer. */
  channelData?: { feedbackLoopEnabled: true };
}

/**
 * Every reply goes out as a card without activity `text`: Teams would show the text above the card,
 * and the card's TextBlocks are the one place where escaping is under our control.
 */
export function replyToMessage(reply: Reply): { message: OutgoingMessage; optionLists: OptionList[] } {
  const { card, optionLists } = renderCard(reply);
  const message: OutgoingMessage = {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
    ...(reply.feedback ? { channelData: { feedbackLoopEnabled: true as const } } : {}),
  };
  return { message, optionLists };
}
