import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeSize, type Block } from '../core/reply.js';

type FileBlock = Extract<Block, { type: 'file' }>;

/** The same rule the reply schema applies to file names, plus no leading dot (no hidden or `..` names). */
const SAFE_NAME = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]{0,119}$/u;

/**
 * Where a file block is written inside `dir`, or undefined when its name could leave the folder or
 * hide in it. The schema has already checked names; this is the guard at the place that writes.
 */
export function savedFilePath(dir: string, name: string): string | undefined {
  if (!SAFE_NAME.test(name) || name.includes('..') || basename(name) !== name) return undefined;
  return join(dir, name);
}

/** One line of the command's report per file: `saved …` or why it was not. */
export interface SaveOutcome {
  ok: boolean;
  line: string;
}

/**
 * Writes each file block, byte for byte as UTF-8, to `dir` (created if missing). An existing file
 * is never overwritten: that file is reported as not saved and the others are still written.
 */
export async function saveFiles(dir: string, files: readonly FileBlock[]): Promise<SaveOutcome[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    return [{ ok: false, line: `cannot create ${dir}: ${reason(error)}` }];
  }
  const outcomes: SaveOutcome[] = [];
  for (const file of files) {
    const path = savedFilePath(dir, file.name);
    if (!path) {
      outcomes.push({ ok: false, line: `not saved: '${file.name}' is not a safe file name` });
      continue;
    }
    const bytes = Buffer.from(file.content, 'utf8');
    try {
      // 'wx' creates the file or fails if anything (file, folder, link) already has the name.
      await writeFile(path, bytes, { flag: 'wx' });
      outcomes.push({ ok: true, line: `saved ${path} (${describeSize(bytes.length)})` });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      outcomes.push({
        ok: false,
        line:
          code === 'EEXIST'
            ? `not saved: ${path} already exists (move it away or choose another folder)`
            : `not saved: cannot write ${path}: ${reason(error)}`,
      });
    }
  }
  return outcomes;
}

/** The system's short reason (e.g. `EACCES`, `ENOTDIR`) without paths or stack. */
function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const messages: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file with that name is in the way',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
    EISDIR: 'it is a folder',
  };
  return (e.code && messages[e.code]) ?? e.code ?? 'unknown error';
}
