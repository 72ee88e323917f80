import { foldText } from './text.js';

export interface Organisation {
  id: string;
  name: string;
}

/** The organisations of the bundled knowledge (architecture doc); the knowledge service may add more. */
export const BUNDLED_ORGANISATIONS: readonly Organisation[] = [
  { id: 'region-jonkopings-lan', name: 'Region Jönköpings län' },
  { id: 'region-kronoberg', name: 'Region Kronoberg' },
  { id: 'landstinget-i-varmland', name: 'Landstinget i Värmland' },
  { id: 'jonkopings-kommun', name: 'Jönköpings kommun' },
  { id: 'landstinget-vasternorrland', name: 'Landstinget Västernorrland' },
];

/** The bundled organisations plus any the knowledge base knows, by id. */
export function mergeOrganisations(extra: readonly Organisation[]): Organisation[] {
  const byId = new Map(BUNDLED_ORGANISATIONS.map((o) => [o.id, o]));
  for (const org of extra) if (!byId.has(org.id)) byId.set(org.id, { id: org.id, name: org.name });
  return [...byId.values()];
}

/**
 * `region-kronoberg`, `Region Kronoberg` or an unambiguous part of a name (`kronoberg`, `värmland`)
 * → the organisation id; `ambiguous` lists the candidates when several match.
 */
export function resolveOrganisation(
  text: string,
  organisations: readonly Organisation[],
): { id: string } | { ambiguous: string[] } | undefined {
  const wanted = foldText(text).replace(/\s+/g, '-');
  if (!wanted) return undefined;
  const exact = organisations.find(
    (o) => o.id === wanted || foldText(o.name).replace(/\s+/g, '-') === wanted,
  );
  if (exact) return { id: exact.id };
  const partial = organisations.filter((o) => o.id.includes(wanted));
  if (partial.length === 1) return { id: partial[0]!.id };
  if (partial.length > 1) return { ambiguous: partial.map((o) => o.id) };
  return undefined;
}
