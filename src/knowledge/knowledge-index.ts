import MiniSearch from 'minisearch';
import { createAnalyzer, type Analyzer } from './analyzer.js';
import { createCognateIndex, type CognateIndex } from './cognates.js';
import type { Body, FrontMatter, LanguageData } from './knowledge-schema.js';
import type { LoadedKnowledge } from './loader.js';
import { createOrgDetector, type OrgKind } from './org-detection.js';
import { createMultiPhraseMatcher, createPhraseMatcher } from './phrase-matcher.js';
import type { QuestionReaderParts } from './question.js';
import {
  extractStatements,
  PROPOSAL_CUE,
  type BodyMentionValue,
  type StatementOrigin,
} from './statements.js';
import { mergeTerms, subtractTerms, TermDictionary } from './term-dictionary.js';
import { foldDiacritics, tokenize } from './text.js';
import { createVocabularyIndex, type ConceptInput } from './vocabulary-index.js';
import { isCountryName } from '../visits/countries.js';

/** Everything needed to answer questions, built once per (re)load of `knowledge/`. */

export interface OrganisationEntry {
  id: string;
  name: string;
  nameEn: string | undefined;
  kind: OrgKind;
  bodies: Body[];
}

export interface DocumentEntry {
  orgId: string;
  path: string;
  title: string;
  frontMatter: FrontMatter;
  /** Statements and passages from context documents (minutes, proposals) count for less. */
  weight: number;
}

export interface PassageEntry {
  id: number;
  orgId: string;
  document: number;
  line: number;
  text: string;
  section: string;
  /** Sorted term ids of the passage text. */
  terms: Uint32Array;
  /** Sorted term ids of the headings above, the sentence introducing a list and the previous passage. */
  context: Uint32Array;
  /** Capitalised words inside sentences (place and partner names), for "which …?" questions. */
  names: number;
  /** For a sentence that introduces a list ("… ska prioritet ges åt:"): the passages of its items. */
  items: number[];
  /** Statements quoted from this passage. */
  statements: number[];
  /** Term ids of the first words (a passage that starts with a thing often defines it). */
  lead: Uint32Array;
}

export interface StatementEntry {
  id: number;
  orgId: string;
  document: number;
  passage: number | undefined;
  line: number;
  section: string;
  actor: string;
  actorEn: string;
  duty: string;
  quote: string;
  origin: StatementOrigin;
  cue: string;
  /** Sorted term ids of the duty (the actor's own name left out). */
  primary: Uint32Array;
  /** Sorted term ids of the headings and the whole paragraph. */
  context: Uint32Array;
  /** Confidence in the attribution: explicit statements 1, inherited ones less. */
  weight: number;
  /** Says "ansvarar", "ansvarig", "svarar för", "…ansvaret": fits questions about responsibility. */
  saysResponsible: boolean;
  /** Says "tillses att", "säkerställer": fits "who makes sure …" questions. */
  saysEnsure: boolean;
}

export interface KnowledgeIndex {
  organisations: OrganisationEntry[];
  organisationById: Map<string, OrganisationEntry>;
  documents: DocumentEntry[];
  passages: PassageEntry[];
  statements: StatementEntry[];
  statementsByOrg: Map<string, StatementEntry[]>;
  passagesByOrg: Map<string, number[]>;
  /** Statement ids containing each term id (in their duty or context). */
  statementPostings: Map<number, Uint32Array>;
  /** Passage ids containing each term id (in their text or context); built on first use. */
  passagePostings(): ReadonlyMap<number, Uint32Array>;
  /** Term ids and how many passages contain each term. */
  terms: TermDictionary;
  search: MiniSearch<{ id: number; text: string }>;
  analyzer: Analyzer;
  reader: QuestionReaderParts;
  vocabularySize: number;
}

const ORIGIN_WEIGHT: Record<StatementOrigin, number> = {
  subject: 1,
  agent: 1,
  section: 0.95,
  list: 0.95,
  anaphora: 0.85,
};
const CONTEXT_DOCUMENT_WEIGHT = 0.8;
/**
 * "X bör …" (should) advises X rather than making X responsible, as "X ska …" or "X ansvarar …" do;
 * "X föreslår Y besluta …" makes Y the one who decides, X only proposed it.
 */
const ADVISORY_CUES = new Set(['bör', 'bor', PROPOSAL_CUE]);
const ADVISORY_WEIGHT = 0.9;

