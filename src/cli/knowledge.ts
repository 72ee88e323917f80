import { parseArgs } from 'node:util';
import { buildKnowledgeIndex } from '../knowledge/knowledge-index.js';
import { formatProblem, loadKnowledge } from '../knowledge/loader.js';
import type { CliCommand } from './io.js';

const USAGE = 'usage: ansvar knowledge check [--dir DIR]   (default: $KNOWLEDGE_DIR or knowledge)';

/** `ansvar knowledge check`: validates the knowledge folder; prints counts, or `file:line: problem` lines and exits 1. */
export const knowledgeCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { dir: { type: 'string' } } });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (sub !== 'check') {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const dir = parsed.values.dir ?? (io.env.KNOWLEDGE_DIR?.trim() || 'knowledge');
  const result = loadKnowledge(dir);
  for (const warning of result.warnings)
    io.stderr(`${formatProblem({ ...warning, message: `warning: ${warning.message}` })}\n`);
  if (!result.knowledge) {
    for (const problem of result.problems) io.stderr(`${formatProblem(problem)}\n`);
    io.stderr(
      `knowledge check failed: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}\n`,
    );
    return 1;
  }
  const index = buildKnowledgeIndex(result.knowledge);
  const bodies = index.organisations.reduce((n, o) => n + o.bodies.length, 0);
  const unused = unusedBodies(index);
  for (const { org, body } of unused)
    io.stderr(
      `${dir}/${org}/organisation.yaml: warning: body '${body}' is not mentioned in any of its documents\n`,
    );
  io.stdout(
    `knowledge ok: ${index.organisations.length} organisations, ${index.documents.length} documents, ` +
      `${index.passages.length} passages, ${index.statements.length} responsibility statements, ` +
      `${bodies} bodies, ${index.vocabularySize} vocabulary concepts\n`,
  );
  for (const org of index.organisations) {
    const statements = index.statementsByOrg.get(org.id)?.length ?? 0;
    const documents = index.documents.filter((d) => d.orgId === org.id).length;
    io.stdout(`  ${org.id}: ${documents} document${documents === 1 ? '' : 's'}, ${statements} statements\n`);
  }
  return 0;
};

/** Bodies in organisation.yaml that no document of the organisation mentions (usually a typo). */
function unusedBodies(index: ReturnType<typeof buildKnowledgeIndex>): { org: string; body: string }[] {
  const unused: { org: string; body: string }[] = [];
  for (const org of index.organisations) {
    const text = index.passages
      .filter((p) => p.orgId === org.id)
      .map((p) => `${p.section}\n${p.text}`.toLowerCase())
      .join('\n');
    for (const body of org.bodies) {
      const names = [body.name, ...body.aliases, ...body.references].map((n) => n.toLowerCase());
      if (!names.some((n) => text.includes(n))) unused.push({ org: org.id, body: body.name });
    }
  }
  return unused;
}
