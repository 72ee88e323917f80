import type { Token } from './text.js';

export type Language = 'en' | 'sv';

export interface LanguageCues {
  english: ReadonlySet<string>;
  swedish: ReadonlySet<string>;
}

/**
 * Swedish or English, from the question's function words and Swedish letters. Names of
 * organisations and bodies are left out first ("Who signs in Jönköping?" is English).
 * Ties go to the vocabulary hits, then to English.
 */
export function detectQuestionLanguage(
  tokens: readonly Token[],
  cues: LanguageCues,
  vocabularyHits: { en: number; sv: number } = { en: 0, sv: 0 },
): Language {
  let sv = 0;
  let en = 0;
  for (const token of tokens) {
    if (cues.swedish.has(token.word)) sv += 1;
    if (cues.english.has(token.word)) en += 1;
    if (/[åäö]/.test(token.word)) sv += 1;
  }
  if (sv !== en) return sv > en ? 'sv' : 'en';
  if (vocabularyHits.sv !== vocabularyHits.en) return vocabularyHits.sv > vocabularyHits.en ? 'sv' : 'en';
  return 'en';
}
