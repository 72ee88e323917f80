import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge, type LoadedOrganisation } from '../../src/knowledge/loader.js';
import { bundledIndex, bundledKnowledgeDir, copyOfKnowledge, fixturesDir } from './support/knowledge.js';

/**
 * The knowledge files keep the policy wording verbatim, compared with layout removed (line breaks,
 * bullet markers, markdown emphasis) against the received text (copied to fixtures/policies/ from
 * shared/policies/), in both directions: every heading, paragraph, bullet and quote of the knowledge
 * files occurs in the received text, and the received text, minus the debris listed in SOURCE_EDITS,
 * is word for word the knowledge files' text in the same order (nothing dropped, moved or added).
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

const ORGANISATIONS = [
  'region-jonkopings-lan',
  'region-kronoberg',
  'landstinget-i-varmland',
  'jonkopings-kommun',
  'landstinget-vasternorrland',
];
const sourceLines = new Map(
  ORGANISATIONS.map((id) => [id, readFileSync(`${fixturesDir}policies/${id}.txt`, 'utf8').split(/\r?\n/)]),
);
const sources = new Map(ORGANISATIONS.map((id) => [id, normalise(sourceLines.get(id)!.join('\n'))]));

/** A deliberate difference between the received text and the knowledge files. */
interface SourceEdit {
  /** 1-based lines of fixtures/policies/<org>.txt. */
  lines: number[];
  /** Their text, layout removed, joined by spaces (checked, so the list cannot drift from the fixture). */
  text: string;
  /** What the knowledge files have in their place; left out when the lines were removed. */
  becomes?: string;
  /** The front matter field the removed lines went to. */
  movedTo?: 'appliesTo';
  why: string;
}

/** Every place where the knowledge files differ from the received text on purpose: page debris and layout repairs. */
const SOURCE_EDITS: Record<string, SourceEdit[]> = {
  'jonkopings-kommun': [
    {
      lines: [3, 4, 5, 6],
      text: 'kommunfullmäktige kommunstyrelsen övriga nämnder förvaltning',
      movedTo: 'appliesTo',
      why: 'the document\'s "applies to" list, printed above its title',
    },
  ],
  'landstinget-vasternorrland': [{ lines: [104], text: 'Landstinget Västernorrland', why: 'page footer' }],
  'region-jonkopings-lan': [
    {
      lines: [11, 13],
      text: 'RJL2015 Beslut /1943',
      becomes: 'RJL2015/1943 Beslut',
      why: 'the diary number, split around the "Beslut" heading by the PDF extraction',
    },
    {
      lines: [46, 48],
      text: 'Regionstyrelsens arbetsutskott §§ 171-186 Tid: 2015-11-02, kl 13:00-15:30',
      why: 'the minutes header repeated at the top of the second page',
    },
    {
      lines: [58, 60, 62],
      text: 'Regionledningskontoret Regionstyrelsen Internationell policy',
      becomes: 'Internationell policy Regionledningskontoret Regionstyrelsen',
      why: "the proposal's title, printed below its letterhead, is its first heading",
    },
  ],
};

interface Word {
  word: string;
  /** `line N` of the received text, or `knowledge/…md:N`. */
  at: string;
}

const words = (text: string, at: string): Word[] =>
  normalise(text)
    .split(' ')
    .filter(Boolean)
    .map((word) => ({ word, at }));

/** The received text as words, with SOURCE_EDITS applied; fails when an edit no longer matches its lines. */
function editedSourceWords(orgId: string): Word[] {
  const lines = [...sourceLines.get(orgId)!];
  for (const edit of SOURCE_EDITS[orgId] ?? []) {
    expect(
      normalise(edit.lines.map((n) => lines[n - 1] ?? '').join('\n')),
      `${orgId} lines ${edit.lines.join(', ')}`,
    ).toBe(edit.text);
    edit.lines.forEach((n, i) => (lines[n - 1] = i === 0 ? (edit.becomes ?? '') : ''));
  }
  return lines.flatMap((line, i) => words(line, `line ${i + 1}`));
}

/** The organisation's documents in the order the received text has them, as words. */
function knowledgeWords(organisation: LoadedOrganisation, source: string): Word[] {
  const start = (blocks: { text: string }[]) => source.indexOf(normalise(blocks[0]?.text ?? ''));
  return [...organisation.documents]
    .sort((a, b) => start(a.blocks) - start(b.blocks))
    .flatMap((document) =>
      document.blocks.flatMap((block) => words(block.text, `${document.path}:${block.line}`)),
    );
}

/** Where the two word sequences first differ, described for a test failure; undefined when they are the same. */
function firstDivergence(source: Word[], knowledge: Word[]): string | undefined {
  const excerpt = (list: Word[], from: number) =>
    `"${list
      .slice(from, from + 12)
      .map((w) => w.word)
      .join(' ')}"`;
  const length = Math.max(source.length, knowledge.length);
  for (let i = 0; i < length; i += 1) {
    const s = source[i];
    const k = knowledge[i];
    if (s && k && s.word === k.word) continue;
    if (!k)
      return `the received text goes on at ${s!.at}: ${excerpt(source, i)}, missing from the knowledge files`;
    if (!s) return `${k.at} has text after the end of the received text: ${excerpt(knowledge, i)}`;
    return `the received text at ${s.at} has ${excerpt(source, i)}, but ${k.at} has ${excerpt(knowledge, i)}`;
  }
  return undefined;
}

