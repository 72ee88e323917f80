import type { KnowledgeService } from '../knowledge/service.js';

/**
 * An organisation's own rule for reporting back after international meetings and visits, quoted
 * verbatim from its policy. Found the same way for every organisation: search the knowledge base's
 * passages, limited to the organisation, for reporting on meetings and visits, then keep the sentence
 * that talks about reporting (rapport-, redovis-, återkoppl-, report-) AND about meetings, visits or
 * travel. An organisation whose policy has no such sentence gets no quote.
 */

export interface ReportingRule {
  orgId: string;
  organization: string;
  /** One verbatim sentence from the policy. */
  quote: string;
  document: string;
  section: string;
  source: string;
}

const REPORTING = /(rapport|redovis|återkoppl|report)/i;
const VISITS = /(möte|besök|resa|resor|studieres|hemkomst|deltagande|visit|trip|travel|meeting|journey)/gi;
const SEARCH = 'återrapportering rapport redovisas internationella möten besök studieresor resor hemkomsten';
const MAX_QUOTE_CHARS = 450;

interface Candidate {
  text: string;
  organization: string;
  document: string;
  section: string;
  source: string;
  rank: number;
}

/** Sentences of a passage, keeping its own wording (whitespace runs folded to one space). */
export function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9"”])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function visitWords(sentence: string): number {
  return new Set((sentence.match(VISITS) ?? []).map((w) => w.toLowerCase())).size;
}

/** The best reporting sentence among candidate passages, or undefined. */
export function pickReportingSentence(
  candidates: readonly Candidate[],
): (Candidate & { quote: string }) | undefined {
  let best: { candidate: Candidate; quote: string; score: number } | undefined;
  for (const candidate of candidates) {
    for (const sentence of sentences(candidate.text)) {
      if (!REPORTING.test(sentence)) continue;
      const visits = visitWords(sentence);
      if (visits === 0 || sentence.length > MAX_QUOTE_CHARS) continue;
      // More visit words first; then the better-ranked passage; then the shorter sentence.
      const score = visits * 1000 - candidate.rank * 10 - sentence.length / 100;
      if (!best || score > best.score) best = { candidate, quote: sentence, score };
    }
  }
  return best ? { ...best.candidate, quote: best.quote } : undefined;
}

function lookUp(knowledge: KnowledgeService, orgId: string): ReportingRule | undefined {
  const candidates: Candidate[] = knowledge
    .search(SEARCH, { org: orgId, limit: 8 })
    .filter((hit) => hit.orgId === orgId)
    .map((hit, rank) => ({ ...hit, rank }));
  const best = pickReportingSentence(candidates);
  if (!best) return undefined;
  return {
    orgId,
    organization: best.organization,
    quote: best.quote,
    document: best.document,
    section: best.section,
    source: best.source,
  };
}

/**
 * Policies change rarely and many digests go out at the same hour, so a rule (or its absence) is
 * remembered per knowledge base for CACHE_MS; a reloaded policy shows within that time.
 */
const CACHE_MS = 10 * 60_000;
const cache = new WeakMap<KnowledgeService, Map<string, { rule: ReportingRule | undefined; at: number }>>();

export function findReportingRule(
  knowledge: KnowledgeService,
  orgId: string,
  now = Date.now(),
): ReportingRule | undefined {
  let byOrg = cache.get(knowledge);
  if (!byOrg) cache.set(knowledge, (byOrg = new Map()));
  const cached = byOrg.get(orgId);
  if (cached && now - cached.at < CACHE_MS) return cached.rule;
  const rule = lookUp(knowledge, orgId);
  byOrg.set(orgId, { rule, at: now });
  return rule;
}

/** Forgets remembered rules (benchmarks measure the cold path with it). */
export function clearReportingRuleCache(knowledge: KnowledgeService): void {
  cache.delete(knowledge);
}
