import { createRequire } from 'node:module';
import type * as Snowball from 'snowball-stemmers';

const require = createRequire(import.meta.url);
const snowball = require('snowball-stemmers') as typeof Snowball;

export interface Stemmers {
  sv(word: string): string;
  en(word: string): string;
}

/** Snowball stemmers for Swedish and English (lower-case input). */
export function createStemmers(): Stemmers {
  const swedish = snowball.newStemmer('swedish');
  const english = snowball.newStemmer('english');
  return {
    sv: (word) => (/^\p{N}+$/u.test(word) ? word : swedish.stem(word)),
    en: (word) => (/^\p{N}+$/u.test(word) ? word : english.stem(word)),
  };
}
