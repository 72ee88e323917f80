/**
 * An independent check of the Block Kit limits from platform-notes, for rendered messages, modals and
 * Home views. Returns the violations (empty when everything fits).
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(v: unknown): string {
  return isObject(v) && typeof v.text === 'string' ? v.text : '';
}

export function checkBlocks(blocks: unknown[], where: string, maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${where}: ${blocks.length} blocks > ${maxBlocks}`);
  let chars = 0;
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${where} block ${i}`;
    if (!isObject(block)) return void problems.push(`${at}: not an object`);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problems.push(`${at}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header': {
        const text = block.text as Json;
        if (text.type !== 'plain_text') problems.push(`${at}: header must be plain_text`);
        if (textOf(text).length > 150) problems.push(`${at}: header ${textOf(text).length} > 150`);
        chars += textOf(text).length;
        break;
      }
      case 'section': {
        const text = textOf(block.text);
        if (block.text && (text.length < 1 || text.length > 3000))
          problems.push(`${at}: section text ${text.length}`);
        chars += text.length;
        const fields = (block.fields as unknown[] | undefined) ?? [];
        if (fields.length > 10) problems.push(`${at}: ${fields.length} fields > 10`);
        for (const f of fields) {
          if (textOf(f).length > 2000) problems.push(`${at}: field ${textOf(f).length} > 2000`);
          chars += textOf(f).length;
        }
        if (!block.text && fields.length === 0) problems.push(`${at}: empty section`);
        break;
      }
      case 'context': {
        const elements = (block.elements as unknown[]) ?? [];
        if (elements.length < 1 || elements.length > 10)
          problems.push(`${at}: ${elements.length} context elements`);
        for (const e of elements) chars += textOf(e).length;
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[]) ?? [];
        if (elements.length < 1 || elements.length > 25) problems.push(`${at}: ${elements.length} actions`);
        const ids = new Set<string>();
        for (const e of elements) {
          const id = String(e.action_id ?? '');
          if (ids.has(id)) problems.push(`${at}: duplicate action_id ${id}`);
          ids.add(id);
          if (id.length > 255) problems.push(`${at}: action_id too long`);
          if (textOf(e.text).length > 75) problems.push(`${at}: button text ${textOf(e.text).length} > 75`);
          if (typeof e.value === 'string' && e.value.length > 2000)
            problems.push(`${at}: button value > 2000`);
          chars += textOf(e.text).length;
        }
        break;
      }
      case 'input': {
        const label = textOf(block.label);
        if (label.length > 2000) problems.push(`${at}: label > 2000`);
        if (textOf(block.hint).length > 2000) problems.push(`${at}: hint > 2000`);
        problems.push(...checkElement(block.element as Json, at));
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type ${String(block.type)}`);
    }
  });
  if (where.startsWith('message') && chars > 12_000)
    problems.push(`${where}: ${chars} characters of block text > 12000`);
  return problems;
}

function checkElement(element: Json, at: string): string[] {
  const problems: string[] = [];
  if (textOf(element.placeholder).length > 150) problems.push(`${at}: placeholder > 150`);
  const options = (element.options as Json[] | undefined) ?? [];
  const groups = (element.option_groups as Json[] | undefined) ?? [];
  if (element.type === 'radio_buttons' && options.length > 10)
    problems.push(`${at}: ${options.length} radio options > 10`);
  if (options.length > 100) problems.push(`${at}: ${options.length} options > 100`);
  if (groups.length > 100) problems.push(`${at}: ${groups.length} option groups > 100`);
  const all = [...options, ...groups.flatMap((g) => (g.options as Json[]) ?? [])];
  for (const g of groups) {
    if (((g.options as Json[]) ?? []).length > 100) problems.push(`${at}: option group > 100`);
    if (textOf(g.label).length > 75) problems.push(`${at}: option group label > 75`);
  }
  for (const o of all) {
    if (textOf(o.text).length > 75) problems.push(`${at}: option text > 75`);
    if (String(o.value ?? '').length > 75) problems.push(`${at}: option value > 75`);
  }
  const initial = element.initial_option as Json | undefined;
  if (initial && !all.some((o) => o.value === initial.value && textOf(o.text) === textOf(initial.text))) {
    problems.push(`${at}: initial_option is not one of the options`);
  }
  if (element.type === 'plain_text_input' && Number(element.max_length ?? 0) > 3000)
    problems.push(`${at}: max_length > 3000`);
  return problems;
}

export function checkMessage(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems = checkBlocks((message.blocks as unknown[]) ?? [], 'message', 50);
  if (typeof message.text !== 'string' || message.text.length === 0)
    problems.push('message: no top-level text fallback');
  return problems;
}

export function checkModal(view: Json): string[] {
  const problems = checkBlocks((view.blocks as unknown[]) ?? [], 'modal', 100);
  for (const key of ['title', 'submit', 'close']) {
    if (textOf(view[key]).length > 24) problems.push(`modal: ${key} ${textOf(view[key]).length} > 24`);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000)
    problems.push('modal: private_metadata > 3000');
  return problems;
}

export function checkHome(view: Json): string[] {
  return checkBlocks((view.blocks as unknown[]) ?? [], 'home', 100);
}
