import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import type { KnowledgeIndex } from '../../../src/knowledge/knowledge-index.js';
import { loadKnowledgeIndex } from '../../../src/knowledge/service.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const bundledKnowledgeDir = join(repoRoot, 'knowledge');
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

let bundled: KnowledgeIndex | undefined;

/** The bundled knowledge, indexed once per test file. */
export function bundledIndex(): KnowledgeIndex {
  bundled ??= loadKnowledgeIndex(bundledKnowledgeDir);
  return bundled;
}

const copies: string[] = [];
// Registered while the importing test file is collected: removes that file's copies at its end.
afterAll(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of the bundled knowledge in a fresh temporary folder named `knowledge` (removed after the test file). */
export function copyOfKnowledge(): string {
  const parent = mkdtempSync(join(tmpdir(), 'ansvar-knowledge-'));
  copies.push(parent);
  const dir = join(parent, 'knowledge');
  cpSync(bundledKnowledgeDir, dir, { recursive: true });
  return dir;
}

export interface CapturedIo extends CliIo {
  out: string;
  err: string;
}

/** A CLI io that records stdout/stderr and feeds the given stdin lines. */
export function captureIo(
  env: Record<string, string | undefined> = {},
  stdinLines: string[] = [],
): CapturedIo {
  const io: CapturedIo = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    stdin: async function* () {
      yield* stdinLines;
    },
    env: { KNOWLEDGE_DIR: bundledKnowledgeDir, ...env },
  };
  return io;
}
