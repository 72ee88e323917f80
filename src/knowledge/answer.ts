import type { Answer, AnswerEntry, Suggestion } from './answer-schema.js';
import type { KnowledgeIndex, PassageEntry, StatementEntry } from './knowledge-index.js';
import { readQuestion, type AnalyzedQuestion, type QueryUnit } from './question.js';
import { compileQuery, weighUnits, type CompiledQuery, type Coverage } from './scoring.js';
import { collapseWhitespace, splitSentences } from './text.js';

/**
 * Answers one question from the index: "who" questions from the responsibility statements, other
 * questions from the best passage; at most one entry per organisation, best first; `no_answer` with
 * the closest sections when nothing covers the question well enough.
 */

export const MAX_QUESTION_CHARS = 1000;
/**
 * A Swedish word the policies never use is strong evidence that they don't cover the question, so it
 * weighs the most; an English word the vocabulary doesn't list is weaker evidence (the vocabulary is
 * never complete), so it weighs like a word found in this many passages.
 */
const UNLISTED_ENGLISH_FREQUENCY = 2;
/** Minimum coverage of the question (0…1) for an answer; calibrated on off-topic questions. */
export const ANSWER_THRESHOLD = 0.5;
/** Without an organisation in scope, others must come within this share of the best answer. */
const RELATIVE_THRESHOLD = 0.6;
/**
 * A passage beats good statements of a "who" question only by this margin ("who do we twin with?");
 * when no statement reaches the threshold, a passage that does answers, with the actor of its statement.
 */
const PASSAGE_MARGIN = 0.25;
/**
 * A "who" question answered by a passage that names no responsible body ("Region Jönköpings län är
 * värdorganisation för Europa Direkt") needs a closer match: a topic mentioned in passing
 * ("kollektivtrafik bör användas") says nothing about who is responsible for it.
 */
const BODILESS_PASSAGE_THRESHOLD = 0.8;
/** A passage naming no body displaces a good statement only by this much more: the question asks who. */
const BODILESS_MARGIN = 0.4;
/** "Who is responsible for …?" fits "X ansvarar för …" a little better than "X beslutar om …". */
const RESPONSIBILITY_AGREEMENT = 0.03;
/** "Which twin towns …?": passages naming places and partners rank higher. */
const NAMES_BONUS = 0.1;
/** "What is a sister-city agreement?": passages starting with the thing asked about rank higher. */
const DEFINITION_BONUS = 0.05;
/** The most the tie-breaking bonuses add; candidates below threshold minus this are never answers. */
const MAX_BONUS = 0.05 + 0.04 + RESPONSIBILITY_AGREEMENT + NAMES_BONUS + DEFINITION_BONUS;
const MAX_ORGANISATIONS = 8;
const MAX_QUOTE_CHARS = 600;
const PASSAGE_CANDIDATES = 200;

export interface AnswerOptions {
  org?: string | undefined;
}

interface Candidate {
  orgId: string;
  score: number;
  coverage: number;
  statement?: StatementEntry | undefined;
  passage?: PassageEntry;
}

