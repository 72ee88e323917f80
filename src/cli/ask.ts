import { parseArgs } from 'node:util';
import { z } from 'zod';
import { replyToPlainText } from '../core/reply.js';
import { answerQuestion } from '../knowledge/answer.js';
import type { Answer } from '../knowledge/answer-schema.js';
import { answerToReply } from '../knowledge/answer-reply.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { KnowledgeLoadError, loadKnowledgeIndex } from '../knowledge/service.js';
import type { CliCommand, CliIo } from './io.js';

const USAGE = `usage: ansvar ask [--org ID] [--json] "question"
       ansvar ask --json --batch < questions.jsonl   (lines of {"question": "...", "org": "optional id"})`;

const batchLineSchema = z.object({
  question: z.string(),
  org: z.string().nullish(),
});

/** An invocation that cannot be answered: with --json still one answer object (no_answer, error) on stdout. */
function invocationError(
  io: CliIo,
  json: boolean,
  question: string,
  problem: string,
  exitCode: number,
): number {
  io.stderr(`${problem}\n`);
  if (json) {
    const answer: Answer = {
      question,
      language: 'en',
      status: 'no_answer',
      answers: [],
      error: problem.split('\n')[0]!,
    };
    io.stdout(`${JSON.stringify(answer)}\n`);
  }
  return exitCode;
}

/** `ansvar ask`: one answer as readable text or JSON, or a batch of JSON lines (one answer per line, in order). */
export const askCommand: CliCommand = async (args, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        org: { type: 'string' },
        json: { type: 'boolean', default: false },
        batch: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return invocationError(io, args.includes('--json'), '', `${(error as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const question = positionals.join(' ');
  const json = values.json ?? false;
  if (values.batch && question.trim()) {
    return invocationError(
      io,
      json,
      question,
      `--batch reads the questions from stdin; give no question on the command line\n${USAGE}`,
      2,
    );
  }
  if (!values.batch && !question.trim()) {
    return invocationError(io, json, question, `no question given\n${USAGE}`, 2);
  }

  let index: KnowledgeIndex;
  try {
    index = loadKnowledgeIndex(io.env.KNOWLEDGE_DIR?.trim() || 'knowledge');
  } catch (error) {
    if (error instanceof KnowledgeLoadError) {
      return invocationError(io, json, question, `ansvar ask: ${error.message}`, 1);
    }
    throw error;
  }

  if (values.batch) return runBatch(index, io);

  const answer = answerQuestion(index, question, { org: values.org });
  if (json) io.stdout(`${JSON.stringify(answer)}\n`);
  else io.stdout(`${replyToPlainText(answerToReply(answer))}\n`);
  if (values.org !== undefined && !index.organisationById.has(values.org)) {
    if (!json) io.stderr(`${answer.error}\n`);
    return 2;
  }
  return 0;
};

async function runBatch(index: KnowledgeIndex, io: CliIo): Promise<number> {
  let lineNumber = 0;
  for await (const raw of io.stdin()) {
    lineNumber += 1;
    // Editors on Windows start UTF-8 files with a byte order mark; it is not part of the first question.
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    io.stdout(`${JSON.stringify(answerLine(index, line, lineNumber))}\n`);
  }
  return 0;
}

function answerLine(index: KnowledgeIndex, line: string, lineNumber: number): Answer {
  const malformed = (problem: string): Answer => ({
    question: line.length > 200 ? `${line.slice(0, 200)}…` : line,
    language: 'en',
    status: 'no_answer',
    answers: [],
    error: `line ${lineNumber}: ${problem}`,
  });
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return malformed('not a JSON object; expected {"question": "...", "org": "optional id"}');
  }
  const parsed = batchLineSchema.safeParse(json);
  if (!parsed.success) return malformed('expected {"question": "...", "org": "optional id"}');
  return answerQuestion(index, parsed.data.question, { org: parsed.data.org ?? undefined });
}
