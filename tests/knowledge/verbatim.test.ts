import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { bundledIndex, bundledKnowledgeDir, fixturesDir } from './support/knowledge.js';

/**
 * The knowledge files keep the policy wording verbatim: every heading, paragraph, bullet and quote
 * must occur in the received text (copied to fixtures/policies/ from shared/policies/), compared
 * with layout removed (line breaks, bullet markers, markdown emphasis).
 */

const normalise = (text: string) =>
  text
    .replace(/^\s*[-*]\s+/gm, ' ')
    .replace(/^#+\s*/gm, ' ')
    .replace(/\*+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

/** Layout repairs that joined text the PDF extraction had split around a heading: repaired text → the source fragments. */
const LAYOUT_REPAIRS = new Map([['RJL2015/1943', ['RJL2015 Beslut /1943']]]);

const sources = new Map(
  ['region-jonkopings-lan', 'region-kronoberg', 'landstinget-i-varmland', 'jonkopings-kommun', 'landstinget-vasternorrland'].map((id) => [
    id,
    normalise(readFileSync(`${fixturesDir}policies/${id}.txt`, 'utf8')),
  ]),
);

describe('verbatim policy text', () => {
  const knowledge = loadKnowledge(bundledKnowledgeDir).knowledge!;

  for (const { organisation, documents } of knowledge.organisations) {
    it(`${organisation.id}: every heading, paragraph and bullet is in the received text`, () => {
      const source = sources.get(organisation.id)!;
      const missing: string[] = [];
      for (const document of documents) {
        for (const block of document.blocks) {
          const fragments = LAYOUT_REPAIRS.get(block.text) ?? [block.text];
          if (!fragments.every((f) => source.includes(normalise(f)))) missing.push(`${document.path}:${block.line}: ${block.text}`);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  it('every statement quote is verbatim policy text (list intro and item joined by " … ")', () => {
    const index = bundledIndex();
    const missing: string[] = [];
    for (const statement of index.statements) {
      const source = sources.get(statement.orgId)!;
      for (const part of statement.quote.split(' … ')) {
        if (!source.includes(normalise(part))) missing.push(`${statement.orgId}:${statement.line}: ${part}`);
      }
    }
    expect(missing).toEqual([]);
    expect(index.statements.length).toBeGreaterThan(60);
  });

  it('keeps the original typos', () => {
    const all = [...sources.values()].join(' ');
    const texts = bundledIndex().passages.map((p) => p.text).join(' ');
    for (const typo of ['åiterrapportering', 'Arbetsätt', 'måloffyllelse', 'informations spridning', 'Alkohol fria']) {
      expect(all).toContain(typo);
      expect(texts + bundledIndex().passages.map((p) => p.section).join(' ')).toContain(typo);
    }
  });

  it('cites the policy, not the minutes, for Region Jönköpings län', () => {
    const answer = bundledIndex();
    const policy = answer.documents.find((d) => d.path.endsWith('region-jonkopings-lan/internationell-policy.md'))!;
    expect(policy.title).toBe('Internationell policy för Region Jönköpings län');
    expect(policy.frontMatter).toMatchObject({ adoptionDate: '2015-11-02', reference: '§ 181, RJL2015/1943', role: 'policy' });
    const minutes = answer.documents.find((d) => d.path.endsWith('region-jonkopings-lan/protokoll-och-forslag.md'))!;
    expect(minutes.frontMatter.role).toBe('context');
  });
});
