import { collapseWhitespace } from './text.js';

/** The structure of a knowledge document: headings, paragraphs and bullets with their line numbers. */

export type Block =
  | { kind: 'heading'; level: number; text: string; line: number }
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'bullet'; text: string; line: number };

export interface SplitDocument {
  /** The YAML between the leading `---` lines, or undefined when there is none. */
  frontMatter: string | undefined;
  /** 1-based line of the first front matter line (after the opening `---`). */
  frontMatterLine: number;
  /** Problems with the layout itself (unterminated front matter). */
  problems: { line: number; message: string }[];
  body: string;
  /** 1-based line where `body` starts. */
  bodyLine: number;
}

export function splitFrontMatter(source: string): SplitDocument {
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { frontMatter: undefined, frontMatterLine: 1, problems: [], body: source, bodyLine: 1 };
  }
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (close === -1) {
    return {
      frontMatter: undefined,
      frontMatterLine: 2,
      problems: [
        { line: 1, message: 'front matter starts with --- but never ends (add a closing --- line)' },
      ],
      body: '',
      bodyLine: lines.length + 1,
    };
  }
  return {
    frontMatter: lines.slice(1, close).join('\n'),
    frontMatterLine: 2,
    problems: [],
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

/** Removes inline markdown (emphasis markers, links) and keeps the words as written. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|[\s(“"'])[*_]{1,3}(?=\S)/g, '$1')
    .replace(/(?<=\S)[*_]{1,3}(?=$|[\s).,:;!?”"'])/g, '')
    .replace(/ {2,}$/g, '');
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;

/**
 * Parses the markdown body into blocks; `firstLine` is the file line of the body's first line. An
 * indented paragraph right after a bullet (a blank line between) continues that bullet's item.
 */
export function parseBlocks(body: string, firstLine = 1): Block[] {
  const blocks: Block[] = [];
  const lines = body.split(/\r?\n/);
  let open: { kind: 'paragraph' | 'bullet'; parts: string[]; line: number } | undefined;

  const flush = () => {
    if (!open) return;
    const text = collapseWhitespace(stripInlineMarkdown(open.parts.join(' ')));
    if (text) blocks.push({ kind: open.kind, text, line: open.line });
    open = undefined;
  };

  lines.forEach((raw, index) => {
    const line = firstLine + index;
    if (raw.trim() === '') {
      flush();
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      flush();
      const text = collapseWhitespace(stripInlineMarkdown(heading[2] ?? ''));
      if (text) blocks.push({ kind: 'heading', level: heading[1]!.length, text, line });
      return;
    }
    const last = blocks[blocks.length - 1];
    if (!open && last?.kind === 'bullet' && /^\s{2,}\S/.test(raw) && !BULLET.test(raw)) {
      blocks.pop();
      open = { kind: 'bullet', parts: [last.text, raw.trim()], line: last.line };
      return;
    }
    const bullet = BULLET.exec(raw);
    if (bullet) {
      flush();
      open = { kind: 'bullet', parts: [bullet[1] ?? ''], line };
      return;
    }
    if (open && (open.kind === 'paragraph' || /^\s+/.test(raw))) {
      open.parts.push(raw.trim());
      return;
    }
    flush();
    open = { kind: 'paragraph', parts: [raw.trim()], line };
  });
  flush();
  return blocks;
}
