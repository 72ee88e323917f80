import type { Rich, Span } from '../../../src/core/reply.js';

/**
 * Slack mrkdwn for text the bot did not write. `&`, `<` and `>` become entities, so `<!channel>`,
 * `<@U…>` and `<https://evil|harmless>` stay inert, and the formatting characters `* _ ~ \``
 * are swapped for look-alikes everywhere (plain lines as well as styled spans), so a visit titled
 * `*bold*` shows its asterisks and cannot open or close any formatting.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeMrkdwn(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c) : text;
}

const LOOKALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};

/** Both at once: the entities, and the delimiters swapped for their look-alikes (one pass). */
const SAFE: Record<string, string> = { ...ENTITIES, ...LOOKALIKES };

/**
 * Web and mail addresses in text are kept as they are (an `_` in a path is part of the address, and
 * Slack links it as a whole); their trailing punctuation and delimiters are not part of them.
 */
const ADDRESS = /\b(?:https?:\/\/|mailto:)[^\s<>`]*[^\s<>`*_~.,;:!?)'"]/g;

function swapDelimiters(text: string): string {
  return text.replace(/[*_~`]/g, (c) => LOOKALIKES[c] ?? c);
}

/** Replaces the mrkdwn delimiters `* _ ~ \`` with characters that look alike but format nothing. */
export function neutraliseFormatting(text: string): string {
  if (!/[*_~`]/.test(text)) return text;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    out += swapDelimiters(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + swapDelimiters(text.slice(last));
}

/** Text the bot did not write, as mrkdwn that shows exactly that text: escaped and unformattable. */
export function userText(text: string): string {
  if (!/[&<>*_~`]/.test(text)) return text;
  // Without a colon there is no address to keep intact: one pass does it all (the common case).
  if (!text.includes(':')) return text.replace(/[&<>*_~`]/g, (c) => SAFE[c] ?? c);
  return escapeMrkdwn(neutraliseFormatting(text));
}

/** Renders rich text (plain strings and styled spans) as escaped mrkdwn. */
export function renderRich(rich: Rich | string): string {
  if (typeof rich === 'string') return userText(rich);
  return rich.map((part) => (typeof part === 'string' ? userText(part) : renderSpan(part))).join('');
}

function renderSpan(span: Span): string {
  if (span.url) return renderLink(span.url, span.text);
  if (!span.bold && !span.italic && !span.code) return userText(span.text);
  // Slack styles only within one line and only when the delimiters touch non-space text.
  return span.text
    .split('\n')
    .map((line) => styleLine(line, span))
    .join('\n');
}

function styleLine(line: string, span: Span): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(line);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  if (!core) return line;
  let body = span.code ? `\`${escapeMrkdwn(core.replace(/`/g, LOOKALIKES['`']!))}\`` : userText(core);
  if (span.italic) body = `_${body}_`;
  if (span.bold) body = `*${body}*`;
  return `${lead}${body}${trail}`;
}

/** A link the bot built itself. The label is escaped; `|` and `>` cannot end the URL part early. */
function renderLink(url: string, label: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
  const text = userText(label.replace(/\n/g, ' ')).trim();
  return text ? `<${safeUrl}|${text}>` : `<${safeUrl}>`;
}
