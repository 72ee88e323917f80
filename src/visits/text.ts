/** Small text helpers shared by the visit parsers. */

/** Lower case, diacritics removed, whitespace collapsed: for matching names, never for display. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Bidirectional overrides, zero-width space and line/paragraph separators: invisible, and able to disguise text. */
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu;
const CONTROL_EXCEPT_NEWLINE = /(?!\n)\p{Cc}/gu;

/** Removes control and invisible formatting characters; keeps line breaks only when `multiline`. Trims. */
export function cleanText(text: string, multiline = false): string {
  const normalized = text.replace(/\r\n?/g, '\n').replace(INVISIBLE, ' ');
  if (!multiline)
    return normalized
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return normalized
    .replace(CONTROL_EXCEPT_NEWLINE, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A lookup in a word table that ignores inherited keys (`__proto__`, `constructor`, …). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
