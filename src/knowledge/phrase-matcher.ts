import { tokenize, type Token } from './text.js';

/**
 * Finds known multi-word names in token sequences (bodies, organisation names): longest match first,
 * left to right, compared diacritic-folded and case-insensitively.
 */

export interface PhraseMatch<T> {
  value: T;
  /** Token index of the first word and one past the last. */
  from: number;
  to: number;
  /** Character offsets in the text the tokens came from. */
  start: number;
  end: number;
}

export interface PhraseMatcher<T> {
  find(tokens: readonly Token[]): PhraseMatch<T>[];
}

export function createPhraseMatcher<T>(entries: Iterable<{ phrase: string; value: T }>): PhraseMatcher<T> {
  const byFirst = new Map<string, { words: string[]; value: T }[]>();
  for (const { phrase, value } of entries) {
    const words = tokenize(phrase).map((t) => t.folded);
    if (words.length === 0) continue;
    const list = byFirst.get(words[0]!) ?? [];
    list.push({ words, value });
    byFirst.set(words[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);

  return {
    find(tokens) {
      const matches: PhraseMatch<T>[] = [];
      let i = 0;
      while (i < tokens.length) {
        const candidates = byFirst.get(tokens[i]!.folded);
        const hit = candidates?.find((c) => c.words.every((w, k) => tokens[i + k]?.folded === w));
        if (hit) {
          const to = i + hit.words.length;
          matches.push({ value: hit.value, from: i, to, start: tokens[i]!.start, end: tokens[to - 1]!.end });
          i = to;
        } else {
          i += 1;
        }
      }
      return matches;
    },
  };
}

/** All values whose phrase matches at the same longest span (several bodies may share a name). */
export function createMultiPhraseMatcher<T>(
  entries: Iterable<{ phrase: string; value: T }>,
): PhraseMatcher<T[]> {
  const grouped = new Map<string, { phrase: string; value: T[] }>();
  for (const { phrase, value } of entries) {
    const key = tokenize(phrase)
      .map((t) => t.folded)
      .join(' ');
    if (!key) continue;
    const group = grouped.get(key) ?? { phrase, value: [] };
    if (!group.value.includes(value)) group.value.push(value);
    grouped.set(key, group);
  }
  return createPhraseMatcher(grouped.values());
}