export function answerQuestion(index: KnowledgeIndex, question: string, options: AnswerOptions = {}): Answer {
  const text = collapseWhitespace(question);
  const empty = (language: Answer['language'], error?: string): Answer => ({
    question,
    language,
    status: 'no_answer',
    answers: [],
    ...(error ? { error } : {}),
  });
  if (!text) return empty('en', messages.en.empty);
  if (text.length > MAX_QUESTION_CHARS) {
    const language = readQuestion(text.slice(0, MAX_QUESTION_CHARS), index.reader).language;
    return empty(language, messages[language].tooLong(text.length));
  }
  const analyzed = readQuestion(text, index.reader);
  const language = analyzed.language;
  if (options.org !== undefined && !index.organisationById.has(options.org)) {
    return empty(
      language,
      messages[language].unknownOrg(
        options.org,
        index.organisations.map((o) => o.id),
      ),
    );
  }
  if (!analyzed.hasWords) return empty(language, messages[language].noWords);
  const scope = scopeOf(index, analyzed, options.org);
  const limited =
    scope.length < index.organisations.length || options.org !== undefined || analyzed.orgIds.length > 0;
  const scoped = limited ? { scope } : {};
  if (analyzed.units.length === 0)
    return { ...empty(language, messages[language].vague), suggestions: [], ...scoped };

  const units = weighUnits(
    topicalUnits(index, analyzed, scope, limited),
    (t) => index.terms.frequency(t),
    index.passages.length,
    language === 'en' ? UNLISTED_ENGLISH_FREQUENCY : 0,
  );
  const query = compileQuery(units, index.terms);
  const passages = bestPassages(index, query, scope, analyzed);
  const statements = analyzed.isWho
    ? bestStatements(index, query, scope, analyzed)
    : new Map<string, Candidate>();

  const chosen: Candidate[] = [];
  for (const orgId of scope) {
    const statement = statements.get(orgId);
    const passage = passages.best.get(orgId);
    let pick: Candidate | undefined;
    if (analyzed.isWho) {
      const statementScore = statement?.score ?? 0;
      pick = statement && statementScore >= ANSWER_THRESHOLD ? statement : undefined;
      if (
        passage &&
        passage.score >= ANSWER_THRESHOLD &&
        (statementScore < ANSWER_THRESHOLD || passage.score > statementScore + PASSAGE_MARGIN)
      ) {
        // The passage's own statement that covers the question best names the body.
        const inPassage = closestStatement(index, passage.passage!, query, true)?.statement;
        const bodilessWins =
          passage.score >= BODILESS_PASSAGE_THRESHOLD &&
          (statementScore < ANSWER_THRESHOLD || passage.score > statementScore + BODILESS_MARGIN);
        if (inPassage || bodilessWins) pick = { ...passage, statement: inPassage };
      }
    } else if (passage && passage.score >= ANSWER_THRESHOLD) {
      pick = { ...passage, statement: undefined };
    }
    if (pick) chosen.push(pick);
  }
  chosen.sort((a, b) => b.score - a.score);
  const top = chosen[0]?.score ?? 0;
  const kept = chosen
    .filter((c) => scope.length === 1 || c.score >= top * RELATIVE_THRESHOLD)
    .slice(0, MAX_ORGANISATIONS);

  if (kept.length === 0) {
    return { ...empty(language), suggestions: suggestionsFrom(index, passages.ranked), ...scoped };
  }
  return {
    question,
    language,
    status: 'answered',
    answers: kept.map((c) => entryOf(index, c, query, analyzed.isWho)),
    ...scoped,
  };
}

/** Why a question could not be searched, in the asker's language. */
const messages = {
  en: {
    empty: 'The question is empty. Ask, for example: "Who signs partner agreements?"',
    tooLong: (n: number) =>
      `The question is too long (${n} characters; at most ${MAX_QUESTION_CHARS}). Please ask one short question.`,
    unknownOrg: (org: string, ids: string[]) =>
      `Unknown organisation '${org}'. Valid ids: ${ids.join(', ')}.`,
    noWords: 'The question has no words I can search for.',
    vague:
      'The question names no topic. Ask who is responsible for something specific, e.g. "Who signs partner agreements?"',
  },
  sv: {
    empty: 'Frågan är tom. Fråga till exempel: "Vem sluter partneravtal?"',
    tooLong: (n: number) =>
      `Frågan är för lång (${n} tecken; högst ${MAX_QUESTION_CHARS}). Ställ en kort fråga.`,
    unknownOrg: (org: string, ids: string[]) => `Okänd organisation '${org}'. Giltiga id: ${ids.join(', ')}.`,
    noWords: 'Frågan innehåller inga ord jag kan söka på.',
    vague:
      'Frågan nämner inget ämne. Fråga vem som ansvarar för något särskilt, till exempel "Vem sluter partneravtal?"',
  },
} as const;

/**
 * With the organisations fixed, words that only name their kind ("the municipality", "regionen")
 * refer to the organisation itself, not to a topic, and are left out.
 */
