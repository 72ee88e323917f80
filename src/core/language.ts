import type { Turn } from './turn.js';

export type Language = 'en' | 'sv';

const SWEDISH_LETTERS = /[åäöÅÄÖ]/;
const SWEDISH_WORDS = new Set([
  'vem',
  'vilka',
  'vilken',
  'vilket',
  'vad',
  'hur',
  'när',
  'var',
  'får',
  'kan',
  'ska',
  'skall',
  'och',
  'att',
  'om',
  'för',
  'med',
  'av',
  'till',
  'den',
  'det',
  'de',
  'en',
  'ett',
  'är',
  'har',
  'inte',
  'jag',
  'vi',
  'man',
  'gäller',
  'ansvarar',
  'ansvarig',
  'beslutar',
  'sluter',
  'tecknar',
  'besök',
  'hjälp',
  'vårt',
  'vår',
  'våra',
  'mitt',
  'min',
  'mina',
  'i',
  'på',
  'ur',
  'hos',
  'vid',
  'från',
  'fastställer',
  'ingår',
  'tar',
  'emot',
]);
const ENGLISH_WORDS = new Set([
  'who',
  'which',
  'what',
  'how',
  'when',
  'where',
  'may',
  'can',
  'should',
  'and',
  'the',
  'a',
  'an',
  'of',
  'to',
  'for',
  'with',
  'is',
  'are',
  'do',
  'does',
  'i',
  'we',
  'our',
  'my',
  'responsible',
  'signs',
  'sign',
  'decides',
  'decide',
  'in',
  'on',
  'at',
  'from',
  'by',
  'about',
  'help',
  'visit',
  'adopts',
  'approve',
  'approves',
  'have',
  'has',
  'it',
  'be',
  'allowed',
]);

/** Guesses whether a message is Swedish or English from its words; the locale breaks ties. */
export function detectLanguage(text: string, locale?: string): Language {
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  let sv = SWEDISH_LETTERS.test(text) ? 1 : 0;
  let en = 0;
  for (const word of words) {
    if (SWEDISH_WORDS.has(word)) sv += 1;
    if (ENGLISH_WORDS.has(word)) en += 1;
  }
  if (sv > en) return 'sv';
  if (en > sv) return 'en';
  return locale?.toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

/** The language to use for command replies (visit, digest, help) in this turn. */
export function turnLanguage(turn: Turn, word?: string): Language {
  if (word && ['besök', 'hjälp'].includes(word)) return 'sv';
  return turn.locale?.toLowerCase().startsWith('sv') ? 'sv' : 'en';
}
