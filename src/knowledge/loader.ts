import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';
import {
  frontMatterSchema,
  languageDataSchema,
  organisationSchema,
  vocabularySchema,
  type FrontMatter,
  type LanguageData,
  type Organisation,
  type Vocabulary,
} from './knowledge-schema.js';
import { parseBlocks, splitFrontMatter, type Block } from './markdown.js';

/** Reads and validates `knowledge/`: every problem is reported as `file:line: message`, nothing throws. */

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

export interface LoadedDocument {
  /** `knowledge/<org>/<file>.md` (relative to the knowledge folder, wherever it is mounted), as cited in answers. */
  path: string;
  frontMatter: FrontMatter;
  blocks: Block[];
}

export interface LoadedOrganisation {
  organisation: Organisation;
  documents: LoadedDocument[];
}

export interface LoadedKnowledge {
  language: LanguageData;
  vocabulary: Vocabulary;
  organisations: LoadedOrganisation[];
}

export interface LoadResult {
  knowledge: LoadedKnowledge | undefined;
  problems: Problem[];
  warnings: Problem[];
}

export const LANGUAGE_FILE = 'language.yaml';
export const VOCABULARY_FILE = 'vocabulary.yaml';
export const ORGANISATION_FILE = 'organisation.yaml';
/** Citations always start here, whatever KNOWLEDGE_DIR is called (the answer JSON contract). */
export const CITATION_ROOT = 'knowledge';

export function loadKnowledge(dir: string): LoadResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const display = (file: string) => relative(process.cwd(), file) || file;

  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return {
      knowledge: undefined,
      problems: [{ file: display(dir), line: 1, message: 'knowledge folder not found' }],
      warnings,
    };
  }

  const language = readYaml(join(dir, LANGUAGE_FILE), languageDataSchema, problems, display);
  const vocabulary = readYaml(join(dir, VOCABULARY_FILE), vocabularySchema, problems, display);
  if (vocabulary) checkVocabulary(vocabulary, join(dir, VOCABULARY_FILE), problems, display);

  const organisations: LoadedOrganisation[] = [];
  for (const entry of entries) {
    const orgDir = join(dir, entry);
    if (entry.startsWith('.') || entry.startsWith('_') || !isDirectory(orgDir)) continue;
    const orgFile = join(orgDir, ORGANISATION_FILE);
    let organisation: Organisation | undefined;
    try {
      statSync(orgFile);
      organisation = readYaml(orgFile, organisationSchema, problems, display);
    } catch {
      problems.push({
        file: display(orgDir),
        line: 1,
        message: `missing ${ORGANISATION_FILE} (every organisation folder needs one)`,
      });
      continue;
    }
    if (!organisation) continue;
    if (organisation.id !== entry) {
      problems.push({
        file: display(orgFile),
        line: lineOfKey(readFileSync(orgFile, 'utf8'), 'id'),
        message: `id '${organisation.id}' must equal the folder name '${entry}'`,
      });
      continue;
    }
    checkBodies(organisation, orgFile, problems, display);
    if (language) checkKind(organisation, language, orgFile, problems, display);
    const documents: LoadedDocument[] = [];
    const files = readdirSync(orgDir)
      .sort()
      .filter((file) => file.endsWith('.md'));
    for (const file of files) {
      const document = readDocument(
        join(orgDir, file),
        `${CITATION_ROOT}/${entry}/${file}`,
        entry,
        problems,
        display,
      );
      if (document) {
        documents.push(document);
        checkProvenance(document.frontMatter, join(orgDir, file), warnings, display);
      }
    }
    if (files.length === 0) {
      problems.push({
        file: display(orgFile),
        line: 1,
        message: 'no policy documents (*.md) in this organisation folder',
      });
      continue;
    }
    if (documents.length === 0) continue;
    organisations.push({ organisation, documents });
  }
  if (organisations.length === 0 && problems.length === 0) {
    problems.push({
      file: display(dir),
      line: 1,
      message: 'no organisations (add a folder with organisation.yaml and a policy .md)',
    });
  }
  checkDuplicateNames(organisations, dir, warnings, display);

  if (problems.length > 0 || !language || !vocabulary) return { knowledge: undefined, problems, warnings };
  return { knowledge: { language, vocabulary, organisations }, problems, warnings };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readYaml<T>(
  file: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  problems: Problem[],
  display: (f: string) => string,
  source?: string,
  lineOffset = 0,
): T | undefined {
  let text: string;
  try {
    text = source ?? readFileSync(file, 'utf8');
  } catch {
    problems.push({ file: display(file), line: 1, message: 'file not found' });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      // Without prettyErrors the parser leaves `linePos` unset; `pos` is the offset where it noticed the error.
      const line = lineCounter.linePos(error.pos[0]).line + lineOffset;
      problems.push({ file: display(file), line, message: `YAML: ${error.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  reportZod(parsed.error, (path) => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range)
        return lineCounter.linePos(node.range[0]).line + lineOffset;
    }
    return 1 + lineOffset;
  }).forEach(({ line, message }) => problems.push({ file: display(file), line, message }));
  return undefined;
}

function reportZod(
  error: ZodError,
  lineOf: (path: (string | number)[]) => number,
): { line: number; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`
        : issue.message;
    const line = issue.code === 'unrecognized_keys' ? lineOf([...path, issue.keys[0] ?? '']) : lineOf(path);
    return { line, message: `${where}${message === 'Required' ? 'is required' : message}` };
  });
}

function readDocument(
  file: string,
  citePath: string,
  orgId: string,
  problems: Problem[],
  display: (f: string) => string,
): LoadedDocument | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    problems.push({ file: display(file), line: 1, message: 'cannot read file' });
    return undefined;
  }
  const split = splitFrontMatter(source);
  for (const p of split.problems) problems.push({ file: display(file), ...p });
  if (split.problems.length > 0) return undefined;
  if (split.frontMatter === undefined) {
    problems.push({
      file: display(file),
      line: 1,
      message: 'missing front matter (--- title, organisation, documentType, source ---)',
    });
    return undefined;
  }
  const before = problems.length;
  const frontMatter = readYaml(
    file,
    frontMatterSchema,
    problems,
    display,
    split.frontMatter,
    split.frontMatterLine - 1,
  );
  if (!frontMatter || problems.length > before) return undefined;
  if (frontMatter.organisation !== orgId) {
    problems.push({
      file: display(file),
      line: split.frontMatterLine - 1 + lineOfKey(split.frontMatter, 'organisation'),
      message: `organisation '${frontMatter.organisation}' does not match the folder '${orgId}'`,
    });
    return undefined;
  }
  const blocks = parseBlocks(split.body, split.bodyLine);
  const textBlocks = blocks.filter((b) => b.kind !== 'heading');
  if (textBlocks.length === 0) {
    problems.push({
      file: display(file),
      line: split.bodyLine,
      message: 'the document has no text after its front matter',
    });
    return undefined;
  }
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  if (!firstHeading || firstHeading.level !== 1) {
    problems.push({
      file: display(file),
      line: firstHeading?.line ?? split.bodyLine,
      message: 'the document must start with a level-1 heading (# Title)',
    });
    return undefined;
  }
  return { path: citePath, frontMatter, blocks };
}

