/**
 * Text from Slack arrives as mrkdwn: `&`, `<`, `>` escaped and mentions, channels and links wrapped
 * in `<…>`. The core wants what the user meant to type, so this turns it back into plain text once
 * (the renderers escape it again on the way out).
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  let out = text;
  if (botUserId) {
    const self = new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g');
    out = out.replace(self, ' ');
  }
  out = out.replace(/<([^<>]*)>/g, (_whole, inner: string) => readable(inner));
  return unescapeEntities(out)
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function readable(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : inner.slice(bar + 1);
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : target;
  if (target.startsWith('!subteam^')) return label || '@group';
  if (target.startsWith('!date^')) return label;
  if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
  if (target.startsWith('mailto:')) return label || target.slice('mailto:'.length);
  return label || target;
}

/** Reverses Slack's three entities (and only those); `&amp;lt;` becomes `&lt;`, not `<`. */
export function unescapeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
