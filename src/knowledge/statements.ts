import type { Body } from './knowledge-schema.js';
import type { Block } from './markdown.js';
import type { PhraseMatch, PhraseMatcher } from './phrase-matcher.js';
import { capitalise, foldDiacritics, lowerFirst, splitSentences, tokenize, type Token } from './text.js';

/**
 * Responsibility statements extracted from a policy: who (a body the organisation's metadata names)
 * does what, with the verbatim sentence or bullet it comes from. Patterns, in order:
 * - subject: "X beslutar om …", "X ansvarar för …", "… och kommunstyrelsen har rätt att teckna …",
 *   "X, med …, ansvarar för …", "X tillses att …"; "X föreslår Y besluta" names Y;
 * - agent: "… sluts via X", "… sker via X", "… redovisas årligen till X", "… bereds till X",
 *   "… ingår som uppgift och ansvar hos X", "Beslutad av X", "… ett ansvar för (såväl) X (som för Y)";
 * - structure: a heading that names a body followed by its duties ("Regionsstyrelsen" + bullets), a
 *   heading or list intro with a subject ("Landstingsfullmäktige beslutar om" + bullets), a list intro
 *   about responsibility ("Det … ansvaret består av följande åtagande:") after a statement;
 * - anaphora: "Vidare verkar de för att …" and actor-less sentences in a responsibility section
 *   continue the previous statement's actor.
 * Negated clauses ("kan inte sluta …") never become statements.
 */

export interface BodyMentionValue {
  body: Body;
  form: 'name' | 'alias' | 'reference';
}

export type StatementOrigin = 'subject' | 'agent' | 'section' | 'list' | 'anaphora';

export interface ExtractedStatement {
  /** Index of the block (paragraph, bullet or heading) the quote comes from. */
  blockIndex: number;
  line: number;
  headings: string[];
  actor: string;
  actorEn: string;
  bodies: Body[];
  /** The duty as the policy words it (the clause without the actor). */
  duty: string;
  /** Verbatim policy text; a list intro and its bullet are joined with " … ". */
  quote: string;
  /** Text that describes the duty, for matching questions (the actor's own name left out). */
  matchText: string;
  origin: StatementOrigin;
  /** The verb or pattern that assigned the responsibility ("beslutar", "via", "till", …). */
  cue: string;
}

export interface StatementRules {
  negations: ReadonlySet<string>;
  /** Words that make an actor-less list intro a continuation of the previous actor ("ansvaret", "åtagande"). */
  responsibilityWords: ReadonlySet<string>;
}

interface Group {
  mentions: PhraseMatch<BodyMentionValue>[];
  start: number;
  end: number;
  fromToken: number;
  toToken: number;
}

interface ClauseAnalysis {
  group: Group;
  origin: 'subject' | 'agent';
  cue: string;
  dutyStart: number;
  /** "X föreslår Y besluta …": the group is Y (who decides); X proposed it. */
  proposer?: Group;
}

/** The body that proposed a decision, and its words ("föreslår regionstyrelsen besluta"). */
interface Proposal {
  actor: ReturnType<typeof actorOf>;
  duty: string;
  /** What is left for the deciding body ("besluta"): its statements do not match the proposing. */
  decision: string;
}

function proposalOf(text: string, analysis: ClauseAnalysis): Proposal | undefined {
  if (!analysis.proposer) return undefined;
  return {
    actor: actorOf(text, analysis.proposer),
    duty: trimDuty(text.slice(analysis.proposer.end)),
    decision: trimDuty(text.slice(analysis.dutyStart)),
  };
}

