import type { types as slack } from '@slack/bolt';
import { describeSize, plain, type Block, type Button, type Reply } from '../../../src/core/reply.js';
import type { Language } from '../../../src/core/language.js';
import { encodeActionId, FEEDBACK_BLOCK_ID, INTERNAL_ACTIONS } from '../action-ids.js';
import { LIMITS, splitText, truncate } from './limits.js';
import { escapeMrkdwn, renderRich, userText } from './mrkdwn.js';

/** One `chat.postMessage`-sized piece of a reply: blocks within the limits and a plain fallback. */
export interface SlackMessage {
  text: string;
  blocks: slack.KnownBlock[];
}

export interface MessageOptions {
  language: Language;
  /** Adds 👍/👎 (and "Share in channel") buttons for the answer with this question-log id. */
  feedback?: { questionId: string; share: boolean };
  /** How a form block is offered in a message, where no modal can open without a click. */
  openFormValue?: string;
}

const LABELS = {
  en: {
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    share: 'Share in channel',
    openForm: 'Open the form',
    formHint: 'Click the button to fill in the form.',
  },
  sv: {
    helpful: 'Till hjälp',
    notHelpful: 'Inte till hjälp',
    share: 'Dela i kanalen',
    openForm: 'Öppna formuläret',
    formHint: 'Klicka på knappen för att fylla i formuläret.',
  },
} as const;

export function labels(language: Language) {
  return LABELS[language];
}

/** Renders a Reply as Block Kit blocks (unsplit); every string from the Reply is escaped or plain_text. */
export function renderBlocks(reply: Reply, options: MessageOptions): slack.KnownBlock[] {
  const blocks = reply.blocks.flatMap((block) => renderBlock(block, options));
  if (options.feedback)
    blocks.push(feedbackBlock(options.feedback.questionId, options.feedback.share, options.language));
  return blocks;
}

/** Renders a Reply as one or more messages, each within the block-count and size limits. */
export function renderMessages(reply: Reply, options: MessageOptions): SlackMessage[] {
  const text = fallbackText(reply);
  const blocks = renderBlocks(reply, options);
  return splitIntoMessages(blocks, text);
}

/** The top-level `text` every message carries (notifications, screen readers, old clients). */
export function fallbackText(reply: Reply): string {
  const text = reply.text.trim() || reply.blocks.map(blockPlainText).filter(Boolean).join('\n');
  return truncate(escapeMrkdwn(text || '…'), LIMITS.fallbackText);
}

export function splitIntoMessages(blocks: slack.KnownBlock[], text: string): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let current: slack.KnownBlock[] = [];
  let chars = 0;
  for (const block of blocks) {
    const size = blockChars(block);
    if (
      current.length > 0 &&
      (current.length >= LIMITS.messageBlocks || chars + size > LIMITS.messageChars)
    ) {
      messages.push({ text, blocks: current });
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  if (current.length > 0 || messages.length === 0) messages.push({ text, blocks: current });
  return messages;
}

function renderBlock(block: Block, options: MessageOptions): slack.KnownBlock[] {
  switch (block.type) {
    case 'header': {
      const text = block.text.replace(/\s+/g, ' ').trim();
      return text ? [{ type: 'header', text: plainText(truncate(text, LIMITS.headerText)) }] : [];
    }
    case 'text':
      return sections(renderRich(block.text));
    case 'fields':
      return fieldSections(block.fields.map((f) => `*${userText(f.label)}*\n${renderRich(f.value)}`));
    case 'quote': {
      const quoted = userText(block.text)
        .split('\n')
        .map((line) => `>${line}`)
        .join('\n');
      const cite = block.cite ? renderRich(block.cite).trim() : '';
      return [
        ...sections(quoted, (chunk) => (chunk.startsWith('>') ? chunk : `>${chunk}`)),
        ...(cite ? [context(`— ${cite}`)] : []),
      ];
    }
    case 'context': {
      const text = renderRich(block.text).trim();
      return text ? [context(text)] : [];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'buttons':
      return actionsBlocks(block.buttons);
    case 'form': {
      const form = block.form;
      const lines = [`*${userText(form.title)}*`];
      if (form.intro) lines.push(userText(form.intro));
      const out: slack.KnownBlock[] = sections(lines.join('\n'));
      if (options.openFormValue !== undefined) {
        out.push(context(escapeMrkdwn(labels(options.language).formHint)));
        out.push({
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: INTERNAL_ACTIONS.openForm,
              text: plainText(labels(options.language).openForm),
              value: truncate(options.openFormValue, LIMITS.buttonValue),
              style: 'primary',
            },
          ],
        });
      }
      return out;
    }
    case 'file':
      return [
        context(
          userText(`📎 ${block.title} (${block.name}, ${describeSize(Buffer.byteLength(block.content))})`),
        ),
      ];
  }
}

