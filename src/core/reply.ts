import { z } from 'zod';

/**
 * The neutral message tree every surface renders. Text in it is plain: no markup of any platform.
 * Renderers escape every string they are given, so user and policy text can never become markup.
 */

export const spanSchema = z.object({
  text: z.string(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  code: z.boolean().optional(),
  /** Only for links the bot itself builds; never for user-supplied URLs. */
  url: z.string().url().optional(),
});
export type Span = z.infer<typeof spanSchema>;

/** Rich text: plain strings and styled spans, concatenated. */
export const richSchema = z.array(z.union([z.string(), spanSchema]));
export type Rich = z.infer<typeof richSchema>;

export const confirmSchema = z.object({
  title: z.string(),
  text: z.string(),
  confirm: z.string(),
  deny: z.string(),
});

export const buttonSchema = z.object({
  label: z.string(),
  /** Namespaced action id routed by the core, e.g. `visit.cancel`. */
  action: z.string(),
  value: z.string(),
  style: z.enum(['primary', 'danger']).optional(),
  confirm: confirmSchema.optional(),
});
export type Button = z.infer<typeof buttonSchema>;

export const optionSchema = z.object({ value: z.string(), label: z.string() });
export type Option = z.infer<typeof optionSchema>;

export const formFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'textarea', 'date', 'time', 'select', 'radio']),
  required: z.boolean(),
  value: z.string().optional(),
  placeholder: z.string().optional(),
  hint: z.string().optional(),
  options: z.array(optionSchema).optional(),
  maxLength: z.number().int().positive().optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const formSchema = z.object({
  /** Routed back to the core as the `form` of a submit turn, e.g. `visit`. */
  id: z.string(),
  title: z.string(),
  submitLabel: z.string(),
  /** Opaque state returned with the submit (e.g. the id of the visit being edited). */
  state: z.string().optional(),
  intro: z.string().optional(),
  fields: z.array(formFieldSchema),
  /** Field name → problem, shown next to the field. */
  errors: z.record(z.string(), z.string()).optional(),
});
export type Form = z.infer<typeof formSchema>;

/** Files larger than this are not sent through chat (the CLI exports any size). */
export const MAX_FILE_CHARS = 20_000_000;

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), text: z.string() }),
  z.object({ type: z.literal('text'), text: richSchema }),
  z.object({
    type: z.literal('fields'),
    fields: z.array(z.object({ label: z.string(), value: richSchema })),
  }),
  /** A verbatim quote from a policy, with its citation. */
  z.object({ type: z.literal('quote'), text: z.string(), cite: richSchema.optional() }),
  z.object({ type: z.literal('context'), text: richSchema }),
  z.object({ type: z.literal('divider') }),
  z.object({ type: z.literal('buttons'), buttons: z.array(buttonSchema) }),
  z.object({ type: z.literal('form'), form: formSchema }),
  /** A file for the user to download (exports): adapters upload or offer it as their platform allows. */
  z.object({
    type: z.literal('file'),
    /** File name with extension, e.g. `ansvar-visits-2026.csv`. */
    name: z.string().regex(/^[\p{L}\p{N}._-]{1,120}$/u),
    mimeType: z.string(),
    content: z.string().max(MAX_FILE_CHARS),
    /** One line saying what it is, shown with it. */
    title: z.string(),
  }),
]);
export type Block = z.infer<typeof blockSchema>;

export const replySchema = z.object({
  /** Plain-text fallback for notifications and clients that cannot show blocks. */
  text: z.string(),
  blocks: z.array(blockSchema),
  /** `private`: shown only to the asker (Slack ephemeral, Teams 1:1 where possible). */
  visibility: z.enum(['public', 'private']).default('public'),
  language: z.enum(['en', 'sv']).optional(),
  /** Set on answers: the question-log id that thumbs up/down feedback refers to. */
  feedback: z.object({ questionId: z.string() }).optional(),
  /** For replies to a button: replace the message that carried the button instead of posting anew. */
  replaceOriginal: z.boolean().optional(),
});
export type Reply = z.infer<typeof replySchema>;
export type ReplyInput = z.input<typeof replySchema>;

/** Flattens rich text to plain text (for fallbacks, CLI output and tests). */
export function plain(rich: Rich | string): string {
  if (typeof rich === 'string') return rich;
  return rich.map((part) => (typeof part === 'string' ? part : part.text)).join('');
}

export function reply(input: ReplyInput): Reply {
  return replySchema.parse(input);
}

/** The form inside a reply, if it has one (adapters use it to open modals or re-send cards with errors). */
export function findForm(r: Reply): Form | undefined {
  for (const block of r.blocks) if (block.type === 'form') return block.form;
  return undefined;
}

export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The file blocks of a reply. */
export function findFiles(r: Reply): Extract<Block, { type: 'file' }>[] {
  return r.blocks.filter((b): b is Extract<Block, { type: 'file' }> => b.type === 'file');
}

/** Renders a Reply as plain text for the CLI and logs. */
export function replyToPlainText(r: Reply): string {
  const lines: string[] = [];
  for (const block of r.blocks) {
    switch (block.type) {
      case 'header':
        lines.push(block.text.toUpperCase() === block.text ? block.text : `# ${block.text}`);
        break;
      case 'text':
      case 'context':
        lines.push(plain(block.text));
        break;
      case 'fields':
        for (const f of block.fields) lines.push(`${f.label}: ${plain(f.value)}`);
        break;
      case 'quote':
        lines.push(`> ${block.text.replace(/\n/g, '\n> ')}`);
        if (block.cite) lines.push(`  — ${plain(block.cite)}`);
        break;
      case 'divider':
        lines.push('---');
        break;
      case 'file':
        lines.push(`[file ${block.name}: ${describeSize(Buffer.byteLength(block.content))}] ${block.title}`);
        break;
      case 'buttons':
        lines.push(block.buttons.map((b) => `[${b.label}]`).join(' '));
        break;
      case 'form': {
        const f = block.form;
        lines.push(`${f.title}${f.intro ? `: ${f.intro}` : ''}`);
        for (const field of f.fields) {
          const error = f.errors?.[field.name];
          const choices = field.options ? ` (${field.options.map((o) => o.value).join('|')})` : '';
          lines.push(
            `  ${field.name}${field.required ? '*' : ''}${choices}${field.value ? ` = ${field.value}` : ''}${
              error ? `  ← ${error}` : ''
            }`,
          );
        }
        break;
      }
    }
  }
  return lines.length > 0 ? lines.join('\n') : r.text;
}
