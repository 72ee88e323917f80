import type { Rich, Span } from '../../../src/core/reply.js';

/**
 * Adaptive Card TextBlocks (and FactSet facts) read a CommonMark subset: emphasis, lists, links,
 * plus `{{DATE(…)}}` functions. Text we did not write is backslash-escaped so none of that can be
 * triggered from a visit title or a policy quote. Only the characters that start markup are
 * escaped: some mobile clients show stray backslashes, so fewer is kinder.
 */
const INLINE_MARKUP = /[\\`*_{}[\]<>~&]/g;
/** Block markup only counts at the start of a line: lists, numbered lists, headings, quotes. */
const LINE_START_MARKUP = /^(\s*)([-+]|\d{1,9}[.)]|#{1,6})(?=\s|$)/;

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(INLINE_MARKUP, (c) => `\\${c}`)
        .replace(LINE_START_MARKUP, (_m, space: string, marker: string) => `${space}${escapeMarker(marker)}`),
    )
    .join('\n');
}

function escapeMarker(marker: string): string {
  if (marker.startsWith('#')) return `\\${marker}`;
  if (marker === '-' || marker === '+') return `\\${marker}`;
  // `1.` / `1)`: escape the punctuation, not the digits.
  return `${marker.slice(0, -1)}\\${marker.slice(-1)}`;
}

/** Teams collapses single newlines inside a TextBlock; a blank line keeps the break. */
function keepLineBreaks(markdown: string): string {
  return markdown.replace(/\n+/g, '\n\n');
}

/** Rich text as TextBlock markdown: styles become markup, every piece of text is escaped. */
export function richToMarkdown(rich: Rich | string): string {
  if (typeof rich === 'string') return keepLineBreaks(escapeMarkdown(rich));
  return keepLineBreaks(
    rich.map((part) => (typeof part === 'string' ? escapeMarkdown(part) : spanToMarkdown(part))).join(''),
  );
}

/** True when every visible piece is code: such a block is set in a monospace font instead. */
export function isAllCode(rich: Rich): boolean {
  const visible = rich.filter((part) =>
    typeof part === 'string' ? part.trim() !== '' : part.text.trim() !== '',
  );
  return visible.length > 0 && visible.every((part) => typeof part !== 'string' && part.code === true);
}

function spanToMarkdown(span: Span): string {
  // Emphasis markers must hug the text: keep surrounding whitespace outside them.
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(span.text);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  if (core === '') return escapeMarkdown(span.text);
  let out = escapeMarkdown(core);
  if (span.url && isSafeLink(span.url)) out = `[${out}](${encodeLinkTarget(span.url)})`;
  if (span.italic) out = `_${out}_`;
  if (span.bold) out = `**${out}**`;
  return `${escapeMarkdown(lead)}${out}${escapeMarkdown(trail)}`;
}

function isSafeLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Parentheses and spaces would end a markdown link target early. */
function encodeLinkTarget(url: string): string {
  return new URL(url).href.replace(
    /[()\s<>]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