/** An organisation's `kind` must be one of the kinds language.yaml has kind words for. */
function checkKind(
  organisation: Organisation,
  language: LanguageData,
  file: string,
  problems: Problem[],
  display: (f: string) => string,
): void {
  const kinds = Object.keys(language.kindWords);
  if (kinds.includes(organisation.kind)) return;
  problems.push({
    file: display(file),
    line: lineOfKey(readFileSync(file, 'utf8'), 'kind'),
    message: `kind '${organisation.kind}' is not defined in ${LANGUAGE_FILE} kindWords (defined: ${kinds.join(', ')})`,
  });
}

/** Where a document came from: each of these is either given or explained under `notes`. */
const PROVENANCE_FIELDS = ['adoptedBy', 'adoptionDate', 'reference'] as const;

function checkProvenance(
  frontMatter: FrontMatter,
  file: string,
  warnings: Problem[],
  display: (f: string) => string,
): void {
  for (const field of PROVENANCE_FIELDS) {
    const note = frontMatter.notes?.[field];
    if (frontMatter[field] === undefined && note === undefined) {
      warnings.push({
        file: display(file),
        line: 1,
        message: `front matter has no ${field}: add it from the source, or say why the source has none under notes.${field}`,
      });
    } else if (frontMatter[field] !== undefined && note !== undefined) {
      warnings.push({
        file: display(file),
        line: 1,
        message: `notes.${field} explains a missing ${field}, but ${field} is given: remove one of them`,
      });
    }
  }
}

function lineOfKey(yamlText: string, key: string): number {
  const index = yamlText.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
  return index === -1 ? 1 : index + 1;
}

function checkVocabulary(
  vocabulary: Vocabulary,
  file: string,
  problems: Problem[],
  display: (f: string) => string,
): void {
  const text = readFileSync(file, 'utf8');
  const seen = new Set<string>();
  for (const concept of vocabulary.concepts) {
    if (seen.has(concept.id)) {
      const line = text
        .split(/\r?\n/)
        .findIndex((l) => new RegExp(`^\\s*-\\s*id:\\s*${escapeRegExp(concept.id)}\\s*$`).test(l));
      problems.push({
        file: display(file),
        line: line === -1 ? 1 : line + 1,
        message: `duplicate concept id '${concept.id}'`,
      });
    }
    seen.add(concept.id);
  }
}

function checkBodies(
  organisation: Organisation,
  file: string,
  problems: Problem[],
  display: (f: string) => string,
): void {
  const text = readFileSync(file, 'utf8');
  const seen = new Map<string, string>();
  for (const body of organisation.bodies) {
    for (const name of [body.name, ...body.aliases, ...body.references]) {
      const key = name.toLowerCase();
      const owner = seen.get(key);
      if (owner && owner !== body.name) {
        const line = text.split(/\r?\n/).findIndex((l) => l.includes(name));
        problems.push({
          file: display(file),
          line: line === -1 ? 1 : line + 1,
          message: `'${name}' names both '${owner}' and '${body.name}'`,
        });
      }
      seen.set(key, body.name);
    }
  }
}

function checkDuplicateNames(
  organisations: LoadedOrganisation[],
  dir: string,
  warnings: Problem[],
  display: (f: string) => string,
): void {
  const owners = new Map<string, string>();
  for (const { organisation } of organisations) {
    for (const name of organisation.names) {
      const key = name.toLowerCase();
      const owner = owners.get(key);
      if (owner && owner !== organisation.id) {
        warnings.push({
          file: display(join(dir, organisation.id, ORGANISATION_FILE)),
          line: 1,
          message: `name '${name}' is also used by ${owner}; list it under sharedNames in both`,
        });
      }
      owners.set(key, organisation.id);
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
