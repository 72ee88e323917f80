/**
 * Knowledge base figures: index build time for the bundled knowledge, answer latency over a few
 * thousand questions, the same on a generated knowledge base of about 1,000 documents (the real
 * documents varied, in a temporary folder), memory, and how the cost grows from 5 to 1,000 documents.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerQuestion } from '../src/knowledge/answer.js';
import { buildKnowledgeIndex, type KnowledgeIndex } from '../src/knowledge/knowledge-index.js';
import { loadKnowledge } from '../src/knowledge/loader.js';
import { gradeAnswer, readCases, type EvalCase } from '../tests/knowledge/support/grading.js';
import { rssMb, summarize } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundledDir = join(root, 'knowledge');
const fixtures = join(root, 'tests', 'knowledge', 'fixtures');

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function loadAndBuild(dir: string): { index: KnowledgeIndex; loadMs: number; buildMs: number } {
  let start = process.hrtime.bigint();
  const loaded = loadKnowledge(dir);
  if (!loaded.knowledge) throw new Error(`knowledge has problems: ${loaded.problems.length}`);
  const loadMs = ms(start);
  start = process.hrtime.bigint();
  const index = buildKnowledgeIndex(loaded.knowledge);
  return { index, loadMs, buildMs: ms(start) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => b - a);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

/** A small deterministic pseudo-random generator, so every run generates the same documents. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Copies the bundled knowledge and adds generated organisations until there are `documents`
 * documents: each is one of the real organisations renamed ("Testort 17"), with five documents
 * made from its policy by dropping some paragraphs, shuffling sections and borrowing paragraphs
 * from the other policies.
 */
