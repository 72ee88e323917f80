import {
  describeSize,
  type Block,
  type Button,
  type Form,
  type FormField,
  type Reply,
  type Rich,
} from '../../src/core/reply.js';
import { escapeHtml as esc } from './escape-html.js';

/**
 * The local chat page's renderer: the neutral Reply as an HTML fragment. Pure; every string from
 * the Reply is escaped, and nothing executable is ever produced (no inline scripts, handlers or
 * styles: buttons and forms carry data attributes that the page's own script acts on).
 */
export interface RenderOptions {
  /** Makes element ids unique when several replies share one page, e.g. `m7`. */
  idPrefix: string;
}

const LABELS = {
  en: {
    helpful: 'Was this helpful?',
    up: 'Helpful',
    down: 'Not helpful',
    choose: 'Choose…',
    required: 'required',
    download: 'Download',
  },
  sv: {
    helpful: 'Hjälpte svaret?',
    up: 'Hjälpsamt',
    down: 'Inte hjälpsamt',
    choose: 'Välj…',
    required: 'obligatoriskt',
    download: 'Ladda ned',
  },
};

export function renderReplyHtml(reply: Reply, options: RenderOptions): string {
  const labels = LABELS[reply.language ?? 'en'];
  const parts = reply.blocks.map((block, index) => renderBlock(block, index, options.idPrefix, labels));
  if (parts.length === 0) parts.push(`<p class="r-text">${esc(reply.text)}</p>`);
  if (reply.feedback) parts.push(renderFeedback(reply.feedback.questionId, labels));
  return parts.join('\n');
}

type Labels = (typeof LABELS)['en'];

function renderBlock(block: Block, index: number, idPrefix: string, labels: Labels): string {
  switch (block.type) {
    case 'header':
      return `<h2 class="r-header">${esc(block.text)}</h2>`;
    case 'text':
      return `<p class="r-text">${renderRich(block.text)}</p>`;
    case 'context':
      return `<p class="r-context">${renderRich(block.text)}</p>`;
    case 'fields':
      return `<dl class="r-fields">${block.fields
        .map((f) => `<div class="r-pair"><dt>${esc(f.label)}</dt><dd>${renderRich(f.value)}</dd></div>`)
        .join('')}</dl>`;
    case 'quote':
      return `<figure class="r-quote"><blockquote>${esc(block.text)}</blockquote>${
        block.cite ? `<figcaption>${renderRich(block.cite)}</figcaption>` : ''
      }</figure>`;
    case 'divider':
      return '<hr class="r-divider">';
    case 'buttons':
      return `<div class="r-buttons" role="group">${block.buttons.map(renderButton).join('')}</div>`;
    case 'form':
      return renderForm(block.form, idPrefix, labels);
    case 'file':
      return renderFile(block, index, labels);
  }
}

type FileBlock = Extract<Block, { type: 'file' }>;

/**
 * A file is a button the page's script turns into a download: it builds the file in the browser
 * from the reply JSON (block `index`), so nothing is kept on the server and no URL can be guessed.
 * Name and type come from here, already checked, so the script never decides what is safe.
 */
function renderFile(block: FileBlock, index: number, labels: Labels): string {
  const size = describeSize(Buffer.byteLength(block.content, 'utf8'));
  return `<div class="r-file"><button type="button" class="r-button r-download" data-file-block="${index}" data-file-name="${esc(
    block.name,
  )}" data-file-type="${esc(downloadType(block.mimeType))}"><span aria-hidden="true">⬇</span> <span class="visually-hidden">${esc(
    labels.download,
  )}: </span><span class="r-file-title">${esc(block.title)}</span> <span class="r-file-meta">${esc(
    `(${block.name}, ${size})`,
  )}</span></button></div>`;
}

