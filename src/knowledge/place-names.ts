import { foldDiacritics } from './text.js';

/**
 * One-word country names in English and Swedish ("germany", "tyskland"), folded, from the ICU data
 * Node ships. A country the policies never name is an instance in a question ("a twin town in
 * Germany"), not its topic, so it should not count as a word the policies do not cover.
 */
let cached: ReadonlySet<string> | undefined;

/** Is the folded word a one-word country name? (The names are read from ICU on first use, once.) */
export function isCountryName(folded: string): boolean {
  cached ??= countryNames();
  return cached.has(folded);
}

function countryNames(): ReadonlySet<string> {
  const names = new Set<string>();
  const displays = ['en', 'sv'].map((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = `${first}${second}`;
      for (const display of displays) {
        let name: string | undefined;
        try {
          name = display.of(code);
        } catch {
          name = undefined;
        }
        // ICU answers an unknown code with the code itself.
        if (!name || name === code || /\s/.test(name)) continue;
        names.add(foldDiacritics(name.toLowerCase()));
      }
    }
  }
  return names;
}