const CONNECTORS = new Set([
  'att',
  'och',
  'samt',
  'men',
  'medan',
  'även',
  'aven',
  'detta',
  'det',
  'innebar',
  'vilket',
  'bl',
  'a',
  'darfor',
  'dessutom',
  'vidare',
  'sa',
  'da',
  'aven',
]);
const SUBORDINATORS = new Set(['att', 'och', 'som', 'medan', 'men', 'samt', 'dar', 'da', 'sa']);
const ADVERBS = new Set([
  'aven',
  'ocksa',
  'arligen',
  'alltid',
  'dessutom',
  'gemensamt',
  'dock',
  'normalt',
  'formellt',
  'sedan',
  'dels',
  'endast',
  'bara',
  'bland',
  'annat',
]);
const PREPOSITIONS = new Set(['inom', 'i', 'pa', 'med', 'vid', 'for', 'hos', 'under', 'inklusive', 'enligt']);
const VERBS = new Set([
  'ska',
  'skall',
  'kan',
  'far',
  'bor',
  'har',
  'hade',
  'ar',
  'var',
  'blir',
  'tar',
  'gor',
  'maste',
  'svarar',
  'skoter',
  'deltar',
  'foreslar',
  'tillses',
  'later',
  'ges',
  'bifaller',
  'utser',
  'star',
]);
const VERB_ENDING = /(?:ar|er|ir|ur|or|s|de|te|tt)$/;
const ANAPHORA = new Set(['de', 'dessa', 'detta', 'denna', 'vidare', 'dessutom', 'darutover']);
const ADOPTION_WORDS = new Set([
  'beslutad',
  'beslutat',
  'beslutade',
  'faststalld',
  'faststallt',
  'faststallts',
  'antagen',
  'antaget',
  'antogs',
  'beslutas',
  'faststalls',
  'godkand',
  'godkant',
]);
const REPORT_WORDS = new Set([
  'redovisas',
  'rapporteras',
  'aterrapporteras',
  'presenteras',
  'lamnas',
  'bereds',
  'anmals',
  'overlamnas',
]);
const GROUP_GLUE = /^\s*(?:,|och|samt|eller|&|som för|som|,\s*och|,\s*samt)?\s*$/i;

function isVerbLike(token: Token): boolean {
  return VERBS.has(token.folded) || (token.folded.length >= 4 && VERB_ENDING.test(token.folded));
}

function extendGroup(text: string, mentions: PhraseMatch<BodyMentionValue>[], index: number): Group {
  const first = mentions[index]!;
  const group: Group = {
    mentions: [first],
    start: first.start,
    end: first.end,
    fromToken: first.from,
    toToken: first.to,
  };
  for (let k = index + 1; k < mentions.length; k += 1) {
    const next = mentions[k]!;
    if (!GROUP_GLUE.test(text.slice(group.end, next.start))) break;
    group.mentions.push(next);
    group.end = next.end;
    group.toToken = next.to;
  }
  return group;
}

/** The token index of the finite verb after a subject, or -1 when none follows. */
function verbAfter(text: string, tokens: Token[], group: Group): number {
  let i = group.toToken;
  const appositive = /^\s*,/.test(text.slice(group.end));
  if (appositive) {
    const close = text.indexOf(',', text.indexOf(',', group.end) + 1);
    if (close !== -1) {
      const after = tokens.findIndex((t) => t.start > close);
      if (after !== -1 && isVerbLike(tokens[after]!)) return after;
    }
  }
  while (i < tokens.length && ADVERBS.has(tokens[i]!.folded)) i += 1;
  if (i < tokens.length && isVerbLike(tokens[i]!)) return i;
  // "Medarbetare i landstinget bör …": a prepositional phrase between subject and verb. The
  // preposition is read from the text, as one-letter words ("i") are not tokens.
  const preposition = /^\s+([\p{L}]+)\s/u.exec(text.slice(group.end));
  if (preposition && PREPOSITIONS.has(foldDiacritics(preposition[1]!.toLowerCase()))) {
    const afterPreposition = group.end + preposition[0].length;
    const first = tokens.findIndex((t) => t.start >= afterPreposition);
    if (first === -1) return -1;
    for (let k = first; k < Math.min(tokens.length, first + 4); k += 1) {
      if (VERBS.has(tokens[k]!.folded) || (k > first && isVerbLike(tokens[k]!))) return k;
    }
  }
  return -1;
}

