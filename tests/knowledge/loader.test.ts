import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/knowledge/answer.js';
import { readQuestion } from '../../src/knowledge/question.js';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';
import { loadKnowledgeIndex } from '../../src/knowledge/service.js';
import { parseBlocks, splitFrontMatter } from '../../src/knowledge/markdown.js';
import { bundledKnowledgeDir, copyOfKnowledge } from './support/knowledge.js';

function problemsAfter(change: (dir: string) => void): string[] {
  const dir = copyOfKnowledge();
  change(dir);
  const result = loadKnowledge(dir);
  expect(result.knowledge).toBeUndefined();
  return result.problems.map((p) =>
    formatProblem({ ...p, file: relative(dir, join(process.cwd(), p.file)) }),
  );
}

const edit = (path: string, from: string | RegExp, to: string) =>
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));

/** 1-based line of the first line of `path` that starts with `start`. */
function lineOf(path: string, start: string): number {
  const index = readFileSync(path, 'utf8')
    .split('\n')
    .findIndex((l) => l.startsWith(start));
  expect(index, `${path}: no line starts with '${start}'`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('knowledge validation (file:line: problem)', () => {
  it('loads the bundled knowledge without problems', () => {
    const result = loadKnowledge(copyOfKnowledge());
    expect(result.problems).toEqual([]);
    expect(result.knowledge?.organisations.map((o) => o.organisation.id)).toEqual([
      'jonkopings-kommun',
      'landstinget-i-varmland',
      'landstinget-vasternorrland',
      'region-jonkopings-lan',
      'region-kronoberg',
    ]);
  });

  it('reports YAML syntax errors at the exact line', () => {
    const orgFile = (dir: string) => join(dir, 'region-kronoberg', 'organisation.yaml');
    const kindLine = lineOf(orgFile(bundledKnowledgeDir), 'kind: region');
    // A nested mapping on the kind line, and a key given twice further down.
    expect(problemsAfter((dir) => edit(orgFile(dir), 'kind: region', 'kind: region: county'))).toEqual([
      `region-kronoberg/organisation.yaml:${kindLine}: YAML: Nested mappings are not allowed in compact mappings`,
    ]);
    const lastLine = readFileSync(orgFile(bundledKnowledgeDir), 'utf8').trimEnd().split('\n').length;
    expect(problemsAfter((dir) => edit(orgFile(dir), /\n*$/, '\nname: Region Kronoberg again\n'))).toEqual([
      `region-kronoberg/organisation.yaml:${lastLine + 1}: YAML: Map keys must be unique`,
    ]);
    // An unclosed flow sequence is noticed where the next line starts.
    expect(problemsAfter((dir) => edit(orgFile(dir), 'kind: region', 'kind: [region'))).toEqual([
      expect.stringMatching(
        new RegExp(`^region-kronoberg/organisation\\.yaml:${kindLine + 1}: YAML: Flow sequence`),
      ),
    ]);
  });

  it('reports YAML syntax errors in front matter at their line in the document', () => {
    const doc = (dir: string) => join(dir, 'jonkopings-kommun', 'internationell-strategi.md');
    const line = lineOf(doc(bundledKnowledgeDir), 'documentType: strategi');
    expect(line).toBeGreaterThan(2);
    expect(
      problemsAfter((dir) => edit(doc(dir), 'documentType: strategi', 'documentType: strategi: plan')),
    ).toEqual([
      `jonkopings-kommun/internationell-strategi.md:${line}: YAML: Nested mappings are not allowed in compact mappings`,
    ]);
  });

  it('reports schema problems at the line of the field', () => {
    const problems = problemsAfter((dir) =>
      edit(join(dir, 'region-kronoberg', 'organisation.yaml'), 'kind: region', 'kind: Country!'),
    );
    const line = lineOf(join(bundledKnowledgeDir, 'region-kronoberg', 'organisation.yaml'), 'kind:');
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(`^region-kronoberg/organisation\\.yaml:${line}: kind: must be lower-case letters`),
      ),
    ]);
  });

  it('reports front matter problems at their line in the document', () => {
    const problems = problemsAfter((dir) => {
      const doc = join(dir, 'jonkopings-kommun', 'internationell-strategi.md');
      edit(doc, 'documentType: strategi', 'documentType: strategi\nowner: someone');
      edit(doc, /^source: .*$/m, '');
    });
    expect(problems).toContain("jonkopings-kommun/internationell-strategi.md:5: unknown field(s) 'owner'");
    expect(
      problems.some((p) =>
        /^jonkopings-kommun\/internationell-strategi\.md:\d+: source: is required$/.test(p),
      ),
    ).toBe(true);
  });

  it('reports a document that belongs to another organisation, missing front matter and missing files', () => {
    expect(
      problemsAfter((dir) =>
        edit(
          join(dir, 'region-kronoberg', 'internationell-strategi.md'),
          'organisation: region-kronoberg',
          'organisation: jonkopings-kommun',
        ),
      ),
    ).toEqual([
      "region-kronoberg/internationell-strategi.md:3: organisation 'jonkopings-kommun' does not match the folder 'region-kronoberg'",
    ]);
    expect(
      problemsAfter((dir) =>
        writeFileSync(join(dir, 'region-kronoberg', 'notes.md'), '# Notes\n\nSome text.\n'),
      ),
    ).toEqual([
      'region-kronoberg/notes.md:1: missing front matter (--- title, organisation, documentType, source ---)',
    ]);
    expect(
      problemsAfter((dir) =>
        writeFileSync(join(dir, 'region-kronoberg', 'broken.md'), '---\ntitle: x\n# never closed\n'),
      ),
    ).toEqual([
      'region-kronoberg/broken.md:1: front matter starts with --- but never ends (add a closing --- line)',
    ]);
    expect(
      problemsAfter((dir) => {
        mkdirSync(join(dir, 'region-gotland'));
        writeFileSync(join(dir, 'region-gotland', 'policy.md'), '---\ntitle: x\n---\n# X\n\nText.\n');
      }),
    ).toEqual(['region-gotland:1: missing organisation.yaml (every organisation folder needs one)']);
    expect(problemsAfter((dir) => rmSync(join(dir, 'vocabulary.yaml')))).toEqual([
      'vocabulary.yaml:1: file not found',
    ]);
  });

  it('reports an organisation id that differs from its folder and duplicate vocabulary concepts', () => {
    expect(
      problemsAfter((dir) =>
        edit(
          join(dir, 'region-kronoberg', 'organisation.yaml'),
          'id: region-kronoberg',
          'id: region-kronobergs',
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^region-kronoberg\/organisation\.yaml:\d+: id 'region-kronobergs' must equal the folder name 'region-kronoberg'$/,
      ),
    ]);
    const problems = problemsAfter((dir) =>
      edit(join(dir, 'vocabulary.yaml'), '  - id: partner\n', '  - id: sign\n'),
    );
    expect(problems).toEqual([expect.stringMatching(/^vocabulary\.yaml:\d+: duplicate concept id 'sign'$/)]);
  });
});