export function buildKnowledgeIndex(knowledge: LoadedKnowledge): KnowledgeIndex {
  const { language, vocabulary } = knowledge;

  const lexicon = new Set<string>();
  const addWords = (text: string) => {
    for (const token of tokenize(text)) lexicon.add(token.word);
  };
  for (const { organisation, documents } of knowledge.organisations) {
    for (const body of organisation.bodies)
      [body.name, ...body.aliases, ...body.references].forEach(addWords);
    for (const document of documents) for (const block of document.blocks) addWords(block.text);
  }
  for (const concept of vocabulary.concepts) [...concept.sv, ...concept.near].forEach(addWords);
  Object.values(language.kindWords).flat().forEach(addWords);
  const analyzer = createAnalyzer(language, lexicon);
  const dictionary = new TermDictionary();
  const termSet = (text: string) => dictionary.internAll(analyzer.textTerms(text));
  /** Passage terms with repeats (for BM25 term frequencies), handed to minisearch pre-analysed. */
  const searchText: string[] = [];
  const sections = new Map<string, string>();
  const shared = (text: string) => {
    let value = sections.get(text);
    if (value === undefined) sections.set(text, (value = text));
    return value;
  };
  const headingTerms = new Map<string, Uint32Array>();
  const termsOfHeadings = (headings: readonly string[]): Uint32Array => {
    const key = headings.join('\n');
    let terms = headingTerms.get(key);
    if (!terms) {
      terms = termSet(key);
      headingTerms.set(key, terms);
    }
    return terms;
  };

  const organisations: OrganisationEntry[] = [];
  const documents: DocumentEntry[] = [];
  const passages: PassageEntry[] = [];
  const statements: StatementEntry[] = [];
  const ensureCues = language.ensureCues.map((c) => foldDiacritics(c.toLowerCase()));
  const statementRules = {
    negations: new Set(language.negations.map((w) => foldDiacritics(w.toLowerCase()))),
    responsibilityWords: new Set(
      [...language.responsibilityWords.sv, 'åtagande', 'åtaganden', 'uppdrag'].map((w) =>
        foldDiacritics(w.toLowerCase()),
      ),
    ),
  };

  for (const { organisation, documents: orgDocuments } of knowledge.organisations) {
    const orgNameWords = new Set(
      [organisation.name, ...organisation.names, ...organisation.sharedNames].flatMap((n) =>
        tokenize(n).map((t) => t.word),
      ),
    );
    organisations.push({
      id: organisation.id,
      name: organisation.name,
      nameEn: organisation.nameEn,
      kind: organisation.kind,
      bodies: organisation.bodies,
    });
    const bodyMatcher = createPhraseMatcher<BodyMentionValue>(
      organisation.bodies.flatMap((body) => [
        { phrase: body.name, value: { body, form: 'name' as const } },
        ...body.aliases.map((phrase) => ({ phrase, value: { body, form: 'alias' as const } })),
        ...body.references.map((phrase) => ({ phrase, value: { body, form: 'reference' as const } })),
      ]),
    );
    for (const loaded of orgDocuments) {
      const documentIndex = documents.length;
      documents.push({
        orgId: organisation.id,
        path: loaded.path,
        title: loaded.frontMatter.title,
        frontMatter: loaded.frontMatter,
        weight: loaded.frontMatter.role === 'context' ? CONTEXT_DOCUMENT_WEIGHT : 1,
      });
      const headingStack: { level: number; text: string }[] = [];
      const passageOfBlock = new Map<number, number>();
      let listIntro: Uint32Array | undefined;
      let introPassage: PassageEntry | undefined;
      loaded.blocks.forEach((block, blockIndex) => {
        if (block.kind === 'heading') {
          while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= block.level)
            headingStack.pop();
          headingStack.push({ level: block.level, text: block.text });
          listIntro = termSet(block.text);
          introPassage = undefined;
          return;
        }
        const headings = headingStack.slice(1).map((h) => h.text);
        const section = shared(sectionName(headings, loaded.frontMatter.title));
        const previous = passages[passages.length - 1];
        const neighbour =
          previous && previous.document === documentIndex && previous.section === section
            ? previous.terms
            : undefined;
        const analyzed = analyzer.textTerms(block.text);
        searchText.push(analyzed.join(' '));
        const terms = dictionary.internAll(analyzed);
        const id = passages.length;
        passageOfBlock.set(blockIndex, id);
        passages.push({
          id,
          orgId: organisation.id,
          document: documentIndex,
          line: block.line,
          text: block.text,
          section,
          terms,
          context: subtractTerms(
            mergeTerms(termsOfHeadings(headings), block.kind === 'bullet' ? listIntro : undefined, neighbour),
            terms,
          ),
          names: countNames(block.text, orgNameWords),
          items: [],
          statements: [],
          lead: termSet(leadingWords(block.text)),
        });
        if (block.kind === 'bullet') introPassage?.items.push(id);
        if (block.kind === 'paragraph') {
          listIntro = terms;
          introPassage = block.text.trimEnd().endsWith(':') ? passages[id] : undefined;
        }
      });
      for (const extracted of extractStatements(loaded.blocks, bodyMatcher, statementRules)) {
        const passage = passageOfBlock.get(extracted.blockIndex);
        const passageEntry = passage === undefined ? undefined : passages[passage];
        const primary = termSet(extracted.matchText);
        const context = subtractTerms(
          mergeTerms(termsOfHeadings(extracted.headings), passageEntry?.terms),
          primary,
        );
        passageEntry?.statements.push(statements.length);
        statements.push({
          id: statements.length,
          orgId: organisation.id,
          document: documentIndex,
          passage,
          line: extracted.line,
          section: sectionName(extracted.headings, loaded.frontMatter.title),
          actor: extracted.actor,
          actorEn: extracted.actorEn,
          duty: extracted.duty,
          quote: extracted.quote,
          origin: extracted.origin,
          cue: extracted.cue,
          primary,
          context,
          weight:
            ORIGIN_WEIGHT[extracted.origin] *
            documents[documentIndex]!.weight *
            (ADVISORY_CUES.has(extracted.cue.toLowerCase()) ? ADVISORY_WEIGHT : 1),
          saysResponsible: /\b(?:\p{L}*ansvar\p{L}*|svarar)\b/iu.test(
            `${extracted.cue} ${extracted.duty} ${extracted.quote}`,
          ),
          saysEnsure: ensureCues.some((cue) =>
            foldDiacritics(`${extracted.cue} ${extracted.duty}`.toLowerCase()).includes(cue),
          ),
        });
      }
    }
  }

  const passagesByOrg = new Map<string, number[]>();
  for (const passage of passages) {
    dictionary.countPassage(passage.terms);
    const list = passagesByOrg.get(passage.orgId) ?? [];
    list.push(passage.id);
    passagesByOrg.set(passage.orgId, list);
  }

  // BM25 over the passages with the same analysis (stems and compound parts).
  const search = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => (text ? text.split(' ') : []),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => text.split(' '), processTerm: (term) => term },
  });
  search.addAll(passages.map((p) => ({ id: p.id, text: searchText[p.id]! })));
  searchText.length = 0;

  const statementsByOrg = new Map<string, StatementEntry[]>();
  const postings = new Map<number, number[]>();
  for (const statement of statements) {
    const list = statementsByOrg.get(statement.orgId) ?? [];
    list.push(statement);
    statementsByOrg.set(statement.orgId, list);
    for (const ids of [statement.primary, statement.context]) {
      for (const id of ids) {
        const posting = postings.get(id);
        if (posting) posting.push(statement.id);
        else postings.set(id, [statement.id]);
      }
    }
  }
  const statementPostings = new Map<number, Uint32Array>();
  for (const [id, list] of postings) statementPostings.set(id, Uint32Array.from(list));
  let passagePostings: Map<number, Uint32Array> | undefined;

  const bodyConcepts: ConceptInput[] = organisations.flatMap((org) =>
    org.bodies.map((body) => ({
      id: `body:${org.id}:${body.name}`,
      en: [body.en, ...body.enAliases],
      sv: [body.name, ...body.aliases],
    })),
  );
  const vocabularyIndex = createVocabularyIndex([...vocabulary.concepts, ...bodyConcepts], analyzer);

  return {
    organisations,
    organisationById: new Map(organisations.map((o) => [o.id, o])),
    documents,
    passages,
    statements,
    statementsByOrg,
    passagesByOrg,
    statementPostings,
    passagePostings: () => (passagePostings ??= invertTerms(passages.map((p) => [p.terms, p.context]))),
    terms: dictionary,
    search,
    analyzer,
    reader: questionReaderParts(
      knowledge,
      language,
      analyzer,
      vocabularyIndex,
      createCognateIndex(usedTerms(dictionary)),
    ),
    vocabularySize: vocabulary.concepts.length,
  };
}

