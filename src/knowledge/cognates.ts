/**
 * English words that the vocabulary does not list are often cognates of Swedish policy words
 * ("aspects" ~ aspekter, "competence" ~ kompetens, "political" ~ politisk, "priority" ~ prioritet).
 * The English word loses its inflection, takes the Swedish form of common Latin suffixes, and both
 * sides are rewritten to a rough common spelling; words that share most of their beginning match.
 * This lets an English question reach Swedish text without a vocabulary entry for every word.
 */

const MIN_PREFIX = 5;
/** The shared beginning must be most of the longer word: a compound ("kompetensutveckling") is not a cognate of its first part. */
const PREFIX_SHARE = 0.75;

/** English inflections, longest first; `ies` becomes `y`. */
const INFLECTIONS: readonly [string, string][] = [
  ['ies', 'y'],
  ['ings', ''],
  ['ing', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
];

/** English suffixes and their usual Swedish counterparts (national → nationell, priority → prioritet). */
const SUFFIXES: readonly [RegExp, string[]][] = [
  [/ical$/, ['isk']],
  [/ic$/, ['isk']],
  [/al$/, ['al', 'ell']],
  [/ity$/, ['itet']],
  [/ive$/, ['iv']],
  [/ence$/, ['ens']],
  [/ance$/, ['ans']],
  [/i[sz]e$/, ['isera']],
];

/** Rewrites a lower-case, diacritic-folded word to the shared rough spelling. */
export function cognateForm(word: string): string {
  return word
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/qu/g, 'kv')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/ou/g, 'u')
    .replace(/(.)\1/g, '$1')
    .replace(/e$/, '');
}

/** The shared spellings an English word may have in Swedish. */
export function englishCognateForms(word: string): string[] {
  let base = word;
  for (const [ending, replacement] of INFLECTIONS) {
    if (base.endsWith(ending) && base.length - ending.length >= MIN_PREFIX) {
      base = base.slice(0, -ending.length) + replacement;
      break;
    }
  }
  const variants = new Set([base]);
  for (const [suffix, swedish] of SUFFIXES) {
    if (suffix.test(base)) for (const ending of swedish) variants.add(base.replace(suffix, ending));
  }
  return [...new Set([...variants].map(cognateForm))];
}

function sharedPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let n = 0;
  while (n < limit && a[n] === b[n]) n += 1;
  return n;
}

export function areCognates(englishForm: string, swedishForm: string): boolean {
  const shared = sharedPrefix(englishForm, swedishForm);
  return shared >= MIN_PREFIX && shared > PREFIX_SHARE * Math.max(englishForm.length, swedishForm.length);
}

export interface CognateIndex {
  /** Swedish index terms that the English word is a cognate of. */
  find(word: string): string[];
}

/** Indexes Swedish terms (stems) by the first letters of their shared spelling. */
export function createCognateIndex(swedishTerms: Iterable<string>): CognateIndex {
  const byPrefix = new Map<string, { term: string; form: string }[]>();
  for (const term of swedishTerms) {
    if (term.length < MIN_PREFIX || !/^[a-z]+$/.test(term)) continue;
    const form = cognateForm(term);
    const key = form.slice(0, MIN_PREFIX);
    const list = byPrefix.get(key) ?? [];
    list.push({ term, form });
    byPrefix.set(key, list);
  }
  const cache = new Map<string, string[]>();
  return {
    find(word) {
      let found = cache.get(word);
      if (found) return found;
      const terms = new Set<string>();
      for (const form of englishCognateForms(word.toLowerCase())) {
        if (form.length < MIN_PREFIX) continue;
        for (const candidate of byPrefix.get(form.slice(0, MIN_PREFIX)) ?? []) {
          if (areCognates(form, candidate.form)) terms.add(candidate.term);
        }
      }
      found = [...terms];
      cache.set(word, found);
      return found;
    },
  };
}
