import { describe, expect, it } from 'vitest';
import { knowledgeServiceFor } from '../../src/knowledge/service.js';
import { bundledIndex } from './support/knowledge.js';

const knowledge = knowledgeServiceFor(bundledIndex);

describe('passage search', () => {
  it('finds an organisation’s reporting rule in its own policy', () => {
    const kronoberg = knowledge.search('återrapportering internationella möten besök hemkomsten', {
      org: 'region-kronoberg',
      limit: 3,
    });
    expect(kronoberg[0]!.text).toContain('sker vid styrelsesammanträdet närmast hemkomsten');
    expect(kronoberg.every((hit) => hit.orgId === 'region-kronoberg')).toBe(true);
    const rjl = knowledge.search('report study trips and visits', { org: 'region-jonkopings-lan', limit: 3 });
    expect(rjl[0]!.text).toContain('redovisas årligen till regionstyrelsen');
    expect(rjl[0]!.source).toMatch(/^knowledge\/region-jonkopings-lan\/internationell-policy\.md:\d+$/);
  });

  it('ranks by score, honours the limit and returns nothing for a query without words', () => {
    const hits = knowledge.search('vänorter', { limit: 4 });
    expect(hits).toHaveLength(4);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(knowledge.search('?!')).toEqual([]);
  });

  it('lists the organisations and counts', () => {
    expect(knowledge.organizations()).toContainEqual({ id: 'region-kronoberg', name: 'Region Kronoberg' });
    expect(knowledge.stats()).toMatchObject({ organizations: 5, documents: 6 });
  });
});
