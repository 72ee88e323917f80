import { describeSize, type Block, type Button, type Reply } from '../../../src/core/reply.js';
import { SUBMIT_KEYS } from '../submit-data.js';
import type { ActionSet, AdaptiveCard, CardAction, CardElement } from './card-types.js';
import { plainFallbackText } from './fallback-text.js';
import { renderForm, type OptionList } from './form.js';
import { escapeMarkdown, isAllCode, richToMarkdown } from './markdown.js';

export const CARD_VERSION = '1.5';

export interface RenderedCard {
  card: AdaptiveCard;
  /** Option lists the card searches on demand: store them before the card is sent. */
  optionLists: OptionList[];
}

/**
 * The neutral Reply as one Adaptive Card. Every string that reaches a TextBlock or fact is escaped;
 * the fallback text is plain text without mention markup.
 */
export function replyToCard(reply: Reply): AdaptiveCard {
  return renderCard(reply).card;
}

export function renderCard(reply: Reply): RenderedCard {
  const language = reply.language ?? 'en';
  const optionLists: OptionList[] = [];
  const body: CardElement[] = [];
  let separateNext = false;
  for (const block of reply.blocks) {
    if (block.type === 'divider') {
      separateNext = body.length > 0;
      continue;
    }
    const elements = renderBlock(block, language, optionLists);
    if (separateNext && elements[0]) elements[0] = { ...elements[0], separator: true } as CardElement;
    separateNext = false;
    body.push(...elements);
  }
  if (body.length === 0) body.push({ type: 'TextBlock', text: richToMarkdown(reply.text), wrap: true });
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    fallbackText: plainFallbackText(reply.text),
    msteams: { width: 'Full' },
  };
  return { card, optionLists };
}

function renderBlock(
  block: Exclude<Block, { type: 'divider' }>,
  language: 'en' | 'sv',
  optionLists: OptionList[],
): CardElement[] {
  switch (block.type) {
    case 'header':
      return [
        {
          type: 'TextBlock',
          text: escapeMarkdown(block.text),
          wrap: true,
          size: 'Large',
          weight: 'Bolder',
          style: 'heading',
        },
      ];
    case 'text':
      return [
        {
          type: 'TextBlock',
          text: richToMarkdown(block.text),
          wrap: true,
          ...(isAllCode(block.text) ? { fontType: 'Monospace' as const } : {}),
        },
      ];
    case 'fields':
      return [
        {
          type: 'FactSet',
          facts: block.fields.map((f) => ({
            title: escapeMarkdown(f.label),
            value: richToMarkdown(f.value),
          })),
        },
      ];
    case 'quote':
      return [
        {
          type: 'Container',
          style: 'emphasis',
          items: [
            { type: 'TextBlock', text: richToMarkdown(block.text), wrap: true },
            ...(block.cite
              ? [
                  {
                    type: 'TextBlock' as const,
                    text: richToMarkdown(block.cite),
                    wrap: true as const,
                    size: 'Small' as const,
                    isSubtle: true,
                    spacing: 'Small' as const,
                  },
                ]
              : []),
          ],
        },
      ];
    case 'context':
      return [
        { type: 'TextBlock', text: richToMarkdown(block.text), wrap: true, size: 'Small', isSubtle: true },
      ];
    case 'buttons':
      return block.buttons.length > 0 ? [buttonsToActionSet(block.buttons)] : [];
    case 'form':
      return renderForm(block.form, language, optionLists);
    case 'file':
      return [
        {
          type: 'TextBlock',
          text: richToMarkdown([fileLine(block)]),
          wrap: true,
          size: 'Small',
          isSubtle: true,
        },
      ];
  }
}

function buttonsToActionSet(buttons: readonly Button[]): ActionSet {
  return { type: 'ActionSet', actions: buttons.map(buttonToAction) };
}

/**
 * A button is an `Action.Submit` routed back by its verb. Cards have no confirmation dialog, so a
 * button that asks for confirmation opens an inline sub-card whose own button does the work.
 */
export function buttonToAction(button: Button): CardAction {
  const style =
    button.style === 'danger'
      ? ('destructive' as const)
      : button.style === 'primary'
        ? ('positive' as const)
        : undefined;
  const submit: CardAction = {
    type: 'Action.Submit',
    title: button.label,
    data: { [SUBMIT_KEYS.verb]: button.action, [SUBMIT_KEYS.value]: button.value },
    associatedInputs: 'none',
    ...(style ? { style } : {}),
  };
  if (!button.confirm) return submit;
  return {
    type: 'Action.ShowCard',
    title: button.label,
    ...(style ? { style } : {}),
    card: {
      type: 'AdaptiveCard',
      version: CARD_VERSION,
      body: [
        { type: 'TextBlock', text: escapeMarkdown(button.confirm.title), wrap: true, weight: 'Bolder' },
        { type: 'TextBlock', text: escapeMarkdown(button.confirm.text), wrap: true },
        { type: 'ActionSet', actions: [{ ...submit, title: button.confirm.confirm }] },
      ],
    },
  };
}

function fileLine(file: Extract<Block, { type: 'file' }>): string {
  return `📎 ${file.title} (${file.name}, ${describeSize(Buffer.byteLength(file.content))})`;
}
