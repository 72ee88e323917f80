import type { Language } from '../core/language.js';
import { foldText } from './text.js';

/**
 * ISO 3166-1 alpha-2 countries with English and Swedish names, from the ICU data Node ships
 * (`Intl.DisplayNames`), so no name list has to be maintained here.
 */

export interface Country {
  code: string;
  en: string;
  sv: string;
}

/** Region codes ICU knows that are not ISO 3166-1 countries (unions, test codes, reserved islands). */
const NOT_COUNTRIES = new Set([
  'AC',
  'CP',
  'CQ',
  'DG',
  'EA',
  'EU',
  'EZ',
  'IC',
  'QO',
  'TA',
  'UN',
  'XA',
  'XB',
  'ZZ',
]);

/** Names people write that ICU does not list (folded: lower case, no diacritics). */
const ALIASES: Record<string, string> = {
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  skottland: 'GB',
  nordirland: 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  usa: 'US',
  'united states of america': 'US',
  amerika: 'US',
  'forenta staterna': 'US',
  holland: 'NL',
  'the netherlands': 'NL',
  'czech republic': 'CZ',
  'tjeckiska republiken': 'CZ',
  turkey: 'TR',
  'south korea': 'KR',
  korea: 'KR',
  russia: 'RU',
  vitryssland: 'BY',
  'bosnia and herzegovina': 'BA',
  bosnia: 'BA',
  bosnien: 'BA',
  macedonia: 'MK',
  makedonien: 'MK',
  'ivory coast': 'CI',
  vatican: 'VA',
  vatikanen: 'VA',
  moldavia: 'MD',
};

function buildCountries(): Country[] {
  const en = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const sv = new Intl.DisplayNames('sv', { type: 'region', fallback: 'none' });
  const result: Country[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      const nameEn = en.of(code);
      if (!nameEn) continue;
      // Deprecated codes (UK, SU, YU, …) canonicalise to another region: not current ISO codes.
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      result.push({ code, en: nameEn, sv: sv.of(code) ?? nameEn });
    }
  }
  return result;
}

export const COUNTRIES: readonly Country[] = buildCountries();

const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));
const byName = new Map<string, string>();
for (const country of COUNTRIES) {
  for (const name of [country.en, country.sv]) {
    byName.set(foldText(name), country.code);
    // "St. Kitts & Nevis" → also "st kitts and nevis"
    byName.set(foldText(name.replace(/&/g, 'and').replace(/\./g, '')), country.code);
    byName.set(foldText(name.replace(/&/g, 'och').replace(/[.:]/g, '')), country.code);
  }
}
for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);

export function countryByCode(code: string): Country | undefined {
  return byCode.get(code.toUpperCase());
}

/** `LT`, `lt`, `Lithuania`, `Litauen` → `LT`; undefined when it names no country. */
export function resolveCountry(text: string): string | undefined {
  const trimmed = text.trim().replace(/\.$/, '');
  if (/^[A-Za-z]{2}$/.test(trimmed) && byCode.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return byName.get(foldText(trimmed));
}

/** Is the word a country's name ("Tyskland", "germany", "holland"), not just a two-letter code? */
export function isCountryName(word: string): boolean {
  return byName.has(foldText(word));
}

export function countryName(code: string, language: Language): string {
  const country = byCode.get(code);
  if (!country) return code;
  return language === 'sv' ? country.sv : country.en;
}

/** Countries as select options, sorted by name in the given language. */
export function countryOptions(language: Language): { value: string; label: string }[] {
  const collator = new Intl.Collator(language === 'sv' ? 'sv' : 'en');
  return COUNTRIES.map((c) => ({
    value: c.code,
    label: `${language === 'sv' ? c.sv : c.en} (${c.code})`,
  })).sort((a, b) => collator.compare(a.label, b.label));
}
