import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';
import { parseBlocks, splitFrontMatter } from '../../src/knowledge/markdown.js';
import { copyOfKnowledge } from './support/knowledge.js';

function problemsAfter(change: (dir: string) => void): string[] {
  const dir = copyOfKnowledge();
  change(dir);
  const result = loadKnowledge(dir);
  expect(result.knowledge).toBeUndefined();
  return result.problems.map((p) => formatProblem({ ...p, file: relative(dir, join(process.cwd(), p.file)) }));
}

const edit = (path: string, from: string | RegExp, to: string) => writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));

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

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsAfter((dir) => edit(join(dir, 'region-kronoberg', 'organisation.yaml'), 'kind: region', 'kind: [region'));
    expect(problems[0]).toMatch(/^region-kronoberg\/organisation\.yaml:\d+: YAML: /);
  });

  it('reports schema problems at the line of the field', () => {
    const problems = problemsAfter((dir) => edit(join(dir, 'region-kronoberg', 'organisation.yaml'), 'kind: region', 'kind: country'));
    const line = readFileSync(join(copyOfKnowledge(), 'region-kronoberg', 'organisation.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('kind:')) + 1;
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^region-kronoberg/organisation\\.yaml:${line}: kind: Invalid enum value`))]);
  });

  it('reports front matter problems at their line in the document', () => {
    const problems = problemsAfter((dir) => {
      const doc = join(dir, 'jonkopings-kommun', 'internationell-strategi.md');
      edit(doc, 'documentType: strategi', 'documentType: strategi\nowner: someone');
      edit(doc, /^source: .*$/m, '');
    });
    expect(problems).toContain('jonkopings-kommun/internationell-strategi.md:5: unknown field(s) \'owner\'');
    expect(problems.some((p) => /^jonkopings-kommun\/internationell-strategi\.md:\d+: source: is required$/.test(p))).toBe(true);
  });

  it('reports a document that belongs to another organisation, missing front matter and missing files', () => {
    expect(
      problemsAfter((dir) => edit(join(dir, 'region-kronoberg', 'internationell-strategi.md'), 'organisation: region-kronoberg', 'organisation: jonkopings-kommun')),
    ).toEqual(["region-kronoberg/internationell-strategi.md:3: organisation 'jonkopings-kommun' does not match the folder 'region-kronoberg'"]);
    expect(
      problemsAfter((dir) => writeFileSync(join(dir, 'region-kronoberg', 'notes.md'), '# Notes\n\nSome text.\n')),
    ).toEqual(['region-kronoberg/notes.md:1: missing front matter (--- title, organisation, documentType, source ---)']);
    expect(
      problemsAfter((dir) => writeFileSync(join(dir, 'region-kronoberg', 'broken.md'), '---\ntitle: x\n# never closed\n')),
    ).toEqual(['region-kronoberg/broken.md:1: front matter starts with --- but never ends (add a closing --- line)']);
    expect(
      problemsAfter((dir) => {
        mkdirSync(join(dir, 'region-gotland'));
        writeFileSync(join(dir, 'region-gotland', 'policy.md'), '---\ntitle: x\n---\n# X\n\nText.\n');
      }),
    ).toEqual(['region-gotland:1: missing organisation.yaml (every organisation folder needs one)']);
    expect(problemsAfter((dir) => rmSync(join(dir, 'vocabulary.yaml')))).toEqual(['vocabulary.yaml:1: file not found']);
  });

  it('reports an organisation id that differs from its folder and duplicate vocabulary concepts', () => {
    expect(
      problemsAfter((dir) => edit(join(dir, 'region-kronoberg', 'organisation.yaml'), 'id: region-kronoberg', 'id: region-kronobergs')),
    ).toEqual([expect.stringMatching(/^region-kronoberg\/organisation\.yaml:\d+: id 'region-kronobergs' must equal the folder name 'region-kronoberg'$/)]);
    const problems = problemsAfter((dir) => edit(join(dir, 'vocabulary.yaml'), '  - id: partner\n', '  - id: sign\n'));
    expect(problems).toEqual([expect.stringMatching(/^vocabulary\.yaml:\d+: duplicate concept id 'sign'$/)]);
  });
});

describe('markdown structure', () => {
  it('restores headings, bullets, continuation paragraphs and line numbers', () => {
    const source = '---\ntitle: T\n---\n\n# Titel\n\n## Ansvar\n\n- första\n  fortsättning\n\n  nytt stycke i samma punkt\n- andra *betonad*\n\nEtt stycke\növer två rader.\n';
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