function analyzeClause(text: string, matcher: PhraseMatcher<BodyMentionValue>): ClauseAnalysis | undefined {
  const tokens = tokenize(text);
  const mentions = matcher.find(tokens);
  for (let index = 0; index < mentions.length; index += 1) {
    const mention = mentions[index]!;
    const before = tokens.slice(0, mention.from);
    const atStart = before.every((t) => CONNECTORS.has(t.folded) || t.folded === 'saval');
    const afterConjunction = before.length > 0 && SUBORDINATORS.has(before[before.length - 1]!.folded);
    if (!atStart && !afterConjunction) continue;
    const group = extendGroup(text, mentions, index);
    const verb = verbAfter(text, tokens, group);
    if (verb === -1) continue;
    const verbToken = tokens[verb]!;
    const proposed = mentions.find((m) => m.from === verb + 1);
    if (verbToken.folded === 'foreslar' && proposed) {
      const decider = extendGroup(text, mentions, mentions.indexOf(proposed));
      return { group: decider, origin: 'subject', cue: 'besluta', dutyStart: decider.end, proposer: group };
    }
    return { group, origin: 'subject', cue: verbToken.word, dutyStart: group.end };
  }
  for (let index = 0; index < mentions.length; index += 1) {
    const mention = mentions[index]!;
    const previous = tokens[mention.from - 1]?.folded;
    const window = (n: number) =>
      tokens.slice(Math.max(0, mention.from - 1 - n), mention.from - 1).map((t) => t.folded);
    let cue: string | undefined;
    if (previous === 'via') cue = 'via';
    else if (previous === 'hos' && window(4).some((w) => w.startsWith('ansvar') || w.startsWith('uppgift')))
      cue = 'hos';
    else if (previous === 'av' && window(3).some((w) => ADOPTION_WORDS.has(w))) cue = 'av';
    else if (previous === 'till' && window(4).some((w) => REPORT_WORDS.has(w))) cue = 'till';
    else if ((previous === 'for' || previous === 'saval') && window(2).some((w) => w.startsWith('ansvar')))
      cue = 'ansvar för';
    if (cue) return { group: extendGroup(text, mentions, index), origin: 'agent', cue, dutyStart: 0 };
  }
  // "… värdorganisation för Europa Direkt som arbetar med att …": the body is the relative clause's subject.
  for (let index = 0; index < mentions.length; index += 1) {
    const group = extendGroup(text, mentions, index);
    const relative = tokens[group.toToken];
    const verb = tokens[group.toToken + 1];
    if (relative?.folded !== 'som' || !verb || !isVerbLike(verb)) continue;
    return { group, origin: 'subject', cue: verb.word, dutyStart: relative.end };
  }
  return undefined;
}

function actorOf(text: string, group: Group): { actor: string; actorEn: string; bodies: Body[] } {
  const names: string[] = [];
  const english: string[] = [];
  const bodies: Body[] = [];
  for (const mention of group.mentions) {
    if (bodies.includes(mention.value.body)) continue;
    bodies.push(mention.value.body);
    const surface = text.slice(mention.start, mention.end);
    const shown = mention.value.form === 'reference' ? mention.value.body.name : surface;
    names.push(names.length === 0 ? capitalise(shown) : lowerFirst(shown));
    english.push(mention.value.body.en);
  }
  return { actor: joinList(names, 'och'), actorEn: joinList(english, 'and'), bodies };
}

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

function trimDuty(text: string): string {
  return text
    .replace(/^[\s,:;–-]+/, '')
    .replace(/[\s:]+$/, '')
    .trim();
}

interface Clause {
  text: string;
  analysis: ClauseAnalysis | undefined;
  negated: boolean;
}

const CLAUSE_BREAK = /(?:,\s*|\s+)(?=(?:medan|men|utan)\s)|;\s*/g;

function splitClauses(
  sentence: string,
  matcher: PhraseMatcher<BodyMentionValue>,
  rules: StatementRules,
): Clause[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of sentence.matchAll(CLAUSE_BREAK)) {
    pieces.push(sentence.slice(start, match.index));
    start = match.index + match[0].length;
  }
  pieces.push(sentence.slice(start));
  const clauses: Clause[] = [];
  for (const piece of pieces) {
    if (!piece.trim()) continue;
    const analysis = analyzeClause(piece, matcher);
    const negated = tokenize(piece).some((t) => rules.negations.has(t.folded));
    const previous = clauses[clauses.length - 1];
    if (!analysis && previous?.analysis) {
      previous.text = `${previous.text} ${piece.trim()}`;
      continue;
    }
    clauses.push({ text: piece.trim(), analysis, negated });
  }
  return clauses;
}