describe('verbatim policy text', () => {
  const knowledge = loadKnowledge(bundledKnowledgeDir).knowledge!;

  for (const { organisation, documents } of knowledge.organisations) {
    it(`${organisation.id}: every heading, paragraph and bullet is in the received text`, () => {
      const source = sources.get(organisation.id)!;
      const missing: string[] = [];
      for (const document of documents) {
        for (const block of document.blocks) {
          const fragments = LAYOUT_REPAIRS.get(block.text) ?? [block.text];
          if (!fragments.every((f) => source.includes(normalise(f))))
            missing.push(`${document.path}:${block.line}: ${block.text}`);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  for (const organisation of knowledge.organisations) {
    it(`${organisation.organisation.id}: the received text, minus the listed debris, is the knowledge text in order`, () => {
      const id = organisation.organisation.id;
      expect(
        firstDivergence(editedSourceWords(id), knowledgeWords(organisation, sources.get(id)!)),
      ).toBeUndefined();
    });
  }

  it('lists every edit with its reason; moved lines are in the front matter', () => {
    for (const [orgId, edits] of Object.entries(SOURCE_EDITS)) {
      const documents = knowledge.organisations.find((o) => o.organisation.id === orgId)!.documents;
      for (const edit of edits) {
        expect(edit.why.length, `${orgId} lines ${edit.lines.join(', ')}`).toBeGreaterThan(10);
        if (edit.movedTo)
          expect(documents.some((d) => d.frontMatter[edit.movedTo!]?.join(' ') === edit.text)).toBe(true);
      }
    }
  });

  it('notices a dropped paragraph, reordered bullets and added text', () => {
    const check = (change: (dir: string) => void, orgId: string) => {
      const dir = copyOfKnowledge();
      change(dir);
      const organisation = loadKnowledge(dir).knowledge!.organisations.find(
        (o) => o.organisation.id === orgId,
      )!;
      return firstDivergence(editedSourceWords(orgId), knowledgeWords(organisation, sources.get(orgId)!));
    };
    const edit = (path: string, change: (text: string) => string) =>
      writeFileSync(path, change(readFileSync(path, 'utf8')));
    const kronoberg = (dir: string) => join(dir, 'region-kronoberg', 'internationell-strategi.md');
    const vasternorrland = (dir: string) =>
      join(dir, 'landstinget-vasternorrland', 'internationell-policy.md');

    expect(
      check(
        (dir) =>
          edit(kronoberg(dir), (t) =>
            t.replace(/^Regionfullmäktige beslutar om den internationella strategin\.\n\n/m, ''),
          ),
        'region-kronoberg',
      ),
    ).toMatch(
      /^the received text at line 71 has "Regionfullmäktige beslutar om den internationella strategin\. Regionstyrelsen/,
    );
    expect(
      check(
        (dir) =>
          edit(vasternorrland(dir), (t) =>
            t.replace(
              /^(- etablera goda kontakter med vår omvärld)\n(- stimulera internationellt kulturutbyte)$/m,
              '$2\n$1',
            ),
          ),
        'landstinget-vasternorrland',
      ),
    ).toMatch(/^the received text at line \d+ has "etablera goda kontakter/);
    expect(
      check(
        (dir) => edit(kronoberg(dir), (t) => `${t.trimEnd()}\n\nEn tillagd mening.\n`),
        'region-kronoberg',
      ),
    ).toMatch(
      /internationell-strategi\.md:\d+ has text after the end of the received text: "En tillagd mening\."/,
    );
  });

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
    const texts = bundledIndex()
      .passages.map((p) => p.text)
      .join(' ');
    for (const typo of [
      'åiterrapportering',
      'Arbetsätt',
      'måloffyllelse',
      'informations spridning',
      'Alkohol fria',
    ]) {
      expect(all).toContain(typo);
      expect(
        texts +
          bundledIndex()
            .passages.map((p) => p.section)
            .join(' '),
      ).toContain(typo);
    }
  });

  it('cites the policy, not the minutes, for Region Jönköpings län', () => {
    const answer = bundledIndex();
    const policy = answer.documents.find((d) =>
      d.path.endsWith('region-jonkopings-lan/internationell-policy.md'),
    )!;
    expect(policy.title).toBe('Internationell policy för Region Jönköpings län');
    expect(policy.frontMatter).toMatchObject({
      adoptionDate: '2015-11-02',
      reference: '§ 181, RJL2015/1943',
      role: 'policy',
    });
    const minutes = answer.documents.find((d) =>
      d.path.endsWith('region-jonkopings-lan/protokoll-och-forslag.md'),
    )!;
    expect(minutes.frontMatter.role).toBe('context');
  });
});
