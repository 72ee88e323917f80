import { createMultiPhraseMatcher, type PhraseMatcher } from './phrase-matcher.js';
import type { Token } from './text.js';

/**
 * Finds the organisations a question names ("in Kronoberg", "i Region Jönköpings län", "Jönköping
 * municipality", "RJL"). A name several organisations share ("Jönköping") is resolved by kind words
 * elsewhere in the question (kommun/municipality/city → the municipality; region/län/county → the
 * region); without one it means all of them.
 */

/** A key of language.yaml's kindWords ("region", "municipality", "county-council", …): data, not code. */
export type OrgKind = string;

export interface OrgNames {
  id: string;
  kind: OrgKind;
  names: readonly string[];
  sharedNames: readonly string[];
}

export interface OrgDetection {
  orgIds: string[];
  /** Token indices that belong to organisation names (left out of the question's topic). */
  nameTokens: Set<number>;
}

interface NameValue {
  orgId: string;
  shared: boolean;
}

export interface OrgDetector {
  detect(tokens: readonly Token[], blockers?: readonly { from: number; to: number }[]): OrgDetection;
}

function variants(name: string): string[] {
  const trimmed = name.trim();
  return /s$/i.test(trimmed) ? [trimmed] : [trimmed, `${trimmed}s`];
}

export function createOrgDetector(
  orgs: readonly OrgNames[],
  kindWords: Record<OrgKind, readonly string[]>,
): OrgDetector {
  const entries: { phrase: string; value: NameValue }[] = [];
  for (const org of orgs) {
    for (const name of org.names)
      for (const v of variants(name)) entries.push({ phrase: v, value: { orgId: org.id, shared: false } });
    for (const name of org.sharedNames)
      for (const v of variants(name)) entries.push({ phrase: v, value: { orgId: org.id, shared: true } });
  }
  const names: PhraseMatcher<NameValue[]> = createMultiPhraseMatcher(entries);
  const kinds = createMultiPhraseMatcher(
    (Object.entries(kindWords) as [OrgKind, readonly string[]][]).flatMap(([kind, words]) =>
      words.map((phrase) => ({ phrase, value: kind })),
    ),
  );
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));

  return {
    detect(tokens, blockers = []) {
      const matches = names
        .find(tokens)
        .filter(
          (m) => !blockers.some((b) => b.from <= m.from && b.to >= m.to && b.to - b.from > m.to - m.from),
        );
      const nameTokens = new Set<number>();
      for (const m of matches) for (let i = m.from; i < m.to; i += 1) nameTokens.add(i);
      const rest = tokens.filter((_, i) => !nameTokens.has(i));
      const kindsPresent = new Set(kinds.find(rest).flatMap((m) => m.value));

      const orgIds: string[] = [];
      const add = (id: string) => {
        if (!orgIds.includes(id)) orgIds.push(id);
      };
      for (const match of matches) {
        const definite = match.value.filter((v) => !v.shared);
        if (definite.length > 0) {
          definite.forEach((v) => add(v.orgId));
          continue;
        }
        const candidates = match.value.map((v) => v.orgId);
        const fitting = candidates.filter((id) => kindsPresent.has(kindOf.get(id)!));
        (fitting.length > 0 && fitting.length < candidates.length ? fitting : candidates).forEach(add);
      }
      return { orgIds, nameTokens };
    },
  };
}
