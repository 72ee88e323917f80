import { createDecompounder } from './decompound.js';
import type { LanguageData } from './knowledge-schema.js';
import { createStemmers, type Stemmers } from './stemmer.js';
import { foldDiacritics, tokenize } from './text.js';

/**
 * Swedish/English analysis: normalise (lower case, diacritics folded, so "Jonkoping" = "Jönköping"
 * and "vanortssamarbete" splits like "vänortssamarbete") → tokenize → decompound (against a lexicon
 * built from the knowledge and the vocabulary) → Snowball stem, plus the endings Snowball leaves
 * (-et, -an, -en, and the -ning/-ing of verbal nouns: utveckling → utveckl as in utvecklar) when the
 * shorter stem is attested. The same analyzer indexes the policies and reads
 * questions.
 */

export interface WordAnalysis {
  /** Folded stem of the whole word. */
  stem: string;
  /** Folded stems of the compound parts (empty when the word is not a compound). */
  parts: string[];
}

export interface Analyzer {
  analyzeWord(word: string): WordAnalysis;
  /** Index terms of a word: the stem and, for compounds, the stems of the parts. */
  wordTerms(word: string): string[];
  /** Index terms of a text, stop words left out. */
  textTerms(text: string): string[];
  /** Folded English stem (for matching English vocabulary). */
  englishStem(word: string): string;
  isStopword(word: string): boolean;
  /** Is the word (any case, diacritics optional) used in the policies or the Swedish vocabulary? */
  isKnownWord(word: string): boolean;
  /** Swedish stop words only (vocabulary phrases keep English-looking words such as "IT"). */
  isSwedishStopword(word: string): boolean;
}

export function createAnalyzer(language: LanguageData, lexiconWords: Iterable<string>): Analyzer {
  const stemmers: Stemmers = createStemmers();
  const stopwords = new Set([...language.stopwords.en, ...language.stopwords.sv].map((w) => w.toLowerCase()));
  const swedishStopwords = new Set(language.stopwords.sv.map((w) => w.toLowerCase()));
  const words = new Set<string>();
  const rawStems = new Set<string>();
  for (const word of lexiconWords) {
    const lower = word.toLowerCase();
    if (lower.length < 2 || stopwords.has(lower)) continue;
    const folded = foldDiacritics(lower);
    words.add(folded);
    rawStems.add(stemmers.sv(folded));
  }
  const { analysis } = language;
  const extraEndings = [...analysis.extraEndings].sort((a, b) => b.length - a.length);

  const stemCache = new Map<string, string>();
  /** Stem of a folded word. */
  function swedishStem(word: string): string {
    let stem = stemCache.get(word);
    if (stem !== undefined) return stem;
    stem = stemmers.sv(word);
    for (const ending of extraEndings) {
      const shorter = stem.slice(0, -ending.length);
      if (stem.endsWith(ending) && shorter.length >= analysis.minStem && rawStems.has(shorter)) {
        stem = shorter;
        break;
      }
    }
    stemCache.set(word, stem);
    return stem;
  }

  const known = new Map<string, boolean>();
  const isWord = (candidate: string): boolean => {
    let result = known.get(candidate);
    if (result === undefined) {
      const stem = stemmers.sv(candidate);
      result = words.has(candidate) || (stem.length >= analysis.minTail && rawStems.has(stem));
      known.set(candidate, result);
    }
    return result;
  };
  const decompound = createDecompounder(
    { isWord, isForm: (candidate) => words.has(candidate) },
    {
      minWord: analysis.minWord,
      minPart: analysis.minPart,
      minTail: analysis.minTail,
      linking: analysis.linking,
      nonTails: new Set(analysis.nonTails),
      nonHeads: stopwords,
    },
  );

  const analysisCache = new Map<string, WordAnalysis>();
  function analyzeWord(word: string): WordAnalysis {
    const folded = foldDiacritics(word.toLowerCase());
    let result = analysisCache.get(folded);
    if (result) return result;
    const parts = decompound(folded)?.map(swedishStem) ?? [];
    result = { stem: swedishStem(folded), parts };
    analysisCache.set(folded, result);
    return result;
  }

  const termCache = new Map<string, string[]>();
  const englishCache = new Map<string, string>();
  function wordTerms(word: string): string[] {
    let terms = termCache.get(word);
    if (terms) return terms;
    const { stem, parts } = analyzeWord(word);
    terms = [...new Set([stem, ...parts])];
    termCache.set(word, terms);
    return terms;
  }

  return {
    analyzeWord,
    wordTerms,
    textTerms(text) {
      const terms: string[] = [];
      for (const token of tokenize(text)) {
        if (stopwords.has(token.word)) continue;
        for (const term of wordTerms(token.word)) terms.push(term);
      }
      return terms;
    },
    englishStem(word) {
      const lower = word.toLowerCase();
      let stem = englishCache.get(lower);
      if (stem === undefined) {
        stem = foldDiacritics(stemmers.en(lower));
        englishCache.set(lower, stem);
      }
      return stem;
    },
    isStopword: (word) => stopwords.has(word.toLowerCase()),
    isKnownWord: (word) => words.has(foldDiacritics(word.toLowerCase())),
    isSwedishStopword: (word) => swedishStopwords.has(word.toLowerCase()),
  };
}
