import type { Analyzer } from './analyzer.js';
import type { CognateIndex } from './cognates.js';
import type { ConceptKind } from './knowledge-schema.js';
import { detectQuestionLanguage, type Language, type LanguageCues } from './language-detection.js';
import type { OrgDetector, OrgKind } from './org-detection.js';
import type { PhraseMatcher } from './phrase-matcher.js';
import { tokenize, type Token } from './text.js';
import type { Alternative, QuestionToken, VocabularyIndex } from './vocabulary-index.js';

/**
 * Reads a question: its language, whether it asks "who", the organisations it names, and its topic as
 * query units. A unit is one thing the question is about ("partner", "agreement", "twin town"), with
 * the Swedish words that express it in the policies.
 */

export interface QueryUnit {
  /** The question words the unit comes from. */
  label: string;
  alternatives: Alternative[];
  /** The question's own words (stems): matching them exactly is slightly better than a synonym. */
  own: string[];
  /** Vocabulary concepts the unit stands for (two words of one concept make one unit). */
  concepts: string[];
  /** Set when the unit is only a kind of organisation ("the municipality", "regionen"): it may just mean the one asked about. */
  kinds?: OrgKind[];
  /** `action` for verbs ("signs", "handles"): they weigh less than the topic. */
  kind: ConceptKind;
  /** A country name ("Tyskland"): an instance of a topic, weighed as such when the policies never name it. */
  place?: boolean;
}

export interface AnalyzedQuestion {
  language: Language;
  isWho: boolean;
  /** The question uses a responsibility word ("responsible", "ansvarar"): statements saying "ansvarar" fit best. */
  asksResponsibility: boolean;
  /** The question asks who makes sure ("ensure", "ser till att"): statements saying "tillses att" fit best. */
  asksEnsure: boolean;
  orgIds: string[];
  units: QueryUnit[];
  /** "Which twin towns …?", "Vilka vänorter …?": the answer is a list of names. */
  asksForNames: boolean;
  /** "What is a sister-city agreement?": the answer defines something. */
  asksDefinition: boolean;
  /** False when the question holds no letters or digits at all. */
  hasWords: boolean;
}

export interface QuestionReaderParts {
  analyzer: Analyzer;
  vocabulary: VocabularyIndex;
  orgs: OrgDetector;
  /** Body names of every organisation; they block organisation names inside them ("Jönköping University"). */
  bodies: PhraseMatcher<unknown>;
  languageCues: LanguageCues;
  whoWords: ReadonlySet<string>;
  whichWords: ReadonlySet<string>;
  bodyNouns: ReadonlySet<string>;
  /** Responsibility phrases ("responsible", "in charge", "ansvarar"; "ensure", "ser till att"): mark a who question, no topic. */
  responsibility: PhraseMatcher<'responsible' | 'ensure'>;
  /** Stop words that stay stop words in capitals ("OK"); other capitalised stop words ("IT") count. */
  capitalStopwords: ReadonlySet<string>;
  /** Is the word a country's name, in English or Swedish ("Tyskland")? */
  isPlace: (word: string) => boolean;
  /** Words for kinds of organisation ("kommun", "municipality", "region", "landsting"). */
  kindWords: PhraseMatcher<OrgKind[]>;
  definitionPatterns: readonly RegExp[];
  /** Swedish policy terms an unlisted English word is a cognate of ("aspects" → aspekt). */
  cognates: CognateIndex;
}

