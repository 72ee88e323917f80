import type { Option } from '../../src/core/reply.js';

/** Options whose label or value contains every word of the query (case and accents ignored), best first. */
export function searchOptions(options: readonly Option[], query: string, limit: number, skip = 0): Option[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const scored: { option: Option; rank: number; index: number }[] = [];
  options.forEach((option, index) => {
    const label = fold(option.label);
    const value = fold(option.value);
    if (!words.every((w) => label.includes(w) || value.includes(w))) return;
    const first = words[0] ?? '';
    const rank =
      value === first || label === first ? 0 : label.startsWith(first) || value.startsWith(first) ? 1 : 2;
    scored.push({ option, rank, index });
  });
  scored.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return scored.slice(skip, skip + limit).map((s) => s.option);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[_/]+/g, ' ');
}
