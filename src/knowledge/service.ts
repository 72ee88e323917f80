import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { answerQuestion } from './answer.js';
import type { Answer } from './answer-schema.js';
import { buildKnowledgeIndex, type KnowledgeIndex } from './knowledge-index.js';
import { formatProblem, loadKnowledge } from './loader.js';
import { searchPassages } from './search.js';

/** A passage of policy text found by free-text search. */
export interface PassageHit {
  orgId: string;
  organization: string;
  document: string;
  section: string;
  text: string;
  source: string;
  score: number;
}

export interface OrganizationSummary {
  id: string;
  name: string;
}

/**
 * The loaded knowledge base: answers questions, searches passages, and (with `watch`) reloads
 * changed files, keeping the last good index when a new file is broken.
 */
export interface KnowledgeService {
  answer(question: string, options?: { org?: string }): Answer;
  search(query: string, options?: { org?: string; limit?: number }): readonly PassageHit[];
  organizations(): readonly OrganizationSummary[];
  stats(): { organizations: number; documents: number; passages: number; statements: number };
  close(): Promise<void>;
}

export interface KnowledgeServiceOptions {
  dir: string;
  log: Logger;
  watch?: boolean;
  /** Milliseconds of quiet after a change before reloading (default 250). */
  debounceMs?: number;
  /** Called after every reload attempt (tests wait on it). */
  onReload?: (result: { ok: boolean; problems: readonly string[] }) => void;
}

/** The knowledge folder has problems; `problems` are `file:line: message` lines. */
export class KnowledgeLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`knowledge has problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'KnowledgeLoadError';
  }
}

/** Loads and indexes a knowledge folder; throws KnowledgeLoadError listing every problem. */
export function loadKnowledgeIndex(dir: string): KnowledgeIndex {
  const loaded = loadKnowledge(dir);
  if (!loaded.knowledge) throw new KnowledgeLoadError(loaded.problems.map(formatProblem));
  return buildKnowledgeIndex(loaded.knowledge);
}

export function knowledgeServiceFor(
  getIndex: () => KnowledgeIndex,
  close: () => Promise<void> = async () => undefined,
): KnowledgeService {
  return {
    answer: (question, options) => answerQuestion(getIndex(), question, options),
    search: (query, options) => searchPassages(getIndex(), query, options),
    organizations: () => getIndex().organisations.map((o) => ({ id: o.id, name: o.name })),
    stats: () => {
      const index = getIndex();
      return {
        organizations: index.organisations.length,
        documents: index.documents.length,
        passages: index.passages.length,
        statements: index.statements.length,
      };
    },
    close,
  };
}

export async function createKnowledgeService(options: KnowledgeServiceOptions): Promise<KnowledgeService> {
  const { dir, log } = options;
  let index = loadKnowledgeIndex(dir);
  log.info(
    { dir, organisations: index.organisations.length, statements: index.statements.length },
    'knowledge loaded',
  );

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    const loaded = loadKnowledge(dir);
    if (!loaded.knowledge) {
      const problems = loaded.problems.map(formatProblem);
      log.warn({ dir, problems }, 'knowledge change has problems; keeping the last good index');
      options.onReload?.({ ok: false, problems });
      return;
    }
    try {
      index = buildKnowledgeIndex(loaded.knowledge);
      log.info(
        { dir, organisations: index.organisations.length, statements: index.statements.length },
        'knowledge reloaded',
      );
      options.onReload?.({ ok: true, problems: [] });
    } catch (error) {
      log.error({ err: error, dir }, 'knowledge reload failed; keeping the last good index');
      options.onReload?.({ ok: false, problems: [String(error)] });
    }
  };
  if (options.watch) {
    watcher = watch(dir, { recursive: true }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, options.debounceMs ?? 250);
    });
    watcher.on('error', (error) => log.warn({ err: error, dir }, 'knowledge watcher error'));
  }

  return knowledgeServiceFor(
    () => index,
    async () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      watcher?.close();
      watcher = undefined;
    },
  );
}