export function readQuestion(question: string, parts: QuestionReaderParts): AnalyzedQuestion {
  const { analyzer, vocabulary } = parts;
  const tokens = tokenize(question);
  const bodyMatches = parts.bodies.find(tokens);
  const { orgIds, nameTokens } = parts.orgs.detect(tokens, bodyMatches);
  const bodyTokens = new Set(bodyMatches.flatMap((m) => range(m.from, m.to)));

  const topical: Token[] = tokens.filter((_, i) => !nameTokens.has(i));
  const responsibilityMatches = parts.responsibility.find(topical);
  const responsibilityTokens = new Set(responsibilityMatches.flatMap((m) => range(m.from, m.to)));
  const kindOfToken = new Map<number, OrgKind[]>();
  for (const m of parts.kindWords.find(topical))
    for (const i of range(m.from, m.to)) kindOfToken.set(i, m.value);
  let isWho = responsibilityTokens.size > 0;
  let asksForNames = false;
  const askingTokens = new Set<number>();
  topical.forEach((token, i) => {
    if (parts.whoWords.has(token.word)) isWho = true;
    if (!parts.whichWords.has(token.word)) return;
    const bodyNoun = topical.slice(i + 1, i + 3).findIndex((t) => parts.bodyNouns.has(t.word));
    if (bodyNoun !== -1) {
      isWho = true;
      askingTokens.add(i + 1 + bodyNoun);
    } else if (topical[i + 1] && !analyzer.isStopword(topical[i + 1]!.word)) {
      asksForNames = true;
    }
  });

  const questionTokens: QuestionToken[] = topical.map((t) => ({
    word: t.word,
    acronym: t.acronym && !parts.capitalStopwords.has(t.word),
    folded: t.folded,
    en: analyzer.englishStem(t.word),
    sv: analyzer.analyzeWord(t.word).stem,
  }));

  const units: QueryUnit[] = [];
  const hits = { en: 0, sv: 0 };
  let i = 0;
  while (i < questionTokens.length) {
    const token = questionTokens[i]!;
    if (responsibilityTokens.has(i) || askingTokens.has(i)) {
      i += 1;
      continue;
    }
    const match = vocabulary.matchAt(questionTokens, i);
    if (match) {
      const words = questionTokens.slice(i, i + match.length);
      const allStop = words.every((w) => analyzer.isStopword(w.word) && !w.acronym);
      if (!allStop) {
        const alternatives = [...match.concepts, ...match.firstWordConcepts].flatMap((c) => c.alternatives);
        if (words.length === 1) alternatives.push({ terms: [token.sv], weight: 1 });
        const conceptKinds = new Set(match.concepts.map((c) => c.kind));
        const kind: ConceptKind = conceptKinds.size === 1 ? [...conceptKinds][0]! : 'topic';
        const kinds = range(i, i + match.length).map((k) => kindOfToken.get(k));
        units.push({
          label: words.map((w) => w.word).join(' '),
          alternatives,
          kind,
          own: words.map((w) => w.sv),
          concepts: match.concepts.map((c) => c.id),
          ...(kinds.every((k) => k !== undefined) ? { kinds: [...new Set(kinds.flat())] } : {}),
        });
        if (match.languages.size === 1) hits[match.languages.has('en') ? 'en' : 'sv'] += 1;
      }
      i += match.length;
      continue;
    }
    const stop = analyzer.isStopword(token.word) && !token.acronym;
    if (stop || parts.whoWords.has(token.word) || parts.whichWords.has(token.word)) {
      i += 1;
      continue;
    }
    const wordUnits = unitsOfWord(token.word, analyzer, vocabulary, parts.cognates);
    if (parts.isPlace(token.word)) for (const unit of wordUnits) unit.place = true;
    units.push(...wordUnits);
    if (analyzer.isKnownWord(token.word)) hits.sv += 1;
    i += 1;
  }

  const languageTokens = tokens.filter((_, k) => !nameTokens.has(k) && !bodyTokens.has(k));
  return {
    language: detectQuestionLanguage(languageTokens, parts.languageCues, hits),
    isWho,
    asksResponsibility: responsibilityMatches.some((m) => m.value === 'responsible'),
    asksEnsure: responsibilityMatches.some((m) => m.value === 'ensure'),
    orgIds,
    units: mergeUnits(units),
    asksForNames: asksForNames && !isWho,
    asksDefinition: !isWho && parts.definitionPatterns.some((pattern) => pattern.test(question.trim())),
    hasWords: tokens.length > 0,
  };
}

/** A cognate counts a little less than the word itself or a listed synonym. */
const COGNATE_WEIGHT = 0.85;

/** A word outside the vocabulary: its stem, or one unit per compound part (each also matched by the whole word). */
function unitsOfWord(
  word: string,
  analyzer: Analyzer,
  vocabulary: VocabularyIndex,
  cognates: CognateIndex,
): QueryUnit[] {
  const { stem, parts } = analyzer.analyzeWord(word);
  if (parts.length < 2) {
    const related = analyzer.isKnownWord(word) ? [] : cognates.find(word).filter((term) => term !== stem);
    return [
      {
        label: word,
        alternatives: [
          { terms: [stem], weight: 1 },
          ...related.map((term) => ({ terms: [term], weight: COGNATE_WEIGHT })),
        ],
        kind: 'topic',
        own: [stem],
        concepts: [],
      },
    ];
  }
  return parts.map((part) => ({
    label: `${word} (${part})`,
    kind: 'topic' as const,
    own: [part, stem],
    concepts: vocabulary.conceptsForSwedishStem(part).map((c) => c.id),
    alternatives: [
      { terms: [part], weight: 1 },
      { terms: [stem], weight: 1 },
      ...vocabulary.conceptsForSwedishStem(part).flatMap((c) => c.alternatives),
    ],
  }));
}

/** Units that stand for the same concept ("lunch" and "dagens lunch", "drink" and "wine") count once. */
function mergeUnits(units: QueryUnit[]): QueryUnit[] {
  const merged: QueryUnit[] = [];
  for (const unit of units) {
    const key = (u: QueryUnit) =>
      u.alternatives
        .map((a) => `${a.terms.join('+')}@${a.weight}`)
        .sort()
        .join('|');
    const same = merged.find(
      (m) =>
        (unit.concepts.length > 0 && unit.concepts.some((c) => m.concepts.includes(c))) ||
        key(m) === key(unit),
    );
    if (!same) {
      merged.push({
        ...unit,
        alternatives: [...unit.alternatives],
        own: [...unit.own],
        concepts: [...unit.concepts],
      });
      continue;
    }
    same.label = `${same.label} / ${unit.label}`;
    same.alternatives.push(...unit.alternatives);
    same.own.push(...unit.own);
    same.concepts.push(...unit.concepts.filter((c) => !same.concepts.includes(c)));
    if (unit.kind !== same.kind) same.kind = 'topic';
  }
  return merged;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
