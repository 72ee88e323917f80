import type { QueryUnit } from './question.js';
import { hasTerm, type TermDictionary } from './term-dictionary.js';

/**
 * How well a piece of policy text covers a question: each query unit weighs as much as it is rare in
 * the policies (inverse document frequency; a word the policies never use weighs the most), and the
 * coverage is the matched share of the total weight. Words the policies do not use therefore pull
 * an off-topic question ("who approves vacation?") below the answer threshold even when a generic
 * word ("approve") matches.
 */

export interface WeightedUnit {
  unit: QueryUnit;
  weight: number;
}

/** Verbs ("handles", "signs") and qualifiers ("annual") weigh this share of their rarity: the topic decides. */
export const ACTION_FACTOR = 0.6;
/** A country the policies never name weighs this share of an unknown word: it is an instance, not a topic. */
export const PLACE_FACTOR = 0.5;
/** When the question's own word occurs in the policies, its synonyms count this much. */
export const SYNONYM_FACTOR = 0.85;
/** A unit matched only in the headings or neighbouring text counts this much. */
export const CONTEXT_FACTOR = 0.5;

export function inverseDocumentFrequency(documentFrequency: number, total: number): number {
  return Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

export function weighUnits(
  units: readonly QueryUnit[],
  frequency: (term: string) => number,
  total: number,
  unknownFrequency = 0,
): WeightedUnit[] {
  const unknown = inverseDocumentFrequency(unknownFrequency, total);
  return units.map((original) => {
    const ownKnown = original.own.some((term) => frequency(term) > 0);
    const unit: QueryUnit = ownKnown
      ? {
          ...original,
          alternatives: original.alternatives.map((a) =>
            a.terms.some((t) => original.own.includes(t)) ? a : { ...a, weight: a.weight * SYNONYM_FACTOR },
          ),
        }
      : original;
    let best: number | undefined;
    for (const preferFull of [true, false]) {
      for (const alternative of unit.alternatives) {
        if (preferFull && alternative.weight < 1) continue;
        let rarest = Infinity;
        for (const term of alternative.terms) rarest = Math.min(rarest, frequency(term));
        if (rarest === 0) continue;
        const idf = inverseDocumentFrequency(rarest, total);
        best = best === undefined ? idf : Math.min(best, idf);
      }
      if (best !== undefined) break;
    }
    const weight =
      best === undefined
        ? unit.place
          ? unknown * PLACE_FACTOR
          : unknown
        : unit.kind === 'topic'
          ? best
          : best * ACTION_FACTOR;
    return { unit, weight: Math.max(weight, 0.05) };
  });
}

export interface Coverage {
  /** Matched share of the question's weight, 0…1. */
  coverage: number;
  /** Share of the text's own terms that the question asked about, 0…1 (prefers focused text). */
  focus: number;
  /** Whether the heaviest unit matched (at least in the context). */
  coversFocus: boolean;
  /** Share of the question's weight matched with the question's own words rather than synonyms, 0…1. */
  exact: number;
}

interface Posting {
  unit: number;
  weight: number;
}

/** A question compiled for fast matching against many texts (sorted term-id arrays). */
export interface CompiledQuery {
  readonly units: readonly WeightedUnit[];
  readonly total: number;
  /** Ids of the terms any answer above `minimum` coverage must contain one of (the heaviest units'). */
  essentialTerms(minimum: number): number[];
  /** Ids of every term the question can match. */
  allTerms(): number[];
  /** Per unit, the ids of the terms that match it (the first term of a phrase stands for the phrase). */
  unitTerms(): number[][];
  /** Is the term one of the question's (also as part of a phrase)? */
  matchesTerm(id: number): boolean;
  measure(primary: Uint32Array, context?: Uint32Array): Coverage;
}

export function compileQuery(units: readonly WeightedUnit[], dictionary: TermDictionary): CompiledQuery {
  const single = new Map<number, Posting[]>();
  const multi: { unit: number; terms: number[]; weight: number }[] = [];
  const own: { id: number; units: number[] }[] = [];
  const termsOfUnit: number[][] = units.map(() => []);
  const firstTerms: number[][] = units.map(() => []);
  let total = 0;
  let heaviest = -1;
  units.forEach(({ unit, weight }, index) => {
    total += weight;
    if (heaviest === -1 || weight > units[heaviest]!.weight) heaviest = index;
    for (const alternative of unit.alternatives) {
      const ids = alternative.terms.map((t) => dictionary.id(t));
      if (ids.some((id) => id === undefined)) continue;
      termsOfUnit[index]!.push(...(ids as number[]));
      if (!firstTerms[index]!.includes(ids[0]!)) firstTerms[index]!.push(ids[0]!);
      if (ids.length === 1) {
        const list = single.get(ids[0]!) ?? [];
        list.push({ unit: index, weight: alternative.weight });
        single.set(ids[0]!, list);
      } else {
        multi.push({ unit: index, terms: ids as number[], weight: alternative.weight });
      }
    }
    for (const term of unit.own) {
      const id = dictionary.id(term);
      if (id === undefined) continue;
      const entry = own.find((o) => o.id === id);
      if (entry) entry.units.push(index);
      else own.push({ id, units: [index] });
    }
  });

  const everyTerm = new Set(termsOfUnit.flat());
  /** Best match per unit, reused by every `measure` call of this query. */
  const scratch = new Float64Array(units.length);
  return {
    units,
    total,
    essentialTerms(minimum) {
      const order = units.map((u, i) => ({ weight: u.weight, i })).sort((a, b) => b.weight - a.weight);
      const terms = new Set<number>();
      let covered = 0;
      for (const { weight, i } of order) {
        for (const id of termsOfUnit[i]!) terms.add(id);
        covered += weight;
        if (total - covered < minimum * total) break;
      }
      return [...terms];
    },
    allTerms: () => [...new Set(termsOfUnit.flat())],
    unitTerms: () => firstTerms,
    matchesTerm: (id) => everyTerm.has(id),
    measure(primary, context) {
      const best = scratch.fill(0);
      let used = 0;
      for (const id of primary) {
        const postings = single.get(id);
        if (!postings) continue;
        used += 1;
        for (const p of postings) if (p.weight > best[p.unit]!) best[p.unit] = p.weight;
      }
      if (context) {
        for (const id of context) {
          const postings = single.get(id);
          if (!postings) continue;
          for (const p of postings) {
            const w = p.weight * CONTEXT_FACTOR;
            if (w > best[p.unit]!) best[p.unit] = w;
          }
        }
      }
      for (const m of multi) {
        if (m.weight <= best[m.unit]!) continue;
        if (m.terms.every((id) => hasTerm(primary, id))) {
          best[m.unit] = m.weight;
          used += m.terms.length;
        } else if (
          context &&
          m.weight * CONTEXT_FACTOR > best[m.unit]! &&
          m.terms.every((id) => hasTerm(primary, id) || hasTerm(context, id))
        ) {
          best[m.unit] = m.weight * CONTEXT_FACTOR;
        }
      }
      let matched = 0;
      for (let i = 0; i < units.length; i += 1) matched += units[i]!.weight * best[i]!;
      let exact = 0;
      const exactUnits = new Set<number>();
      for (const entry of own) if (hasTerm(primary, entry.id)) for (const i of entry.units) exactUnits.add(i);
      for (const i of exactUnits) exact += units[i]!.weight;
      return {
        coverage: total > 0 ? matched / total : 0,
        focus: primary.length > 0 ? Math.min(1, used / primary.length) : 0,
        coversFocus: heaviest !== -1 && best[heaviest]! > 0,
        exact: total > 0 ? exact / total : 0,
      };
    },
  };
}