export function generateKnowledge(documents: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ansvar-bench-')), 'knowledge');
  cpSync(bundledDir, dir, { recursive: true });
  const orgs = readdirSync(bundledDir).filter((e) => !e.endsWith('.yaml'));
  const policies = orgs.map((org) => {
    const file = readdirSync(join(bundledDir, org)).find((f) => f.startsWith('internationell-'))!;
    return {
      org,
      file,
      text: readFileSync(join(bundledDir, org, file), 'utf8'),
      meta: readFileSync(join(bundledDir, org, 'organisation.yaml'), 'utf8'),
    };
  });
  const paragraphs = policies.flatMap((p) =>
    p.text.split(/\n\n+/).filter((b) => /^[A-ZÅÄÖ]/.test(b) && b.length > 80),
  );
  const next = random(42);
  let count = 6;
  for (let n = 1; count < documents; n += 1) {
    const base = policies[n % policies.length]!;
    const id = `testort-${n}`;
    mkdirSync(join(dir, id));
    writeFileSync(
      join(dir, id, 'organisation.yaml'),
      base.meta
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace(/^name: .*$/m, `name: Region Testort ${n}`)
        .replace(/^names:\n(?: {2}- .*\n)+/m, `names:\n  - Region Testort ${n}\n  - Testort ${n}\n`)
        .replace(/^sharedNames:\n(?: {2}- .*\n)+/m, ''),
    );
    const [, frontMatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(base.text) ?? [];
    const sections = body.split(/\n(?=## )/);
    for (let v = 0; v < 5 && count < documents; v += 1, count += 1) {
      const kept = sections.map((section) =>
        section
          .split(/\n\n+/)
          .filter((block, i) => i === 0 || block.startsWith('#') || next() > 0.2)
          .join('\n\n'),
      );
      const head = kept[0]!;
      const rest = kept.slice(1).sort(() => next() - 0.5);
      const borrowed = Array.from(
        { length: 3 },
        () => paragraphs[Math.floor(next() * paragraphs.length)]!,
      ).join('\n\n');
      const text = [
        `---\n${frontMatter.replace(/^organisation: .*$/m, `organisation: ${id}`).replace(/^title: (.*)$/m, `title: $1 (Testort ${n}, del ${v + 1})`)}\n---`,
        head,
        ...rest,
        `## Övrigt\n\n${borrowed}\n`,
      ].join('\n');
      writeFileSync(join(dir, id, `dokument-${v + 1}.md`), text);
    }
  }
  return dir;
}

function questionPool(): { cases: EvalCase[]; questions: { q: string; org: string | undefined }[] } {
  const files = readdirSync(fixtures).filter((f) => f.startsWith('questions.') && f.endsWith('.jsonl'));
  const cases = files.flatMap((f) => readCases(join(fixtures, f)));
  return { cases, questions: cases.map((c) => ({ q: c.q, org: c.org ?? undefined })) };
}

function latency(index: KnowledgeIndex, questions: { q: string; org: string | undefined }[], total: number) {
  for (const { q, org } of questions.slice(0, 50)) answerQuestion(index, q, { org });
  const samples: number[] = [];
  for (let i = 0; i < total; i += 1) {
    const { q, org } = questions[i % questions.length]!;
    const start = process.hrtime.bigint();
    answerQuestion(index, q, { org });
    samples.push(ms(start));
  }
  return summarize(samples);
}

function accuracy(index: KnowledgeIndex, cases: EvalCase[]): string {
  const passed = cases.filter(
    (c) => !gradeAnswer(c, answerQuestion(index, c.q, { org: c.org ?? undefined })),
  ).length;
  return `${passed}/${cases.length}`;
}

export async function run(): Promise<Record<string, unknown>> {
  const { cases, questions } = questionPool();
  const dev = readCases(join(fixtures, 'questions.dev.jsonl'));

  const cold = loadAndBuild(bundledDir);
  const warm = Array.from({ length: 10 }, () => loadAndBuild(bundledDir));
  const bundled = cold.index;
  const bundledLatency = latency(bundled, questions, 4000);

  const sizes = [50, 200, 1000];
  const scaling: Record<string, unknown> = {};
  let large: { index: KnowledgeIndex; loadMs: number; buildMs: number; dir: string; rss: number } | undefined;
  for (const size of sizes) {
    const dir = generateKnowledge(size);
    const built = loadAndBuild(dir);
    const rss = rssMb();
    scaling[`${size}_documents`] = {
      documents: built.index.documents.length,
      organisations: built.index.organisations.length,
      passages: built.index.passages.length,
      statements: built.index.statements.length,
      load_ms: Math.round(built.loadMs),
      build_ms: Math.round(built.buildMs),
      answer_ms: latency(built.index, questions, size === 1000 ? 3000 : 1000),
    };
    if (size === 1000) large = { ...built, dir, rss };
    else rmSync(join(dir, '..'), { recursive: true, force: true });
  }
  const big = scaling['1000_documents'] as {
    build_ms: number;
    load_ms: number;
    answer_ms: { p50: number; p99: number };
  };
  const result = {
    bundled: {
      documents: bundled.documents.length,
      passages: bundled.passages.length,
      statements: bundled.statements.length,
      first_load_ms: Math.round(cold.loadMs * 10) / 10,
      first_build_ms: Math.round(cold.buildMs * 10) / 10,
      warm_load_ms_median: median(warm.map((w) => w.loadMs)),
      warm_build_ms_median: median(warm.map((w) => w.buildMs)),
      target_build_ms: 200,
      answer_ms: bundledLatency,
      target_answer_p99_ms: 5,
      dev_set: accuracy(bundled, dev),
      all_sets: accuracy(bundled, cases),
    },
    generated_1000: {
      ...(scaling['1000_documents'] as object),
      rss_mb_after_build: large!.rss,
      rss_mb_after_answers: rssMb(),
      dev_set: accuracy(large!.index, dev),
      targets: { build_ms: 10_000, answer_p99_ms: 25, rss_mb: 400 },
    },
    scaling,
    growth_5_to_1000: {
      documents: Math.round(large!.index.documents.length / bundled.documents.length),
      build: Math.round((big.load_ms + big.build_ms) / (median(warm.map((w) => w.loadMs + w.buildMs)) || 1)),
      answer_p50: Math.round((big.answer_ms.p50 / bundledLatency.p50) * 10) / 10,
      answer_p99: Math.round((big.answer_ms.p99 / bundledLatency.p99) * 10) / 10,
    },
  };
  rmSync(join(large!.dir, '..'), { recursive: true, force: true });
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
}
