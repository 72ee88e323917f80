import { reply, type Block, type Reply, type Rich } from '../core/reply.js';
import type { Answer, AnswerEntry } from './answer-schema.js';

/**
 * The neutral Reply for an answer: per organisation the responsible body in bold (with its English
 * name for English questions) and the duty, the verbatim quote with its citation, and a context
 * line; for no answer a plain statement that the policies do not cover it and the closest sections.
 */

/** How many organisations a chat reply shows; the rest are counted. */
export const MAX_REPLY_ORGANISATIONS = 3;

const text = {
  en: {
    noAnswer: 'The policies do not cover that.',
    closest: 'Closest sections:',
    says: 'says:',
    more: (n: number) => `…and ${n} more organisation${n === 1 ? '' : 's'}.`,
  },
  sv: {
    noAnswer: 'Policyerna tar inte upp det.',
    closest: 'Närmast liknande avsnitt:',
    says: 'säger:',
    more: (n: number) => `…och ${n} organisation${n === 1 ? '' : 'er'} till.`,
  },
} as const;

export function answerToReply(
  answer: Answer,
  options: { questionId?: string; visibility?: 'public' | 'private' } = {},
): Reply {
  const t = text[answer.language];
  const blocks: Block[] = [];
  const fallback: string[] = [];

  if (answer.status === 'answered' && answer.answers.length > 0) {
    const shown = answer.answers.slice(0, MAX_REPLY_ORGANISATIONS);
    shown.forEach((entry, i) => {
      if (i > 0) blocks.push({ type: 'divider' });
      blocks.push(...entryBlocks(entry, answer.language));
      fallback.push(entryFallback(entry, answer.language));
    });
    const hidden = answer.answers.length - shown.length;
    if (hidden > 0) blocks.push({ type: 'context', text: [t.more(hidden)] });
  } else {
    const message = answer.error ?? t.noAnswer;
    blocks.push({ type: 'text', text: [message] });
    fallback.push(message);
    const suggestions = answer.suggestions ?? [];
    if (suggestions.length > 0) {
      const lines: Rich = [t.closest];
      for (const s of suggestions) {
        lines.push('\n• ', `${s.organization} · ${s.document} · ${s.section} `, {
          text: s.source,
          code: true,
        });
      }
      blocks.push({ type: 'context', text: lines });
    }
  }

  return reply({
    text: fallback.join('\n'),
    blocks,
    language: answer.language,
    visibility: options.visibility ?? 'public',
    ...(options.questionId ? { feedback: { questionId: options.questionId } } : {}),
  });
}

function actorSpans(entry: AnswerEntry, language: 'en' | 'sv'): Rich {
  const spans: Rich = [{ text: entry.actor ?? '', bold: true }];
  if (language === 'en' && entry.actorEn && entry.actorEn !== entry.actor) spans.push(` (${entry.actorEn})`);
  return spans;
}

function entryBlocks(entry: AnswerEntry, language: 'en' | 'sv'): Block[] {
  const t = text[language];
  const lead: Rich = entry.actor
    ? [...actorSpans(entry, language), ` — ${entry.organization}`]
    : [{ text: entry.organization, bold: true }, ` · ${entry.document} ${t.says}`];
  const blocks: Block[] = [{ type: 'text', text: lead }];
  if (entry.actor && entry.statement && !sameWords(entry.quote).includes(sameWords(entry.statement))) {
    blocks.push({ type: 'text', text: [entry.statement] });
  }
  blocks.push({
    type: 'quote',
    text: entry.quote,
    cite: [entry.document, ' · ', entry.section, ' · ', { text: entry.source, code: true }],
  });
  blocks.push({ type: 'context', text: [`${entry.organization} · ${entry.document} · ${entry.section}`] });
  return blocks;
}

/** Lower-case words only, so a duty can be found inside its quote whatever the punctuation. */
function sameWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function entryFallback(entry: AnswerEntry, language: 'en' | 'sv'): string {
  const who = entry.actor
    ? `${entry.actor}${language === 'en' && entry.actorEn && entry.actorEn !== entry.actor ? ` (${entry.actorEn})` : ''} — ${entry.organization}`
    : entry.organization;
  return `${who}: “${entry.quote.replace(/\s*\n\s*/g, ' ')}” (${entry.source})`;
}
