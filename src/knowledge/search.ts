import type { KnowledgeIndex } from './knowledge-index.js';
import { readQuestion } from './question.js';
import { compileQuery, weighUnits } from './scoring.js';
import type { PassageHit } from './service.js';

/** Free-text passage search (the digest looks up reporting rules with it): best passages first. */
export function searchPassages(
  index: KnowledgeIndex,
  query: string,
  options: { org?: string; limit?: number } = {},
): PassageHit[] {
  const analyzed = readQuestion(query.slice(0, 1000), index.reader);
  if (analyzed.units.length === 0) return [];
  const compiled = compileQuery(
    weighUnits(analyzed.units, (t) => index.terms.frequency(t), index.passages.length),
    index.terms,
  );
  const scope = options.org ? [options.org] : analyzed.orgIds.length > 0 ? analyzed.orgIds : undefined;
  const terms = compiled.allTerms().map((id) => index.terms.termOf(id));
  const hits = index.search.search(terms.join(' '), {
    ...(scope
      ? { filter: (result: { id: unknown }) => scope.includes(index.passages[result.id as number]!.orgId) }
      : {}),
  });
  const top = hits[0]?.score ?? 1;
  return hits
    .slice(0, 200)
    .map((hit) => {
      const passage = index.passages[hit.id as number]!;
      const measured = compiled.measure(passage.terms, passage.context);
      const document = index.documents[passage.document]!;
      return {
        orgId: passage.orgId,
        organization: index.organisationById.get(passage.orgId)!.name,
        document: document.title,
        section: passage.section,
        text: passage.text,
        source: `${document.path}:${passage.line}`,
        score: Math.round((measured.coverage * document.weight + 0.05 * (hit.score / top)) * 1000) / 1000,
      };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit ?? 10);
}