describe('provenance, kinds of organisation and citations', () => {
  it('warns, without failing, when adoptedBy, adoptionDate or reference is missing and no note says why', () => {
    expect(loadKnowledge(copyOfKnowledge()).warnings).toEqual([]);
    const dir = copyOfKnowledge();
    const doc = join(dir, 'jonkopings-kommun', 'internationell-strategi.md');
    edit(doc, /^reference: .*\n/m, '');
    edit(doc, /^adoptedBy: .*\n/m, 'notes:\n  adoptedBy: The source names no body.\n');
    const result = loadKnowledge(dir);
    expect(result.problems).toEqual([]);
    expect(result.knowledge).toBeDefined();
    const warnings = result.warnings.map((p) =>
      formatProblem({ ...p, file: relative(dir, join(process.cwd(), p.file)) }),
    );
    expect(warnings).toEqual([
      'jonkopings-kommun/internationell-strategi.md:1: front matter has no reference: add it from the source, or say why the source has none under notes.reference',
    ]);
  });

  it('warns when a note explains a field that is given', () => {
    const dir = copyOfKnowledge();
    edit(
      join(dir, 'jonkopings-kommun', 'internationell-strategi.md'),
      /^reference: .*$/m,
      '$&\nnotes:\n  reference: none',
    );
    expect(loadKnowledge(dir).warnings.map((w) => w.message)).toEqual([
      'notes.reference explains a missing reference, but reference is given: remove one of them',
    ]);
  });

  it('takes the kinds of organisation from language.yaml kindWords, and reports a kind defined nowhere at its line', () => {
    const dir = copyOfKnowledge();
    edit(
      join(dir, 'language.yaml'),
      /^kindWords:\n/m,
      'kindWords:\n  city-district: [stadsdel, stadsdelen, city district]\n',
    );
    const orgFile = join(dir, 'region-kronoberg', 'organisation.yaml');
    edit(orgFile, 'kind: region', 'kind: city-district');
    const loaded = loadKnowledge(dir);
    expect(loaded.problems).toEqual([]);
    expect(
      loaded.knowledge!.organisations.find((o) => o.organisation.id === 'region-kronoberg')!.organisation
        .kind,
    ).toBe('city-district');
    expect(loadKnowledgeIndex(dir).organisationById.get('region-kronoberg')!.kind).toBe('city-district');

    const line = lineOf(orgFile, 'kind:');
    expect(
      problemsAfter((d) =>
        edit(join(d, 'region-kronoberg', 'organisation.yaml'), 'kind: region', 'kind: canton'),
      ),
    ).toEqual([
      `region-kronoberg/organisation.yaml:${line}: kind 'canton' is not defined in language.yaml kindWords (defined: municipality, region, county-council)`,
    ]);
  });

  it('the vocabulary maps "partner agreement" to partneravtal explicitly, not only through compound splitting', () => {
    const concepts = loadKnowledge(bundledKnowledgeDir).knowledge!.vocabulary.concepts;
    const agreement = concepts.find((c) => c.en.includes('agreement'));
    expect(agreement?.sv).toContain('partneravtal');
    // The English question reads as partner + agreement, and the agreement unit searches for partneravtal itself.
    const index = loadKnowledgeIndex(bundledKnowledgeDir);
    const units = readQuestion('Who signs partner agreements?', index.reader).units;
    const stem = index.reader.analyzer.analyzeWord('partneravtal').stem;
    expect(units.find((u) => u.label === 'agreements')?.alternatives).toContainEqual({
      terms: [stem],
      weight: 1,
    });
  });

  it('cites knowledge/<path in KNOWLEDGE_DIR>:<line> wherever the folder is mounted', () => {
    const parent = mkdtempSync(join(tmpdir(), 'ansvar-mounted-'));
    try {
      const dir = join(parent, 'srv-policies');
      cpSync(bundledKnowledgeDir, dir, { recursive: true });
      const answer = answerQuestion(loadKnowledgeIndex(dir), 'who signs partner agreements?', {
        org: 'region-jonkopings-lan',
      });
      expect(answer.answers[0]?.source).toMatch(
        /^knowledge\/region-jonkopings-lan\/internationell-policy\.md:\d+$/,
      );
      expect(
        loadKnowledge(dir).knowledge!.organisations.flatMap((o) => o.documents.map((d) => d.path)),
      ).toContain('knowledge/region-kronoberg/internationell-strategi.md');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('markdown structure', () => {
  it('restores headings, bullets, continuation paragraphs and line numbers', () => {
    const source =
      '---\ntitle: T\n---\n\n# Titel\n\n## Ansvar\n\n- första\n  fortsättning\n\n  nytt stycke i samma punkt\n- andra *betonad*\n\nEtt stycke\növer två rader.\n';
    const split = splitFrontMatter(source);
    expect(split.frontMatter).toBe('title: T');
    expect(parseBlocks(split.body, split.bodyLine)).toEqual([
      { kind: 'heading', level: 1, text: 'Titel', line: 5 },
      { kind: 'heading', level: 2, text: 'Ansvar', line: 7 },
      { kind: 'bullet', text: 'första fortsättning nytt stycke i samma punkt', line: 9 },
      { kind: 'bullet', text: 'andra betonad', line: 13 },
      { kind: 'paragraph', text: 'Ett stycke över två rader.', line: 15 },
    ]);
  });
});
