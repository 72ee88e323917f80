import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../adapters/web/escape-html.js';
import { downloadType, renderReplyHtml, renderRich } from '../../adapters/web/render-html.js';
import { reply, type Block, type ReplyInput } from '../../src/core/reply.js';

const render = (input: ReplyInput) => renderReplyHtml(reply(input), { idPrefix: 'm1' });
const HOSTILE = `<script>alert("x")</script><img src=x onerror='alert(1)'> & <!channel>`;
const HOSTILE_ESCAPED =
  '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &lt;!channel&gt;';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(HOSTILE)).toBe(HOSTILE_ESCAPED);
  });

  it('never leaves markup characters and can be reversed exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.replace(/&(?!amp;|lt;|gt;|quot;|#39;)/g, '')).toBe(escaped);
        const back = escaped
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(back).toBe(text);
      }),
    );
  });
});

describe('renderReplyHtml', () => {
  it('renders each block type with its own element', () => {
    const html = render({
      text: 'fallback',
      language: 'en',
      blocks: [
        { type: 'header', text: 'Who signs partner agreements' },
        { type: 'text', text: [{ text: 'Regionstyrelsen', bold: true }, ' (Regional Executive Board)'] },
        { type: 'fields', fields: [{ label: 'Where', value: ['Alytus'] }] },
        {
          type: 'quote',
          text: 'avtal sluts via regionstyrelsen.',
          cite: ['Internationell policy · Definitioner'],
        },
        { type: 'context', text: ['Region Jönköpings län'] },
        { type: 'divider' },
      ],
    });
    expect(html).toContain('<h2 class="r-header">Who signs partner agreements</h2>');
    expect(html).toContain(
      '<p class="r-text"><strong>Regionstyrelsen</strong> (Regional Executive Board)</p>',
    );
    expect(html).toContain(
      '<dl class="r-fields"><div class="r-pair"><dt>Where</dt><dd>Alytus</dd></div></dl>',
    );
    expect(html).toContain(
      '<figure class="r-quote"><blockquote>avtal sluts via regionstyrelsen.</blockquote><figcaption>Internationell policy · Definitioner</figcaption></figure>',
    );
    expect(html).toContain('<p class="r-context">Region Jönköpings län</p>');
    expect(html).toContain('<hr class="r-divider">');
    expect(html).not.toContain('fallback');
  });

  it('falls back to the plain text when there are no blocks', () => {
    expect(render({ text: 'Only <text>', blocks: [] })).toBe('<p class="r-text">Only &lt;text&gt;</p>');
  });

  it('styles spans and links only http(s) URLs the bot built', () => {
    expect(renderRich([{ text: 'x', bold: true, italic: true, code: true }])).toBe(
      '<strong><em><code>x</code></em></strong>',
    );
    expect(renderRich([{ text: 'docs', url: 'https://example.org/a?b=1&c="2"' }])).toBe(
      '<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" rel="noopener noreferrer" target="_blank">docs</a>',
    );
    expect(renderRich([{ text: 'bad', url: 'javascript:alert(1)' }])).toBe('bad');
  });

  it('turns buttons into data attributes the page acts on, with confirm texts', () => {
    const html = render({
      text: 't',
      blocks: [
        {
          type: 'buttons',
          buttons: [
            { label: 'Edit', action: 'visit.edit', value: '7', style: 'primary' },
            {
              label: 'Cancel visit',
              action: 'visit.cancel',
              value: '7',
              style: 'danger',
              confirm: { title: 'Cancel?', text: 'Cancel "Alytus"?', confirm: 'Yes', deny: 'No' },
            },
          ],
        },
      ],
    });
    expect(html).toContain(
      '<button type="button" class="r-button primary" data-action="visit.edit" data-value="7">Edit</button>',
    );
    expect(html).toContain('data-confirm-title="Cancel?" data-confirm-text="Cancel &quot;Alytus&quot;?"');
    expect(html).toContain('data-confirm-yes="Yes" data-confirm-no="No">Cancel visit</button>');
  });

  it('adds thumbs up/down for answers, in the reply language', () => {
    const html = render({ text: 't', language: 'sv', blocks: [], feedback: { questionId: '42' } });
    expect(html).toContain('data-action="feedback" data-value="42:up"');
    expect(html).toContain('data-action="feedback" data-value="42:down"');
    expect(html).toContain('Hjälpte svaret?');
  });

  const visitForm: Block = {
    type: 'form',
    form: {
      id: 'visit',
      title: 'Log a visit',
      submitLabel: 'Save',
      state: '12',
      intro: 'Times are in the venue’s zone.',
      fields: [
        {
          name: 'title',
          label: 'Title',
          kind: 'text',
          required: true,
          value: 'Study <trip>',
          maxLength: 200,
        },
        {
          name: 'kind',
          label: 'Kind',
          kind: 'radio',
          required: true,
          value: 'outgoing',
          options: [
            { value: 'incoming', label: 'Incoming visit' },
            { value: 'outgoing', label: 'Outgoing trip' },
          ],
        },
        {
          name: 'country',
          label: 'Country',
          kind: 'select',
          required: false,
          value: 'LT',
          options: [
            { value: 'LT', label: 'Lithuania' },
            { value: 'SE', label: 'Sweden' },
          ],
        },
        {
          name: 'date',
          label: 'Date',
          kind: 'date',
          required: true,
          value: '2026-12-03',
          hint: 'The venue’s date',
        },
        { name: 'time', label: 'Time', kind: 'time', required: false, value: '' },
        { name: 'purpose', label: 'Purpose', kind: 'textarea', required: false, value: 'a\n<b>b</b>' },
      ],
      errors: { date: "date: '31/02' is not a date", _form: 'Check the fields below' },
    },
  };

  it('renders a form with typed inputs, kept values, and errors next to their fields', () => {
    const html = render({ text: 't', blocks: [visitForm] });
    expect(html).toContain('<form class="r-form" data-form-id="visit" data-form-state="12">');
    expect(html).toContain(
      '<input type="text" id="m1-title" name="title" required value="Study &lt;trip&gt;" maxlength="200">',
    );
    expect(html).toContain(
      '<input type="radio" id="m1-kind-1" name="kind" required value="outgoing" checked>',
    );
    expect(html).not.toContain('value="incoming" checked');
    expect(html).toContain('<option value="LT" selected>Lithuania</option>');
    expect(html).toContain(
      '<input type="date" id="m1-date" name="date" required aria-invalid="true" aria-describedby="m1-date-hint m1-date-error" value="2026-12-03">',
    );
    expect(html).toContain('<p class="r-error" id="m1-date-error">date: &#39;31/02&#39; is not a date</p>');
    expect(html).toContain('<div class="r-field has-error"><label for="m1-date">');
    expect(html).toContain('<input type="time" id="m1-time" name="time" value="">');
    expect(html).toContain(
      '<textarea id="m1-purpose" name="purpose" rows="3">a\n&lt;b&gt;b&lt;/b&gt;</textarea>',
    );
    expect(html).toContain('<p class="r-error r-form-error" role="alert">Check the fields below</p>');
    expect(html).toContain('<button type="submit" class="r-button primary">Save</button>');
  });

  it('keeps a pre-filled select value that is not among the choices', () => {
    const form = structuredClone(visitForm);
    if (form.type !== 'form') throw new Error('unreachable');
    form.form.fields[2]!.value = 'XX';
    const html = render({ text: 't', blocks: [form] });
    expect(html).toContain('<option value="XX" selected>XX</option>');
  });

  it('renders a file block as a download button naming its block, file name, safe type and size', () => {
    const html = render({
      text: 'export',
      language: 'sv',
      blocks: [
        { type: 'text', text: ['Besök 2026'] },
        {
          type: 'file',
          name: 'ansvar-besök-2026.csv',
          mimeType: 'Text/CSV; Charset=UTF-8',
          content: '\uFEFFå;ö\r\n',
          title: HOSTILE,
        },
      ],
    });
    expect(html).toContain(
      `<div class="r-file"><button type="button" class="r-button r-download" data-file-block="1" data-file-name="ansvar-besök-2026.csv" data-file-type="text/csv; charset=utf-8"><span aria-hidden="true">⬇</span> <span class="visually-hidden">Ladda ned: </span><span class="r-file-title">${HOSTILE_ESCAPED}</span> <span class="r-file-meta">(ansvar-besök-2026.csv, 10 bytes)</span></button></div>`,
    );
    expect(html).not.toContain('å;ö');
  });

  it('offers a download only as a plain, non-active type (downloadType)', () => {
    expect(downloadType('text/csv; charset=utf-8')).toBe('text/csv; charset=utf-8');
    expect(downloadType(' TEXT/Calendar ;charset=UTF-8 ')).toBe('text/calendar; charset=utf-8');
    expect(downloadType('application/pdf')).toBe('application/pdf');
    expect(downloadType('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    for (const active of [
      'text/html',
      'TEXT/HTML; charset=utf-8',
      'application/xhtml+xml',
      'image/svg+xml',
      'text/xml',
      'application/xml',
      'text/xsl',
      'text/javascript',
      'application/javascript',
      'application/x-javascript',
      'text/ecmascript',
    ])
      expect(downloadType(active)).toBe('application/octet-stream');
    for (const malformed of [
      '',
      'csv',
      'text/',
      '/csv',
      'text/csv; boundary=x',
      'text/csv; charset="utf-8"',
      'text/csv, text/html',
      'text/csv\r\nx-evil: 1',
      'text/csv; charset=utf-8; x=<script>',
      '"><script>',
    ])
      expect(downloadType(malformed)).toBe('application/octet-stream');
  });

  it('escapes hostile text in every place a string can appear', () => {
    const h = HOSTILE;
    const html = render({
      text: h,
      language: 'en',
      feedback: { questionId: h },
      blocks: [
        { type: 'header', text: h },
        { type: 'text', text: [h, { text: h, bold: true, url: 'https://x.example/' }] },
        { type: 'fields', fields: [{ label: h, value: [h] }] },
        { type: 'quote', text: h, cite: [h] },
        { type: 'context', text: [h] },
        { type: 'file', name: 'x.csv', mimeType: h, content: h, title: h },
        {
          type: 'buttons',
          buttons: [{ label: h, action: h, value: h, confirm: { title: h, text: h, confirm: h, deny: h } }],
        },
        {
          type: 'form',
          form: {
            id: h,
            title: h,
            submitLabel: h,
            state: h,
            intro: h,
            fields: [
              { name: h, label: h, kind: 'text', required: false, value: h, placeholder: h, hint: h },
              {
                name: 'r',
                label: h,
                kind: 'radio',
                required: false,
                value: h,
                options: [{ value: h, label: h }],
              },
              {
                name: 's',
                label: h,
                kind: 'select',
                required: false,
                value: h,
                options: [{ value: h, label: h }],
              },
              { name: 't', label: h, kind: 'textarea', required: false, value: h },
            ],
            errors: { [h]: h, other: h },
          },
        },
      ],
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!channel>');
    expect(html).not.toMatch(/onerror='/);
    expect(html.split(HOSTILE_ESCAPED).length - 1).toBeGreaterThanOrEqual(26);
    expect(html).toContain('data-file-type="application/octet-stream"');
    expect(html).not.toContain(h.slice(0, 12));
  });

  it('produces only the renderer’s own tags for arbitrary text (property)', () => {
    const allowed = new Set([
      'h2',
      'h3',
      'p',
      'strong',
      'em',
      'code',
      'a',
      'dl',
      'div',
      'dt',
      'dd',
      'figure',
      'blockquote',
      'figcaption',
      'hr',
      'button',
      'form',
      'fieldset',
      'legend',
      'label',
      'input',
      'select',
      'option',
      'textarea',
      'span',
    ]);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const html = render({
          text: a,
          blocks: [
            { type: 'text', text: [a, { text: b, bold: true }] },
            { type: 'quote', text: c, cite: [a] },
            { type: 'buttons', buttons: [{ label: b, action: 'x.y', value: c }] },
            { type: 'file', name: 'f.csv', mimeType: b, content: c, title: a },
            {
              type: 'form',
              form: {
                id: 'f',
                title: a,
                submitLabel: b,
                fields: [{ name: 'n', label: c, kind: 'text', required: false, value: a }],
              },
            },
          ],
        });
        // Text holds no '<' or '"' after escaping, so every '<' opens one of our tags and every
        // attribute value ends at the next '"': list the attribute names of each tag.
        for (const [tag] of html.matchAll(/<[^>]*>/g)) {
          expect(allowed.has(/^<\/?([a-z0-9]+)/.exec(tag)?.[1] ?? '')).toBe(true);
          const names = [...tag.replace(/="[^"]*"/g, '').matchAll(/\s([^\s=>]+)/g)].map((m) => m[1]!);
          for (const name of names) expect(name).not.toMatch(/^on/i);
        }
      }),
    );
  });
});