/** Sections of at most 3000 characters; `continuation` re-prefixes split chunks (quotes). */
function sections(mrkdwn: string, continuation: (chunk: string) => string = (c) => c): slack.KnownBlock[] {
  if (!mrkdwn.trim()) return [];
  return splitText(mrkdwn, LIMITS.sectionText - 1)
    .map(continuation)
    .filter((chunk) => chunk.trim())
    .map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
}

function fieldSections(fields: string[]): slack.KnownBlock[] {
  const out: slack.KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fields) {
    out.push({
      type: 'section',
      fields: fields
        .slice(i, i + LIMITS.fields)
        .map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.fieldText) })),
    });
  }
  return out;
}

function context(mrkdwn: string): slack.KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) }] };
}

export function plainText(text: string): slack.PlainTextElement {
  return { type: 'plain_text', text: text || ' ', emoji: true };
}

function actionsBlocks(buttons: Button[]): slack.KnownBlock[] {
  const usable = buttons.filter(
    (b) => b.value.length <= LIMITS.buttonValue && b.action.length < LIMITS.actionId - 8,
  );
  const out: slack.KnownBlock[] = [];
  for (let i = 0; i < usable.length; i += LIMITS.actionsElements) {
    const chunk = usable.slice(i, i + LIMITS.actionsElements);
    const seen = new Map<string, number>();
    out.push({
      type: 'actions',
      elements: chunk.map((button) => {
        const n = seen.get(button.action) ?? 0;
        seen.set(button.action, n + 1);
        return renderButton(button, n);
      }),
    });
  }
  return out;
}

function renderButton(button: Button, occurrence: number): slack.Button {
  return {
    type: 'button',
    action_id: encodeActionId(button.action, occurrence),
    text: plainText(truncate(button.label, LIMITS.buttonText)),
    value: button.value,
    ...(button.style ? { style: button.style } : {}),
    ...(button.confirm
      ? {
          confirm: {
            title: plainText(truncate(button.confirm.title, LIMITS.confirmTitle)),
            text: plainText(truncate(button.confirm.text, LIMITS.confirmText)),
            confirm: plainText(truncate(button.confirm.confirm, LIMITS.confirmButton)),
            deny: plainText(truncate(button.confirm.deny, LIMITS.confirmButton)),
            ...(button.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

function feedbackBlock(questionId: string, share: boolean, language: Language): slack.KnownBlock {
  const l = labels(language);
  const elements: slack.Button[] = [
    {
      type: 'button',
      action_id: encodeActionId('feedback', 0),
      text: plainText('👍'),
      value: `${questionId}:up`,
      accessibility_label: l.helpful,
    },
    {
      type: 'button',
      action_id: encodeActionId('feedback', 1),
      text: plainText('👎'),
      value: `${questionId}:down`,
      accessibility_label: l.notHelpful,
    },
  ];
  if (share) {
    elements.push({ type: 'button', action_id: 'answer.share', text: plainText(l.share), value: questionId });
  }
  return { type: 'actions', block_id: FEEDBACK_BLOCK_ID, elements };
}

function blockPlainText(block: Block): string {
  switch (block.type) {
    case 'header':
      return block.text;
    case 'text':
    case 'context':
      return plain(block.text);
    case 'quote':
      return block.text;
    case 'fields':
      return block.fields.map((f) => `${f.label}: ${plain(f.value)}`).join('\n');
    case 'form':
      return block.form.title;
    default:
      return '';
  }
}

/** Characters of visible text in a rendered block, for the per-message size budget. */
export function blockChars(block: slack.KnownBlock): number {
  let n = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') {
        n += record.text.length;
        return;
      }
      for (const child of Object.values(record)) visit(child);
    }
  };
  visit(block);
  return n;
}

/**
 * The answer message after a vote: the same blocks without the 👍/👎 buttons (other buttons such as
 * "Share in channel" stay), and a thank-you line at the end.
 */
export function thankedBlocks(blocks: readonly slack.KnownBlock[], thanks: string): slack.KnownBlock[] {
  const out: slack.KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'actions' && block.block_id === FEEDBACK_BLOCK_ID) {
      const rest = block.elements.filter((e) => !('action_id' in e && e.action_id?.startsWith('feedback')));
      if (rest.length > 0) out.push({ ...block, elements: rest });
      continue;
    }
    out.push(block);
  }
  const line = userText(thanks.trim());
  if (line) out.push(context(line));
  return out.slice(-LIMITS.messageBlocks);
}