function topicalUnits(
  index: KnowledgeIndex,
  analyzed: AnalyzedQuestion,
  scope: readonly string[],
  limited: boolean,
): QueryUnit[] {
  if (!limited) return analyzed.units;
  const kinds = new Set(scope.map((id) => index.organisationById.get(id)!.kind));
  const topical = analyzed.units.filter(
    (unit) => !unit.kinds || ![...kinds].every((k) => unit.kinds!.includes(k)),
  );
  return topical.length > 0 ? topical : analyzed.units;
}

function scopeOf(index: KnowledgeIndex, analyzed: AnalyzedQuestion, org: string | undefined): string[] {
  if (org) return [org];
  if (analyzed.orgIds.length > 0) return analyzed.orgIds;
  return index.organisations.map((o) => o.id);
}

/**
 * Few organisations in scope: look at their passages and statements (all of a small knowledge base
 * through the term postings, skipping texts that share no term with the question); otherwise use the
 * text index.
 */
const DIRECT_SCOPE = 8;

function bestStatements(
  index: KnowledgeIndex,
  query: CompiledQuery,
  scope: readonly string[],
  asks: Pick<AnalyzedQuestion, 'asksResponsibility' | 'asksEnsure'>,
): Map<string, Candidate> {
  const inScope = new Set(scope);
  let candidates: Iterable<StatementEntry>;
  if (scope.length === index.organisations.length && scope.length <= DIRECT_SCOPE) {
    candidates = containing(index.statementPostings, query.allTerms()).map((id) => index.statements[id]!);
  } else if (scope.length <= DIRECT_SCOPE) {
    candidates = scope.flatMap((orgId) => index.statementsByOrg.get(orgId) ?? []);
  } else {
    candidates = promisingStatements(index, query).map((id) => index.statements[id]!);
  }
  const best = new Map<string, Candidate>();
  for (const statement of candidates) {
    if (!inScope.has(statement.orgId)) continue;
    const measured = query.measure(statement.primary, statement.context);
    const agreement =
      (asks.asksResponsibility && statement.saysResponsible) || (asks.asksEnsure && statement.saysEnsure)
        ? RESPONSIBILITY_AGREEMENT
        : 0;
    const score = rankScore(measured.coverage * statement.weight, measured) + agreement;
    const current = best.get(statement.orgId);
    if (
      !current ||
      score > current.score ||
      (score === current.score && statement.id < current.statement!.id)
    ) {
      best.set(statement.orgId, { orgId: statement.orgId, score, coverage: measured.coverage, statement });
    }
  }
  return best;
}

/**
 * Ids (ascending, so ties resolve as in a full scan) of the items holding at least one of the terms:
 * an item holding none covers nothing of the question.
 */
function containing(postings: ReadonlyMap<number, Uint32Array>, terms: readonly number[]): number[] {
  const ids = new Set<number>();
  for (const term of terms) for (const id of postings.get(term) ?? []) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}

/**
 * Statements that could reach the threshold, found through the postings without measuring each:
 * every unit adds its weight to the statements containing one of its terms (an upper bound of the
 * coverage); only statements whose bound reaches the threshold are measured.
 */
function promisingStatements(index: KnowledgeIndex, query: CompiledQuery): number[] {
  const bound = new Float64Array(index.statements.length);
  const lastUnit = new Int32Array(index.statements.length).fill(-1);
  query.unitTerms().forEach((terms, unit) => {
    const weight = query.units[unit]!.weight;
    for (const term of terms) {
      for (const id of index.statementPostings.get(term) ?? []) {
        if (lastUnit[id] === unit) continue;
        lastUnit[id] = unit;
        bound[id]! += weight;
      }
    }
  });
  const minimum = (ANSWER_THRESHOLD - MAX_BONUS) * query.total;
  const ids: number[] = [];
  for (let id = 0; id < bound.length; id += 1) if (bound[id]! >= minimum) ids.push(id);
  return ids;
}