const MIME_TYPE =
  /^([a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*)(?:\s*;\s*charset=[a-z0-9_-]+)?$/i;
/** Types a browser would render as a page (and could run script in) if the file were opened in a tab. */
const ACTIVE_CONTENT =
  /^(?:text\/(?:html|xml|xsl|javascript|ecmascript)|application\/(?:xml|javascript|x-javascript|ecmascript)|[^/]+\/[^/]*\+xml)$/i;

/**
 * The type the downloaded file gets: the block's own when it is a plain well-formed type (e.g.
 * `text/csv; charset=utf-8`), otherwise `application/octet-stream`, so a malformed or active type
 * can never make the browser treat the file as a page of this origin.
 */
export function downloadType(mimeType: string): string {
  const trimmed = mimeType.trim();
  const essence = MIME_TYPE.exec(trimmed)?.[1];
  if (!essence || ACTIVE_CONTENT.test(essence)) return 'application/octet-stream';
  return trimmed.toLowerCase().replace(/\s*;\s*/, '; ');
}

export function renderRich(rich: Rich): string {
  return rich
    .map((part) => {
      if (typeof part === 'string') return esc(part);
      let html = esc(part.text);
      if (part.code) html = `<code>${html}</code>`;
      if (part.italic) html = `<em>${html}</em>`;
      if (part.bold) html = `<strong>${html}</strong>`;
      if (part.url && /^https?:\/\//i.test(part.url)) {
        html = `<a href="${esc(part.url)}" rel="noopener noreferrer" target="_blank">${html}</a>`;
      }
      return html;
    })
    .join('');
}

function renderButton(button: Button): string {
  const attributes = [
    `type="button"`,
    `class="r-button${button.style ? ` ${button.style}` : ''}"`,
    `data-action="${esc(button.action)}"`,
    `data-value="${esc(button.value)}"`,
  ];
  if (button.confirm) {
    attributes.push(
      `data-confirm-title="${esc(button.confirm.title)}"`,
      `data-confirm-text="${esc(button.confirm.text)}"`,
      `data-confirm-yes="${esc(button.confirm.confirm)}"`,
      `data-confirm-no="${esc(button.confirm.deny)}"`,
    );
  }
  return `<button ${attributes.join(' ')}>${esc(button.label)}</button>`;
}

function renderFeedback(questionId: string, labels: Labels): string {
  const vote = (v: 'up' | 'down', emoji: string, label: string) =>
    `<button type="button" class="r-button r-vote" data-action="feedback" data-value="${esc(`${questionId}:${v}`)}" aria-label="${esc(label)}" title="${esc(label)}">${emoji}</button>`;
  return `<div class="r-feedback" role="group" aria-label="${esc(labels.helpful)}"><span>${esc(labels.helpful)}</span>${vote(
    'up',
    '👍',
    labels.up,
  )}${vote('down', '👎', labels.down)}</div>`;
}

function fieldId(idPrefix: string, name: string): string {
  return `${idPrefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function renderForm(form: Form, idPrefix: string, labels: Labels): string {
  const errors = form.errors ?? {};
  const fieldNames = new Set(form.fields.map((f) => f.name));
  const formErrors = Object.entries(errors).filter(([name]) => !fieldNames.has(name));
  const parts = [
    `<form class="r-form" data-form-id="${esc(form.id)}"${form.state !== undefined ? ` data-form-state="${esc(form.state)}"` : ''}>`,
    `<h3 class="r-form-title">${esc(form.title)}</h3>`,
  ];
  if (form.intro) parts.push(`<p class="r-form-intro">${esc(form.intro)}</p>`);
  for (const [, message] of formErrors)
    parts.push(`<p class="r-error r-form-error" role="alert">${esc(message)}</p>`);
  for (const field of form.fields)
    parts.push(renderField(field, errors[field.name], fieldId(idPrefix, field.name), labels));
  parts.push(
    `<div class="r-form-actions"><button type="submit" class="r-button primary">${esc(form.submitLabel)}</button></div>`,
  );
  parts.push('</form>');
  return parts.join('\n');
}

function renderField(field: FormField, error: string | undefined, id: string, labels: Labels): string {
  const describedBy = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = [
    `name="${esc(field.name)}"`,
    field.required ? 'required' : '',
    error ? 'aria-invalid="true"' : '',
    describedBy ? `aria-describedby="${describedBy}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const value = field.value ?? '';
  const required = field.required
    ? `<span class="r-required" aria-hidden="true">*</span><span class="visually-hidden"> (${labels.required})</span>`
    : '';
  const hint = field.hint ? `<p class="r-hint" id="${id}-hint">${esc(field.hint)}</p>` : '';
  const problem = error ? `<p class="r-error" id="${id}-error">${esc(error)}</p>` : '';
  const classes = `r-field${error ? ' has-error' : ''}`;

  if (field.kind === 'radio') {
    const choices = (field.options ?? [])
      .map(
        (o, i) =>
          `<label class="r-choice"><input type="radio" id="${id}-${i}" ${common} value="${esc(o.value)}"${
            o.value === value ? ' checked' : ''
          }> ${esc(o.label)}</label>`,
      )
      .join('');
    return `<fieldset class="${classes}"><legend>${esc(field.label)}${required}</legend>${choices}${hint}${problem}</fieldset>`;
  }

  let control: string;
  const maxLength = field.maxLength ? ` maxlength="${field.maxLength}"` : '';
  const placeholder = field.placeholder ? ` placeholder="${esc(field.placeholder)}"` : '';
  switch (field.kind) {
    case 'textarea':
      control = `<textarea id="${id}" ${common}${maxLength}${placeholder} rows="3">${esc(value)}</textarea>`;
      break;
    case 'select': {
      const options = field.options ?? [];
      const known = options.some((o) => o.value === value);
      const first = `<option value=""${value === '' ? ' selected' : ''}>${esc(labels.choose)}</option>`;
      // A pre-filled value that is not among the choices is kept rather than silently dropped.
      const unknown =
        value !== '' && !known ? `<option value="${esc(value)}" selected>${esc(value)}</option>` : '';
      control = `<select id="${id}" ${common}>${first}${unknown}${options
        .map(
          (o) =>
            `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.label)}</option>`,
        )
        .join('')}</select>`;
      break;
    }
    default:
      control = `<input type="${field.kind}" id="${id}" ${common} value="${esc(value)}"${maxLength}${placeholder}>`;
  }
  return `<div class="${classes}"><label for="${id}">${esc(field.label)}${required}</label>${control}${hint}${problem}</div>`;
}
