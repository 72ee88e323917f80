/**
 * A card's `fallbackText` is what notifications, screen readers and clients that cannot show the
 * card display: plain text, so it is not markdown-escaped (backslashes would show). It must still
 * not carry Teams' `<at>…</at>` mention markup; the tags are removed and the name stays.
 */
const MENTION_TAG = /<\s*\/?\s*at\b[^>]*>/gi;

export function plainFallbackText(text: string): string {
  let out = text;
  let previous: string;
  // Removing one tag can join the pieces of another (`<<at>at>`): repeat until nothing is left.
  do {
    previous = out;
    out = out.replace(MENTION_TAG, '');
  } while (out !== previous);
  return out;
}
