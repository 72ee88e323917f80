import type { Rich, Span } from '../../../src/core/reply.js';

/**
 * Slack mrkdwn for text the bot did not write. `&`, `<` and `>` become entities, so `<!channel>`,
 * `<@U…>` and `<https://evil|harmless>` stay inert; inside styled spans the formatting characters are
 * swapped for look-alikes so a visit title cannot close the bold it is shown in.
 */

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const LOOKALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};

/** Replaces the mrkdwn delimiters `* _ ~ \`` with characters that look alike but format nothing. */
export function neutraliseFormatting(text: string): string {
  return text.replace(/[*_~`]/g, (c) => LOOKALIKES[c] ?? c);
}

/** Renders rich text (plain strings and styled spans) as escaped mrkdwn. */
export function renderRich(rich: Rich | string): string {
  if (typeof rich === 'string') return escapeMrkdwn(rich);
  return rich.map((part) => (typeof part === 'string' ? escapeMrkdwn(part) : renderSpan(part))).join('');
}

function renderSpan(span: Span): string {
  if (span.url) return renderLink(span.url, span.text);
  if (!span.bold && !span.italic && !span.code) return escapeMrkdwn(span.text);
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
  let body = span.code
    ? `\`${escapeMrkdwn(core.replace(/`/g, LOOKALIKES['`']!))}\``
    : escapeMrkdwn(neutraliseFormatting(core));
  if (span.italic) body = `_${body}_`;
  if (span.bold) body = `*${body}*`;
  return `${lead}${body}${trail}`;
}

/** A link the bot built itself. The label is escaped; `|` and `>` cannot end the URL part early. */
function renderLink(url: string, label: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
  const text = escapeMrkdwn(label.replace(/\n/g, ' ')).trim();
  return text ? `<${safeUrl}|${text}>` : `<${safeUrl}>`;
}
