import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askCommand } from '../../src/cli/ask.js';
import { knowledgeCommand } from '../../src/cli/knowledge.js';
import { runCli } from '../../src/cli.js';
import { answerSchema } from '../../src/knowledge/answer-schema.js';
import { captureIo, copyOfKnowledge } from './support/knowledge.js';

const json = (out: string) => answerSchema.parse(JSON.parse(out));

describe('ansvar ask', () => {
  it('prints the body with its English name, the quote and the citation', async () => {
    const io = captureIo();
    expect(await runCli(['ask', '--org', 'region-jonkopings-lan', 'who signs partner agreements?'], io)).toBe(
      0,
    );
    expect(io.out).toContain('Regionstyrelsen (Regional Executive Board) — Region Jönköpings län');
    expect(io.out).toMatch(/^> .*partneravtal/m);
    expect(io.out).toMatch(
      /— Internationell policy för Region Jönköpings län · Definitioner · knowledge\/region-jonkopings-lan\/internationell-policy\.md:\d+/,
    );
  });

  it('prints one answer JSON object with --json', async () => {
    const io = captureIo();
    expect(await askCommand(['--json', 'Vem beslutar om vänortssamarbeten i Västernorrland?'], io)).toBe(0);
    const answer = json(io.out);
    expect(io.out.trim().split('\n')).toHaveLength(1);
    expect(answer).toMatchObject({
      language: 'sv',
      status: 'answered',
      scope: ['landstinget-vasternorrland'],
    });
    expect(answer.answers).toHaveLength(1);
    expect(answer.answers[0]).toMatchObject({
      orgId: 'landstinget-vasternorrland',
      actor: 'Landstingsfullmäktige',
      actorEn: 'County Council Assembly',
    });
    expect(answer.answers[0]!.quote).toContain('vänortssamarbeten');
  });

  it('answers every organisation whose policy covers an unscoped question, at most one entry each', async () => {
    const io = captureIo();
    await askCommand(['--json', 'Who decides on the international policy?'], io);
    const answer = json(io.out);
    const orgs = answer.answers.map((a) => a.orgId);
    expect(new Set(orgs).size).toBe(orgs.length);
    expect(orgs).toEqual(expect.arrayContaining(['region-jonkopings-lan', 'landstinget-vasternorrland']));
    expect(answer.answers.map((a) => a.score)).toEqual(
      [...answer.answers.map((a) => a.score)].sort((a, b) => b - a),
    );
  });

  it('rejects an unknown --org with the valid ids', async () => {
    const io = captureIo();
    expect(await askCommand(['--org', 'atlantis', 'who signs?'], io)).toBe(2);
    expect(io.err).toContain(
      "Unknown organisation 'atlantis'. Valid ids: jonkopings-kommun, landstinget-i-varmland",
    );
    const jsonIo = captureIo();
    expect(await askCommand(['--json', '--org', 'atlantis', 'who signs?'], jsonIo)).toBe(2);
    expect(json(jsonIo.out).error).toMatch(/Valid ids: .*region-kronoberg/);
  });

  it('gives a usage hint for a missing question or a bad flag, never a stack trace', async () => {
    for (const args of [[], ['   '], ['--frobnicate', 'x'], ['--batch', 'a question']]) {
      const io = captureIo();
      expect(await askCommand(args, io)).toBe(2);
      expect(io.err).toMatch(/usage: ansvar ask/);
      expect(io.err).not.toMatch(/\n\s+at /);
      expect(io.out).toBe('');
    }
  });

  it.each([
    ['an empty question', ['--json', ''], /^no question given$/],
    ['a blank question', ['--json', '   '], /^no question given$/],
    ['an unknown flag', ['--json', '--frobnicate', 'x'], /frobnicate/],
    [
      'a question with --batch',
      ['--json', '--batch', 'a question'],
      /^--batch reads the questions from stdin/,
    ],
  ])(
    'with --json, %s still prints one no_answer JSON object (and the usage on stderr)',
    async (_what, args, error) => {
      const io = captureIo();
      expect(await askCommand(args, io)).toBe(2);
      expect(io.out.trim().split('\n')).toHaveLength(1);
      const answer = json(io.out);
      expect(answer).toMatchObject({ status: 'no_answer', answers: [] });
      expect(answer.error).toMatch(error);
      expect(io.err).toMatch(/usage: ansvar ask/);
    },
  );

  it('with --json, a broken knowledge folder still prints one no_answer JSON object', async () => {
    const dir = copyOfKnowledge();
    writeFileSync(
      join(dir, 'region-kronoberg', 'organisation.yaml'),
      'id: region-kronoberg\nname: [unclosed\n',
    );
    const io = captureIo({ KNOWLEDGE_DIR: dir });
    expect(await askCommand(['--json', 'who signs?'], io)).toBe(1);
    expect(json(io.out)).toMatchObject({
      question: 'who signs?',
      status: 'no_answer',
      error: 'ansvar ask: knowledge has problems:',
    });
    expect(io.err).toMatch(/region-kronoberg\/organisation\.yaml:\d+: YAML/);
  });

  it('--batch ignores a UTF-8 byte order mark before the first line', async () => {
    const line = JSON.stringify({ question: 'Vem tar emot utländska gäster?', org: 'jonkopings-kommun' });
    const io = captureIo({}, [`\uFEFF${line}`, `\uFEFF${line}`]);
    expect(await askCommand(['--json', '--batch'], io)).toBe(0);
    const [first, second] = io.out
      .trimEnd()
      .split('\n')
      .map((l) => answerSchema.parse(JSON.parse(l)));
    expect(first).toMatchObject({ question: 'Vem tar emot utländska gäster?', status: 'answered' });
    expect(first!.error).toBeUndefined();
    // Only the file's first line can carry one; later, it is part of the line and makes it malformed.
    expect(second!.error).toMatch(/^line 2: not a JSON object/);
  });

  it.each([
    ['a 50,000-character question', 'who signs '.repeat(5000), /too long \(\d+ characters; at most 1000\)/],
    ['only punctuation', '?!?... ---', /no words/],
    ['only emoji', '🤔🙈🎉', /no words/],
    ['a question without a topic', 'Who is responsible?', /names no topic/],
  ])('answers %s with no_answer and a clear message', async (_what, question, message) => {
    const io = captureIo();
    expect(await askCommand(['--json', question], io)).toBe(0);
    const answer = json(io.out);
    expect(answer.status).toBe('no_answer');
    expect(answer.answers).toEqual([]);
    expect(answer.error).toMatch(message);
  });

  it('answers mixed scripts and foreign text with no_answer', async () => {
    for (const question of ['Кто подписывает 合作协议?', 'مرحبا كيف حالك', 'Who signs контракты?']) {
      const io = captureIo();
      await askCommand(['--json', question], io);
      expect(json(io.out).status, question).toBe('no_answer');
    }
  });

  it('--batch answers JSON lines in order, one line each, with an error object for malformed lines', async () => {
    const lines = [
      JSON.stringify({ question: 'Vem tar emot utländska gäster?', org: 'jonkopings-kommun' }),
      'this is not json',
      JSON.stringify({ q: 'wrong field' }),
      JSON.stringify({ question: 'who signs?', org: 'atlantis' }),
      '',
      JSON.stringify({ question: 'Who signs partner agreements in Kronoberg?', org: null }),
    ];
    const io = captureIo({}, lines);
    expect(await askCommand(['--json', '--batch'], io)).toBe(0);
    const out = io.out
      .trimEnd()
      .split('\n')
      .map((l) => answerSchema.parse(JSON.parse(l)));
    expect(out).toHaveLength(lines.length);
    expect(out[0]!.answers[0]!.actor).toBe('Kommunfullmäktiges presidium');
    expect(out[1]!.error).toMatch(/^line 2: not a JSON object/);
    expect(out[2]!.error).toMatch(/^line 3: expected \{"question"/);
    expect(out[3]!.error).toMatch(/Unknown organisation 'atlantis'/);
    expect(out[4]!.error).toMatch(/^line 5: /);
    expect(out[5]!.answers[0]).toMatchObject({ orgId: 'region-kronoberg', actor: 'Regionstyrelsen' });
    expect(io.err).toBe('');
  });

  it('reports a broken knowledge folder instead of answering', async () => {
    const dir = copyOfKnowledge();
    writeFileSync(
      join(dir, 'region-kronoberg', 'organisation.yaml'),
      'id: region-kronoberg\nname: [unclosed\n',
    );
    const io = captureIo({ KNOWLEDGE_DIR: dir });
    expect(await askCommand(['who signs?'], io)).toBe(1);
    expect(io.err).toMatch(/region-kronoberg\/organisation\.yaml:\d+: YAML/);
  });
});

describe('ansvar knowledge check', () => {
  it('prints counts for the bundled knowledge', async () => {
    const io = captureIo();
    expect(await knowledgeCommand(['check'], io)).toBe(0);
    expect(io.out).toMatch(
      /^knowledge ok: 5 organisations, 6 documents, \d+ passages, \d+ responsibility statements, \d+ bodies, \d+ vocabulary concepts/,
    );
    expect(io.out).toContain('region-kronoberg: 1 document');
    expect(io.err).toBe('');
  });

  it('prints file:line problems and exits 1 on bad input', async () => {
    const dir = copyOfKnowledge();
    writeFileSync(
      join(dir, 'region-kronoberg', 'organisation.yaml'),
      'id: region-kronoberg\nname: Region Kronoberg\nkind: region\nnames: [Kronoberg]\nbodies:\n  - name: Regionstyrelsen\n    english: Regional Executive Board\n',
    );
    const io = captureIo();
    expect(await knowledgeCommand(['check', '--dir', dir], io)).toBe(1);
    expect(io.err).toMatch(/region-kronoberg\/organisation\.yaml:6: bodies\.0\.en: is required/);
    expect(io.err).toMatch(/region-kronoberg\/organisation\.yaml:7: bodies\.0: unknown field\(s\) 'english'/);
    expect(io.err).toMatch(/knowledge check failed: 2 problems/);
  });

  it('warns on stderr, without failing, about a document whose reference is missing and not explained', async () => {
    const dir = copyOfKnowledge();
    const doc = join(dir, 'landstinget-vasternorrland', 'internationell-policy.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace(/^notes:\n(?: {2}.*\n)+/m, ''));
    const io = captureIo();
    expect(await knowledgeCommand(['check', '--dir', dir], io)).toBe(0);
    expect(io.err).toMatch(
      /^\S*landstinget-vasternorrland\/internationell-policy\.md:1: warning: front matter has no reference: add it from the source, or say why the source has none under notes\.reference\n$/,
    );
    expect(io.out).toMatch(/^knowledge ok: 5 organisations/);
  });

  it('reports an organisation whose kind language.yaml does not define, at its line', async () => {
    const dir = copyOfKnowledge();
    const orgFile = join(dir, 'landstinget-i-varmland', 'organisation.yaml');
    const text = readFileSync(orgFile, 'utf8');
    writeFileSync(orgFile, text.replace('kind: county-council', 'kind: federal-state'));
    const line = text.split('\n').findIndex((l) => l.startsWith('kind:')) + 1;
    const io = captureIo();
    expect(await knowledgeCommand(['check', '--dir', dir], io)).toBe(1);
    expect(io.err).toContain(
      `landstinget-i-varmland/organisation.yaml:${line}: kind 'federal-state' is not defined in language.yaml kindWords`,
    );
  });

  it('gives a usage hint for an unknown subcommand', async () => {
    const io = captureIo();
    expect(await knowledgeCommand(['frobnicate'], io)).toBe(2);
    expect(io.err).toMatch(/usage: ansvar knowledge check/);
  });
});
