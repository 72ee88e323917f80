import type { Logger } from 'pino';
import type { Answer } from './answer-schema.js';

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
}

// Placeholder until the knowledge base lands: knows nothing, answers nothing.
export async function createKnowledgeService(_options: KnowledgeServiceOptions): Promise<KnowledgeService> {
  return {
    answer: (question) => ({ question, language: 'en', status: 'no_answer', answers: [] }),
    search: () => [],
    organizations: () => [],
    stats: () => ({ organizations: 0, documents: 0, passages: 0, statements: 0 }),
    close: async () => undefined,
  };
}
