/** Small pure text helpers shared by the analyzer, the markdown parser and the statement extractor. */

const EXTRA_FOLDS: Record<string, string> = {
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  Ł: 'L',
};

const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 200_000;

/** Removes diacritics so that "Jonkoping" matches "Jönköping" and "Bodø" matches "Bodö". */
export function foldDiacritics(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text;
  let folded = foldCache.get(text);
  if (folded !== undefined) return folded;
  folded = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[øØæÆßðþłŁ]/g, (c) => EXTRA_FOLDS[c] ?? c);
  if (foldCache.size < FOLD_CACHE_LIMIT) foldCache.set(text, folded);
  return folded;
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface Token {
  /** Lower-cased word as written (diacritics kept). */
  word: string;
  /** Lower-cased and diacritic-folded, for comparisons. */
  folded: string;
  /** Written in capitals ("IT", "EU", "AER"): never a stop word. */
  acronym: boolean;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into words (letters and digits); hyphens, slashes and punctuation separate words. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    // Single letters are debris of abbreviations ("t.ex.", "EU:s"); digits are kept.
    if (raw.length === 1 && !/\p{N}/u.test(raw)) continue;
    const word = raw.toLowerCase();
    const acronym = raw.length >= 2 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw);
    tokens.push({
      word,
      folded: foldDiacritics(word),
      acronym,
      start: match.index,
      end: match.index + raw.length,
    });
  }
  return tokens;
}

/** True when the text holds at least one letter or digit. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Abbreviations whose trailing period does not end a sentence. */
const ABBREVIATION_END =
  /(?:\b(?:t\.?\s?ex|bl\.?\s?a|m\.?\s?m|s\.?\s?k|d\.?\s?v\.?\s?s|etc|tex|jfr|ca|resp|inkl|e\.?\s?g|i\.?\s?e|tel|nr|st)\.)$/i;

/** Splits a paragraph into sentences at . ! ? followed by a capital letter, skipping abbreviations. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const boundary = /[.!?]["”’)]?\s+(?=["“(]?[\p{Lu}\p{N}])/gu;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].trimEnd().length;
    const candidate = text.slice(start, end);
    if (ABBREVIATION_END.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first letter unless the word looks like an acronym or a proper name in capitals. */
export function lowerFirst(text: string): string {
  if (/^\p{Lu}{2,}/u.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
