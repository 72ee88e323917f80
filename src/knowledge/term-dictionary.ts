/**
 * Terms as small integers: the index stores each text's terms as a sorted Uint32Array of ids, which
 * keeps a knowledge base of a thousand documents compact and makes matching a few array scans.
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private frequencies: number[] = [];

  /** The id of a term, adding it when new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      this.terms = undefined;
      id = this.ids.size;
      this.ids.set(term, id);
      this.frequencies.push(0);
    }
    return id;
  }

  /** The id of a known term, or undefined. */
  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  /** Sorted, unique ids of the terms (interning new ones). */
  internAll(terms: Iterable<string>): Uint32Array {
    const ids = new Set<number>();
    for (const term of terms) ids.add(this.intern(term));
    return Uint32Array.from(ids).sort();
  }

  /** Counts one more passage containing each of these term ids. */
  countPassage(ids: Uint32Array): void {
    for (const id of ids) this.frequencies[id] = (this.frequencies[id] ?? 0) + 1;
  }

  /** In how many passages the term occurs (0 for unknown terms). */
  frequency(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : (this.frequencies[id] ?? 0);
  }

  /** Passage frequency by id. */
  frequencyOf(id: number): number {
    return this.frequencies[id] ?? 0;
  }

  /** The term of an id (for queries to the text index). */
  termOf(id: number): string {
    this.terms ??= [...this.ids.keys()];
    return this.terms[id] ?? '';
  }

  private terms: string[] | undefined;

  get size(): number {
    return this.ids.size;
  }
}

/** Binary search in a sorted id array. */
export function hasTerm(sorted: Uint32Array, id: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = sorted[mid]!;
    if (value === id) return true;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** Sorted union of sorted id arrays. */
export function mergeTerms(...arrays: (Uint32Array | undefined)[]): Uint32Array {
  const ids = new Set<number>();
  for (const array of arrays) if (array) for (const id of array) ids.add(id);
  return Uint32Array.from(ids).sort();
}

/** Ids in `a` that are not in `b` (both sorted). */
export function subtractTerms(a: Uint32Array, b: Uint32Array): Uint32Array {
  return a.filter((id) => !hasTerm(b, id));
}
