/**
 * Swedish compound splitting against a lexicon built from the knowledge itself: "partneravtal" →
 * partner + avtal, "vänortssamarbetet" → vänort + (s) + samarbetet, "regionledningskontoret" →
 * region + ledning + kontoret. Pure; results are memoised per word.
 */

export interface DecompoundOptions {
  minWord: number;
  minPart: number;
  minTail: number;
  /** Letters that may join two parts ("s" in vänorts-samarbete). */
  linking: readonly string[];
  /** Endings that are never a part on their own ("heter", "ning"). */
  nonTails: ReadonlySet<string>;
  /** Words that are never the first part (stop words such as "för", "med"). */
  nonHeads: ReadonlySet<string>;
  maxParts?: number;
}

export interface Lexicon {
  /** Is this (lower-case) string a word of the language, in any inflection, as far as the knowledge knows? */
  isWord(candidate: string): boolean;
  /** Is it a word as written (used for first parts, which are rarely inflected)? */
  isForm(candidate: string): boolean;
}

export function createDecompounder(
  lexicon: Lexicon,
  options: DecompoundOptions,
): (word: string) => string[] | undefined {
  const memo = new Map<string, string[] | null>();
  const maxParts = options.maxParts ?? 3;

  const knownPart = (part: string) =>
    part.length >= options.minPart && !options.nonHeads.has(part) && lexicon.isForm(part);

  function splitHead(head: string, budget: number): string[] | undefined {
    if (knownPart(head)) return [head];
    for (const link of options.linking) {
      if (link && head.endsWith(link) && knownPart(head.slice(0, -link.length)))
        return [head.slice(0, -link.length)];
    }
    if (budget < 2) return undefined;
    const inner = split(head, budget, false);
    if (inner) return inner;
    for (const link of options.linking) {
      if (link && head.endsWith(link)) {
        const linked = split(head.slice(0, -link.length), budget, false);
        if (linked) return linked;
      }
    }
    return undefined;
  }

  function split(word: string, budget: number, top: boolean): string[] | undefined {
    const key = `${budget}:${top ? 1 : 0}:${word}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let best: string[] | undefined;
    if (!top || word.length >= options.minWord) {
      for (let cut = options.minPart; cut <= word.length - options.minTail; cut += 1) {
        const tail = word.slice(cut);
        if (options.nonTails.has(tail) || !lexicon.isWord(tail)) continue;
        const head = splitHead(word.slice(0, cut), budget - 1);
        if (!head) continue;
        const parts = [...head, tail];
        if (!best || parts.length < best.length) best = parts;
        if (best.length === 2) break;
      }
    }
    memo.set(key, best ?? null);
    return best;
  }

  return (word) => {
    if (word.length < options.minWord || !/^\p{L}+$/u.test(word)) return undefined;
    return split(word, maxParts, true);
  };
}
