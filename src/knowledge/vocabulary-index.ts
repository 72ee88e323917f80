import type { Analyzer } from './analyzer.js';
import type { ConceptKind } from './knowledge-schema.js';
import { tokenize } from './text.js';

/**
 * The bilingual vocabulary as a phrase index: a question's words (English or Swedish, stemmed) are
 * matched longest-first against every concept's phrases, and a match expands into the Swedish words
 * the policies use.
 */

/** A way a concept can appear in policy text: all of `terms` present. */
export interface Alternative {
  terms: string[];
  weight: number;
}

export interface ConceptExpansion {
  id: string;
  kind: ConceptKind;
  alternatives: Alternative[];
}

export interface ConceptInput {
  id: string;
  en: readonly string[];
  sv: readonly string[];
  near?: readonly string[];
  kind?: ConceptKind;
}

/** A question word: its lower-case form, its English stem and its Swedish stem. */
export interface QuestionToken {
  word: string;
  acronym: boolean;
  folded: string;
  en: string;
  sv: string;
}

export interface VocabularyMatch {
  length: number;
  concepts: ConceptExpansion[];
  /** Which language's phrases matched (both when a word is the same in English and Swedish). */
  languages: Set<'en' | 'sv'>;
  /**
   * For a verb phrase whose other words are particles ("deals with", "enters into"): the concepts of
   * its first word alone, since the words may not form the phrase at all ("partnership deals with cities").
   */
  firstWordConcepts: ConceptExpansion[];
}

export interface VocabularyIndex {
  /** The longest phrase (of any concept, either language) starting at `index`. */
  matchAt(tokens: readonly QuestionToken[], index: number): VocabularyMatch | undefined;
  /** Concepts a single Swedish stem belongs to (used for the parts of compounds). */
  conceptsForSwedishStem(stem: string): ConceptExpansion[];
  readonly size: number;
}

export const NEAR_WEIGHT = 0.6;

interface PhraseEntry {
  stems: string[];
  language: 'en' | 'sv';
  concept: ConceptExpansion;
}

export function swedishAlternative(
  analyzer: Analyzer,
  phrase: string,
  weight: number,
): Alternative | undefined {
  const terms = tokenize(phrase)
    .filter((t) => !analyzer.isSwedishStopword(t.word))
    .map((t) => analyzer.analyzeWord(t.word).stem);
  return terms.length > 0 ? { terms: [...new Set(terms)], weight } : undefined;
}

export function createVocabularyIndex(
  concepts: readonly ConceptInput[],
  analyzer: Analyzer,
): VocabularyIndex {
  const byFirst = new Map<string, PhraseEntry[]>();
  const bySwedishStem = new Map<string, ConceptExpansion[]>();
  const add = (key: string, entry: PhraseEntry) => {
    const list = byFirst.get(key) ?? [];
    list.push(entry);
    byFirst.set(key, list);
  };

  for (const concept of concepts) {
    const alternatives: Alternative[] = [];
    const seen = new Set<string>();
    for (const [phrases, weight] of [
      [concept.sv, 1],
      [concept.near ?? [], NEAR_WEIGHT],
    ] as const) {
      for (const phrase of phrases) {
        const alternative = swedishAlternative(analyzer, phrase, weight);
        const key = alternative?.terms.join(' ');
        if (!alternative || !key || seen.has(key)) continue;
        seen.add(key);
        alternatives.push(alternative);
      }
    }
    const expansion: ConceptExpansion = { id: concept.id, kind: concept.kind ?? 'topic', alternatives };
    for (const phrase of concept.en) {
      const stems = tokenize(phrase).map((t) => analyzer.englishStem(t.word));
      if (stems.length > 0) add(`en:${stems[0]}`, { stems, language: 'en', concept: expansion });
    }
    for (const phrase of concept.sv) {
      const stems = tokenize(phrase).map((t) => analyzer.analyzeWord(t.word).stem);
      if (stems.length === 0) continue;
      add(`sv:${stems[0]}`, { stems, language: 'sv', concept: expansion });
      if (stems.length === 1) {
        const list = bySwedishStem.get(stems[0]!) ?? [];
        if (!list.includes(expansion)) list.push(expansion);
        bySwedishStem.set(stems[0]!, list);
      }
    }
  }

  return {
    size: concepts.length,
    matchAt(tokens, index) {
      const token = tokens[index];
      if (!token) return undefined;
      let best: VocabularyMatch | undefined;
      const single: ConceptExpansion[] = [];
      const candidates = [...(byFirst.get(`en:${token.en}`) ?? []), ...(byFirst.get(`sv:${token.sv}`) ?? [])];
      for (const entry of candidates) {
        const fits = entry.stems.every((stem, k) => {
          const t = tokens[index + k];
          return t !== undefined && (entry.language === 'en' ? t.en : t.sv) === stem;
        });
        if (!fits) continue;
        if (entry.stems.length === 1 && !single.includes(entry.concept)) single.push(entry.concept);
        if (!best || entry.stems.length > best.length) {
          best = {
            length: entry.stems.length,
            concepts: [entry.concept],
            languages: new Set([entry.language]),
            firstWordConcepts: [],
          };
        } else if (entry.stems.length === best.length) {
          if (!best.concepts.includes(entry.concept)) best.concepts.push(entry.concept);
          best.languages.add(entry.language);
        }
      }
      if (best && best.length > 1) {
        const particles = tokens
          .slice(index + 1, index + best.length)
          .every((t) => analyzer.isStopword(t.word));
        if (particles) best.firstWordConcepts = single.filter((c) => !best!.concepts.includes(c));
      }
      return best;
    },
    conceptsForSwedishStem: (stem) => bySwedishStem.get(stem) ?? [],
  };
}