function bestPassages(
  index: KnowledgeIndex,
  query: CompiledQuery,
  scope: readonly string[],
  asks: Pick<AnalyzedQuestion, 'asksForNames' | 'asksDefinition'>,
): { best: Map<string, Candidate>; ranked: PassageEntry[] } {
  const inScope = new Set(scope);
  const candidates =
    scope.length === index.organisations.length && scope.length <= DIRECT_SCOPE
      ? containing(index.passagePostings(), query.allTerms())
      : scope.length <= DIRECT_SCOPE
        ? scope.flatMap((orgId) => index.passagesByOrg.get(orgId) ?? [])
        : retrieve(index, query, scope);
  const best = new Map<string, Candidate>();
  const scored: { passage: PassageEntry; score: number }[] = [];
  for (const id of candidates) {
    const passage = index.passages[id]!;
    if (!inScope.has(passage.orgId)) continue;
    const measured = query.measure(passage.terms, passage.context);
    const weight = index.documents[passage.document]!.weight;
    const names = asks.asksForNames ? NAMES_BONUS * Math.min(1, passage.names / 3) : 0;
    const defines =
      asks.asksDefinition && [...passage.lead].some((term) => query.matchesTerm(term)) ? DEFINITION_BONUS : 0;
    const score = rankScore(measured.coverage * weight, measured) + names + defines;
    scored.push({ passage, score });
    const current = best.get(passage.orgId);
    if (!current || score > current.score)
      best.set(passage.orgId, { orgId: passage.orgId, score, coverage: measured.coverage, passage });
  }
  scored.sort((a, b) => b.score - a.score);
  return { best, ranked: scored.slice(0, 20).map((s) => s.passage) };
}

/**
 * Candidate passages from the minisearch (BM25) index, asked for the terms of the question's heaviest
 * units; terms in more than RARE_SHARE of the passages are left out when rarer ones exist, so a large
 * knowledge base stays fast.
 */
const RARE_SHARE = 0.05;

function retrieve(index: KnowledgeIndex, query: CompiledQuery, scope: readonly string[]): number[] {
  const inScope = new Set(scope);
  const common = Math.max(PASSAGE_CANDIDATES, index.passages.length * RARE_SHARE);
  const essential = query.essentialTerms(ANSWER_THRESHOLD - MAX_BONUS);
  const rare = essential.filter((id) => index.terms.frequencyOf(id) <= common);
  const rarest = [...essential]
    .sort((a, b) => index.terms.frequencyOf(a) - index.terms.frequencyOf(b))
    .slice(0, 1);
  const terms = (rare.length > 0 ? rare : rarest).map((id) => index.terms.termOf(id));
  const filter =
    scope.length < index.organisations.length
      ? { filter: (r: { id: unknown }) => inScope.has(index.passages[r.id as number]!.orgId) }
      : {};
  return index.search
    .search(terms.join(' '), filter)
    .slice(0, PASSAGE_CANDIDATES)
    .map((hit) => hit.id as number);
}

/** The passage's statement with the highest coverage, measured with or without its context. */
function closestStatement(
  index: KnowledgeIndex,
  passage: PassageEntry,
  query: CompiledQuery,
  withContext: boolean,
): { statement: StatementEntry; coverage: number } | undefined {
  let best: { statement: StatementEntry; coverage: number } | undefined;
  for (const id of passage.statements) {
    const statement = index.statements[id]!;
    const { coverage } = query.measure(statement.primary, withContext ? statement.context : undefined);
    if (!best || coverage > best.coverage) best = { statement, coverage };
  }
  return best;
}

/** Coverage first; missing the question's heaviest word costs a fifth; focused and literal matches break ties. */
function rankScore(coverage: number, measured: Coverage): number {
  return (measured.coversFocus ? coverage : coverage * 0.8) + 0.05 * measured.focus + 0.04 * measured.exact;
}