/** Term id → ids of the items (in order) whose term arrays contain it. */
function invertTerms(items: readonly (readonly Uint32Array[])[]): Map<number, Uint32Array> {
  const lists = new Map<number, number[]>();
  items.forEach((arrays, item) => {
    for (const terms of arrays) {
      for (const term of terms) {
        const list = lists.get(term);
        if (!list) lists.set(term, [item]);
        else if (list[list.length - 1] !== item) list.push(item);
      }
    }
  });
  const inverted = new Map<number, Uint32Array>();
  for (const [term, list] of lists) inverted.set(term, Uint32Array.from(list));
  return inverted;
}

/** The first words of a text, skipping "Med" of "Med X avses …". */
function leadingWords(text: string): string {
  return tokenize(text)
    .filter((t, i) => !(i === 0 && t.word === 'med'))
    .slice(0, 2)
    .map((t) => t.word)
    .join(' ');
}

/** Capitalised words that do not start a sentence and are not the organisation's own name. */
function countNames(text: string, ignore: ReadonlySet<string>): number {
  let count = 0;
  for (const match of text.matchAll(/(?<![.!?:]\s|^)(?<=\s|\()\p{Lu}[\p{L}-]+/gu)) {
    if (!ignore.has(match[0].toLowerCase())) count += 1;
  }
  return count;
}

function sectionName(headings: readonly string[], title: string): string {
  return headings.length > 0 ? headings.join(' › ') : title;
}

/** The terms that occur in at least one passage. */
function* usedTerms(dictionary: TermDictionary): Iterable<string> {
  for (let id = 0; id < dictionary.size; id += 1)
    if (dictionary.frequencyOf(id) > 0) yield dictionary.termOf(id);
}

function questionReaderParts(
  knowledge: LoadedKnowledge,
  language: LanguageData,
  analyzer: Analyzer,
  vocabulary: ReturnType<typeof createVocabularyIndex>,
  cognates: CognateIndex,
): QuestionReaderParts {
  const lower = (words: readonly string[]) => new Set(words.map((w) => w.toLowerCase()));
  return {
    analyzer,
    vocabulary,
    orgs: createOrgDetector(
      knowledge.organisations.map(({ organisation }) => ({
        id: organisation.id,
        kind: organisation.kind,
        names: organisation.names,
        sharedNames: organisation.sharedNames,
      })),
      language.kindWords,
    ),
    bodies: createMultiPhraseMatcher(
      knowledge.organisations.flatMap(({ organisation }) =>
        organisation.bodies.flatMap((body) =>
          [body.name, ...body.aliases, body.en, ...body.enAliases].map((phrase) => ({ phrase, value: body })),
        ),
      ),
    ),
    languageCues: {
      english: lower([...language.stopwords.en, ...language.whoWords.en, ...language.whichWords.en]),
      swedish: lower([...language.stopwords.sv, ...language.whoWords.sv, ...language.whichWords.sv]),
    },
    whoWords: lower([...language.whoWords.en, ...language.whoWords.sv]),
    whichWords: lower([...language.whichWords.en, ...language.whichWords.sv]),
    bodyNouns: lower([...language.bodyNouns.en, ...language.bodyNouns.sv]),
    capitalStopwords: lower(language.capitalStopwords),
    isPlace: isCountryName,
    definitionPatterns: language.definitionPatterns.map((pattern) => new RegExp(pattern, 'iu')),
    cognates,
    kindWords: createMultiPhraseMatcher(
      (Object.entries(language.kindWords) as [OrgKind, string[]][]).flatMap(([kind, words]) =>
        words.map((phrase) => ({ phrase, value: kind })),
      ),
    ),
    responsibility: createPhraseMatcher([
      ...[...language.responsibilityWords.en, ...language.responsibilityWords.sv].map((phrase) => ({
        phrase,
        value: 'responsible' as const,
      })),
      ...[...language.ensureWords.en, ...language.ensureWords.sv].map((phrase) => ({
        phrase,
        value: 'ensure' as const,
      })),
    ]),
  };
}
