import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReportingRule, pickReportingSentence, sentences } from '../../src/digest/reporting-rule.js';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/service.js';
import { repoRoot } from '../support/server.js';
import { fakeKnowledge, silentLog } from './helpers.js';

describe('reporting rules from the real knowledge base', () => {
  let knowledge: KnowledgeService;
  beforeAll(async () => {
    knowledge = await createKnowledgeService({ dir: `${repoRoot}knowledge`, log: silentLog });
  });
  afterAll(async () => {
    await knowledge.close();
  });

  it('quotes Region Kronoberg and Region Jönköpings län verbatim, with the cited line', () => {
    const kronoberg = findReportingRule(knowledge, 'region-kronoberg');
    expect(kronoberg?.quote).toMatch(
      /^Löpande .*rapportering av deltagande vid internationella möten .* sker vid styrelsesammanträdet närmast hemkomsten\/händelsen\.$/,
    );
    expect(kronoberg?.source).toMatch(/^knowledge\/region-kronoberg\/internationell-strategi\.md:\d+$/);
    const jonkoping = findReportingRule(knowledge, 'region-jonkopings-lan');
    expect(jonkoping?.quote).toBe(
      'Det internationella arbetet, inklusive projekt, studieresor, inkomna besök med mera, redovisas årligen till regionstyrelsen.',
    );
    expect(jonkoping?.organization).toBe('Region Jönköpings län');
    for (const rule of [kronoberg, jonkoping]) {
      const passage = knowledge
        .search(rule!.quote, { org: rule!.orgId, limit: 3 })
        .find((hit) => hit.source === rule!.source);
      expect(passage?.text.replace(/\s+/g, ' ')).toContain(rule!.quote);
    }
  });

  it('quotes nothing for an organisation whose policy has no such rule', () => {
    expect(findReportingRule(knowledge, 'landstinget-i-varmland')).toBeUndefined();
    expect(findReportingRule(knowledge, 'no-such-org')).toBeUndefined();
  });
});

describe('picking the reporting sentence', () => {
  it('splits passages into sentences without changing their words', () => {
    expect(sentences('Första meningen.  Andra\nmeningen! 3 saker? Slut')).toEqual([
      'Första meningen.',
      'Andra meningen!',
      '3 saker?',
      'Slut',
    ]);
  });

  it('needs both a reporting word and a meeting/visit word, and prefers more of the latter', () => {
    const passage = (text: string, rank = 0) => ({
      text,
      organization: 'O',
      document: 'D',
      section: 'S',
      source: 's:1',
      rank,
    });
    expect(
      pickReportingSentence([passage('Rapporten om budgeten lämnas i mars. Resor bokas centralt.')]),
    ).toBeUndefined();
    expect(
      pickReportingSentence([
        passage('Projektet återrapporterar till uppdragsgivaren efter varje resa.'),
        passage('Deltagande i möten och besök redovisas vid hemkomsten.', 1),
      ])?.quote,
    ).toBe('Deltagande i möten och besök redovisas vid hemkomsten.');
  });

  it('remembers a lookup per knowledge base', () => {
    let searches = 0;
    const base = fakeKnowledge([
      { orgId: 'a', organization: 'A', text: 'Möten återrapporteras till nämnden.' },
    ]);
    const counting: KnowledgeService = { ...base, search: (q, o) => (searches++, base.search(q, o)) };
    const first = findReportingRule(counting, 'a', 1_000_000);
    expect(findReportingRule(counting, 'a', 1_000_000 + 60_000)).toEqual(first);
    expect(searches).toBe(1);
    findReportingRule(counting, 'a', 1_000_000 + 11 * 60_000);
    expect(searches).toBe(2);
  });
});