function entryOf(
  index: KnowledgeIndex,
  candidate: Candidate,
  query: CompiledQuery,
  isWho: boolean,
): AnswerEntry {
  const org = index.organisationById.get(candidate.orgId)!;
  const score = Math.round(Math.min(1, candidate.score) * 100) / 100;
  const passage = candidate.passage;
  const statement =
    candidate.statement ??
    (passage && !isWho ? obviousActor(index, passage, query, candidate.coverage) : undefined);
  const documentIndex = statement?.document ?? passage!.document;
  const document = index.documents[documentIndex]!;
  const quote = passage ? quoteOf(index, passage, query) : statement!.quote;
  return {
    orgId: org.id,
    organization: org.name,
    actor: statement?.actor ?? null,
    actorEn: statement?.actorEn ?? null,
    statement: statement ? statement.duty : firstSentence(quote),
    quote,
    document: document.title,
    section: passage?.section ?? statement!.section,
    source: `${document.path}:${passage?.line ?? statement!.line}`,
    score,
  };
}

/** The statement inside a passage that covers the question as well as the passage does: its actor is the obvious one. */
function obviousActor(
  index: KnowledgeIndex,
  passage: PassageEntry,
  query: CompiledQuery,
  coverage: number,
): StatementEntry | undefined {
  const best = closestStatement(index, passage, query, false);
  return best && best.coverage >= coverage - 0.05 ? best.statement : undefined;
}

/**
 * The passage verbatim; a list introduction with its items (one per line); for long passages the
 * best-covering run of sentences.
 */
function quoteOf(index: KnowledgeIndex, passage: PassageEntry, query: CompiledQuery): string {
  if (passage.items.length > 0) return listQuote(index, passage, query);
  if (passage.text.length <= MAX_QUOTE_CHARS) return passage.text;
  const sentences = splitSentences(passage.text);
  let best = { text: sentences[0] ?? passage.text, score: -1 };
  for (let start = 0; start < sentences.length; start += 1) {
    let text = '';
    for (let end = start; end < sentences.length; end += 1) {
      const next = text ? `${text} ${sentences[end]}` : sentences[end]!;
      if (next.length > MAX_QUOTE_CHARS && text) break;
      text = next;
      const score = query.measure(knownTerms(index, text)).coverage - text.length / 100_000;
      if (score > best.score) best = { text, score };
    }
  }
  return best.text;
}

/** Sorted ids of the known terms of a text. */
function knownTerms(index: KnowledgeIndex, text: string): Uint32Array {
  const ids = new Set<number>();
  for (const term of index.analyzer.textTerms(text)) {
    const id = index.terms.id(term);
    if (id !== undefined) ids.add(id);
  }
  return Uint32Array.from(ids).sort();
}

function listQuote(index: KnowledgeIndex, intro: PassageEntry, query: CompiledQuery): string {
  const items = intro.items.map((id) => index.passages[id]!);
  const full = [intro.text, ...items.map((item) => `- ${item.text}`)].join('\n');
  if (full.length <= MAX_QUOTE_CHARS * 1.5) return full;
  const ranked = items
    .map((item, order) => ({ item, order, coverage: query.measure(item.terms).coverage }))
    .sort((a, b) => b.coverage - a.coverage)
    .slice(0, 3)
    .sort((a, b) => a.order - b.order);
  return [intro.text, ...ranked.map(({ item }) => `- ${item.text}`), '- …'].join('\n');
}

function firstSentence(text: string): string {
  const sentence = splitSentences(text.split('\n')[0] ?? text)[0] ?? text;
  return sentence.length > 240 ? `${sentence.slice(0, 237).trimEnd()}…` : sentence;
}

function suggestionsFrom(index: KnowledgeIndex, ranked: readonly PassageEntry[]): Suggestion[] {
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const passage of ranked) {
    const document = index.documents[passage.document]!;
    const key = `${passage.orgId}|${document.path}|${passage.section}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const org = index.organisationById.get(passage.orgId)!;
    suggestions.push({
      orgId: org.id,
      organization: org.name,
      document: document.title,
      section: passage.section,
      source: `${document.path}:${passage.line}`,
    });
    if (suggestions.length === 3) break;
  }
  return suggestions;
}