/** Extracts the responsibility statements of one document. */
export function extractStatements(
  blocks: readonly Block[],
  matcher: PhraseMatcher<BodyMentionValue>,
  rules: StatementRules,
): ExtractedStatement[] {
  const statements: ExtractedStatement[] = [];
  const headings: { level: number; text: string; sectionActor?: Group & { text: string } }[] = [];
  let lastInSection: { actor: ReturnType<typeof actorOf> } | undefined;
  let intro:
    | { text: string; rest: string; actor: ReturnType<typeof actorOf>; proposal?: Proposal | undefined }
    | undefined;

  const path = () => headings.slice(1).map((h) => h.text);
  const nearest = () => headings[headings.length - 1];
  const inResponsibilitySection = () =>
    headings.some((h) => foldDiacritics(h.text.toLowerCase()).includes('ansvar'));

  const emit = (s: Omit<ExtractedStatement, 'headings'>) => {
    statements.push({ ...s, headings: path() });
    lastInSection = { actor: { actor: s.actor, actorEn: s.actorEn, bodies: s.bodies } };
  };

  blocks.forEach((block, blockIndex) => {
    if (block.kind === 'heading') {
      while (headings.length > 0 && headings[headings.length - 1]!.level >= block.level) headings.pop();
      const tokens = tokenize(block.text);
      const mentions = matcher.find(tokens);
      const entry: (typeof headings)[number] = { level: block.level, text: block.text };
      lastInSection = undefined;
      intro = undefined;
      if (mentions.length > 0 && mentions[0]!.from === 0 && tokens.length > 0) {
        const group = extendGroup(block.text, mentions, 0);
        if (group.toToken === tokens.length) entry.sectionActor = { ...group, text: block.text };
      }
      headings.push(entry);
      if (!entry.sectionActor) {
        const analysis = analyzeClause(block.text, matcher);
        if (analysis?.origin === 'subject') {
          const actor = actorOf(block.text, analysis.group);
          const duty = trimDuty(block.text.slice(analysis.dutyStart));
          intro = { text: block.text, rest: removeSpan(block.text, analysis.group), actor };
          if (contentWords(duty) < MIN_DUTY_WORDS) return;
          emit({
            blockIndex,
            line: block.line,
            ...actor,
            duty,
            quote: block.text,
            matchText: removeSpan(block.text, analysis.group),
            origin: 'subject',
            cue: analysis.cue,
          });
        }
      }
      return;
    }

    if (block.kind === 'bullet' && intro) {
      const own = splitClauses(block.text, matcher, rules).find((c) => c.analysis && !c.negated);
      if (!own) {
        const item = block.text.replace(/[.,;]$/, '');
        if (intro.proposal) {
          const duty = `${intro.proposal.duty} … ${item}`;
          emit({
            blockIndex,
            line: block.line,
            ...intro.proposal.actor,
            duty,
            quote: `${intro.text} … ${block.text}`,
            matchText: duty,
            origin: 'list',
            cue: PROPOSAL_CUE,
          });
        }
        emit({
          blockIndex,
          line: block.line,
          ...intro.actor,
          duty: item,
          quote: `${intro.text} … ${block.text}`,
          matchText: `${intro.rest} ${block.text}`,
          origin: 'list',
          cue: 'list',
        });
        return;
      }
    }
    if (block.kind === 'paragraph') intro = undefined;

    let previousActor: ReturnType<typeof actorOf> | undefined;
    const sectionActor = nearest()?.sectionActor;
    let lastActorInBlock: ReturnType<typeof actorOf> | undefined;
    let lastProposalInBlock: Proposal | undefined;
    for (const sentence of splitSentences(block.text)) {
      const clauses = splitClauses(sentence, matcher, rules);
      const hasActor = clauses.some((c) => c.analysis);
      // Under a heading that names a body, actor-less clauses belong to that body.
      if (sectionActor && hasActor) {
        for (const clause of clauses) {
          if (clause.analysis || clause.negated) continue;
          const actor = actorOf(sectionActor.text, sectionActor);
          emit({
            blockIndex,
            line: block.line,
            ...actor,
            duty: trimDuty(clause.text),
            quote: sentence,
            matchText: clause.text,
            origin: 'section',
            cue: 'heading',
          });
        }
      }
      const leading = sectionActor
        ? []
        : clauses.filter((c, i) => !c.analysis && clauses.slice(i).some((later) => later.analysis));
      let emitted = false;
      for (const clause of clauses) {
        if (!clause.analysis || clause.negated) continue;
        const { group, origin, cue, dutyStart } = clause.analysis;
        const actor = actorOf(clause.text, group);
        const duty = origin === 'subject' ? trimDuty(clause.text.slice(dutyStart)) : trimDuty(clause.text);
        const proposal = proposalOf(clause.text, clause.analysis);
        lastProposalInBlock = proposal;
        if (contentWords(duty) < MIN_DUTY_WORDS) {
          lastActorInBlock = actor;
          continue;
        }
        if (proposal)
          emit({
            blockIndex,
            line: block.line,
            ...proposal.actor,
            duty: proposal.duty,
            quote: sentence,
            matchText: proposal.duty,
            origin,
            cue: PROPOSAL_CUE,
          });
        emit({
          blockIndex,
          line: block.line,
          ...actor,
          duty,
          quote: sentence,
          matchText: [
            ...leading.map((c) => c.text),
            proposal ? proposal.decision : removeSpan(clause.text, group),
          ].join(' '),
          origin,
          cue,
        });
        emitted = true;
        previousActor = actor;
        lastActorInBlock = actor;
      }
      if (emitted || hasActor) continue;
      if (clauses.some((c) => c.negated)) continue;
      const first = tokenize(sentence)[0]?.folded;
      const anaphoric = first !== undefined && ANAPHORA.has(first);
      if (previousActor && (anaphoric || inResponsibilitySection())) {
        emit({
          blockIndex,
          line: block.line,
          ...previousActor,
          duty: trimDuty(sentence),
          quote: sentence,
          matchText: sentence,
          origin: 'anaphora',
          cue: 'anaphora',
        });
        continue;
      }
      if (sectionActor) {
        const actor = actorOf(sectionActor.text, sectionActor);
        emit({
          blockIndex,
          line: block.line,
          ...actor,
          duty: trimDuty(sentence),
          quote: sentence,
          matchText: sentence,
          origin: 'section',
          cue: 'heading',
        });
        previousActor = actor;
        lastActorInBlock = actor;
      }
    }

    const next = blocks[blockIndex + 1];
    const introducesList =
      block.text.trimEnd().endsWith(':') || (next?.kind === 'bullet' && !/[.!?]$/.test(block.text.trim()));
    if (introducesList && block.kind === 'paragraph') {
      const tokens = tokenize(block.text);
      const aboutResponsibility = tokens.some((t) => rules.responsibilityWords.has(t.folded));
      const actor = lastActorInBlock ?? (aboutResponsibility ? lastInSection?.actor : undefined);
      if (actor)
        intro = {
          text: block.text,
          rest: !lastActorInBlock
            ? block.text
            : (lastProposalInBlock?.decision ?? removeActorNames(block.text, actor)),
          actor,
          proposal: lastActorInBlock ? lastProposalInBlock : undefined,
        };
    }
  });
  return statements;
}

const MIN_DUTY_WORDS = 2;
/** The cue of a proposing body's statement ("X föreslår Y besluta …" is also a statement about X). */
export const PROPOSAL_CUE = 'föreslår';
const FUNCTION_WORDS = new Set([
  'om',
  'for',
  'att',
  'av',
  'i',
  'pa',
  'till',
  'med',
  'och',
  'det',
  'den',
  'de',
  'som',
]);

function contentWords(text: string): number {
  return tokenize(text).filter((t) => !FUNCTION_WORDS.has(t.folded)).length;
}

function removeSpan(text: string, group: Group): string {
  return `${text.slice(0, group.start)} ${text.slice(group.end)}`.replace(/\s+/g, ' ').trim();
}

function removeActorNames(text: string, actor: { bodies: Body[] }): string {
  let result = text;
  for (const body of actor.bodies) {
    for (const name of [body.name, ...body.aliases])
      result = result.replace(new RegExp(escapeRegExp(name), 'gi'), ' ');
  }
  return result.replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
