import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replyToMessage } from '../../adapters/teams/render/activity.js';
import { buttonToAction, renderCard, replyToCard } from '../../adapters/teams/render/card.js';
import { MAX_STATIC_CHOICES, OPTIONS_DATASET_PREFIX, renderForm } from '../../adapters/teams/render/form.js';
import { escapeMarkdown, isAllCode, richToMarkdown } from '../../adapters/teams/render/markdown.js';
import { reply, type Form } from '../../src/core/reply.js';
import { optionListId } from '../../src/store/option-lists.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const MARKUP = new Set(['\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '~', '&']);

/** True when every markup character is preceded by an escaping backslash. */
function fullyEscaped(markdown: string): boolean {
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (MARKUP.has(c)) return false;
  }
  return true;
}

const unescape = (markdown: string) => markdown.replace(/\\([\s\S])/g, '$1');

describe('markdown escaping for Adaptive Card TextBlocks', () => {
  it('escapes links, emphasis, mentions, code, date functions and entities', () => {
    expect(escapeMarkdown('[Click](https://evil.example)')).toBe('\\[Click\\](https://evil.example)');
    expect(escapeMarkdown('**loud** _soft_ `code` ~~gone~~')).toBe(
      '\\*\\*loud\\*\\* \\_soft\\_ \\`code\\` \\~\\~gone\\~\\~',
    );
    expect(escapeMarkdown('<at>Erik</at>')).toBe('\\<at\\>Erik\\</at\\>');
    expect(escapeMarkdown('{{DATE(2026-01-01T00:00:00Z, SHORT)}}')).toBe(
      '\\{\\{DATE(2026-01-01T00:00:00Z, SHORT)\\}\\}',
    );
    expect(escapeMarkdown('&lt;b&gt;')).toBe('\\&lt;b\\&gt;');
  });

  it('escapes list and heading markers only at the start of a line', () => {
    expect(escapeMarkdown('- item\n+ item\n1. first\n12) twelfth\n# Heading')).toBe(
      '\\- item\n\\+ item\n1\\. first\n12\\) twelfth\n\\# Heading',
    );
    expect(escapeMarkdown('2026-12-03 at 10.30 - Alytus #1')).toBe('2026-12-03 at 10.30 - Alytus #1');
  });

  it('leaves no markup character unescaped and loses nothing, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(fullyEscaped(escaped)).toBe(true);
        expect(unescape(escaped)).toBe(text.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 500 },
    );
  });

  it('renders styled spans around escaped text and keeps line breaks', () => {
    expect(
      richToMarkdown([{ text: 'Region*styrelsen ', bold: true }, 'signs', { text: ' [x]', italic: true }]),
    ).toBe('**Region\\*styrelsen** signs _\\[x\\]_');
    expect(richToMarkdown('line one\nline two')).toBe('line one\n\nline two');
    expect(richToMarkdown([{ text: 'the policy', url: 'https://example.org/a (b)' }])).toBe(
      '[the policy](https://example.org/a%20%28b%29)',
    );
    expect(
      richToMarkdown([
        { text: 'bad', url: 'https://ok.example' },
        { text: 'x', url: 'javascript:alert(1)' } as never,
      ]),
    ).toBe('[bad](https://ok.example/)x');
    expect(isAllCode([{ text: 'visit add', code: true }, '\n', { text: 'visit list', code: true }])).toBe(
      true,
    );
    expect(isAllCode(['Type ', { text: 'help', code: true }])).toBe(false);
  });
});

describe('Reply to Adaptive Card', () => {
  const answer = reply({
    text: 'Regionstyrelsen signs partner agreements.',
    feedback: { questionId: '42' },
    blocks: [
      { type: 'header', text: 'Region Jönköpings län' },
      { type: 'text', text: [{ text: 'Regionstyrelsen', bold: true }, ' (Regional Executive Board)'] },
      { type: 'divider' },
      {
        type: 'quote',
        text: 'Avtal sluts via regionstyrelsen.',
        cite: ['Internationell policy, Definitioner'],
      },
      { type: 'fields', fields: [{ label: 'When*', value: ['2026-12-03 10:00 (Europe/Vilnius)'] }] },
      { type: 'context', text: ['Source: knowledge/x.md:142'] },
      {
        type: 'buttons',
        buttons: [{ label: 'Share in channel', action: 'answer.share', value: '42', style: 'primary' }],
      },
    ],
  });

  it('maps each block to card elements in order, with the divider as a separator', () => {
    const card = replyToCard(answer);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' } });
    expect(card.body.map((e) => e.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'Container',
      'FactSet',
      'TextBlock',
      'ActionSet',
    ]);
    expect(card.body[0]).toMatchObject({ text: 'Region Jönköpings län', size: 'Large', weight: 'Bolder' });
    expect(card.body[1]).toMatchObject({ text: '**Regionstyrelsen** (Regional Executive Board)' });
    expect(card.body[2]).toMatchObject({ type: 'Container', style: 'emphasis', separator: true });
    expect((card.body[2] as Json).items[1]).toMatchObject({
      text: 'Internationell policy, Definitioner',
      isSubtle: true,
    });
    expect(card.body[3]).toEqual({
      type: 'FactSet',
      facts: [{ title: 'When\\*', value: '2026-12-03 10:00 (Europe/Vilnius)' }],
    });
    expect(card.body[4]).toMatchObject({ size: 'Small', isSubtle: true });
    expect((card.body[5] as Json).actions[0]).toEqual({
      type: 'Action.Submit',
      title: 'Share in channel',
      style: 'positive',
      associatedInputs: 'none',
      data: { verb: 'answer.share', value: '42' },
    });
  });

  it('turns on the feedback loop only for answers, and never sets activity text', () => {
    const { message } = replyToMessage(answer);
    expect(message.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(message).not.toHaveProperty('text');
    expect(message.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(replyToMessage(reply({ text: 'hi', blocks: [] })).message.channelData).toBeUndefined();
  });

  it('shows the fallback text when a reply has no blocks, escaped', () => {
    expect(replyToCard(reply({ text: 'See [this](http://x)', blocks: [] })).body).toEqual([
      { type: 'TextBlock', text: 'See \\[this\\](http://x)', wrap: true },
    ]);
  });

  it('gives the card a plain-text fallback: no backslashes, no mention markup', () => {
    const card = replyToCard(
      reply({
        text: 'Logged visit #3: <at>Erik</at> [Click](https://x.example) **loud** a_b\nnext < 5 > 2',
        blocks: [{ type: 'header', text: 'Visit #3' }],
      }),
    );
    expect(card.fallbackText).toBe(
      'Logged visit #3: Erik [Click](https://x.example) **loud** a_b\nnext < 5 > 2',
    );
    expect(
      replyToCard(reply({ text: '<<at>at>Erik</at> < AT id="1">x</At >', blocks: [] })).fallbackText,
    ).toBe('Erik x');
  });

  it('never lets mention markup through the fallback and changes nothing else, for any text', () => {
    const pieces = fc.constantFrom(
      '<at>',
      '</at>',
      '< at >',
      '<AT x="1">',
      '<',
      '>',
      'at',
      '/',
      '\\',
      'Erik',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const fallback = replyToCard(reply({ text, blocks: [] })).fallbackText!;
        expect(fallback).not.toMatch(/<\s*\/?\s*at\b[^>]*>/i);
        // Nothing is escaped: no backslash is added (one inside a removed tag goes with it).
        expect(fallback.split('\\').length).toBeLessThanOrEqual(text.split('\\').length);
        if (!text.includes('<')) expect(fallback).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('asks for confirmation through an inline card whose button does the work', () => {
    const action: Json = buttonToAction({
      label: 'Cancel visit',
      action: 'visit.cancel',
      value: '7',
      style: 'danger',
      confirm: { title: 'Cancel *it*?', text: 'Really.', confirm: 'Yes, cancel', deny: 'No' },
    });
    expect(action).toMatchObject({ type: 'Action.ShowCard', title: 'Cancel visit', style: 'destructive' });
    expect(action.card.body[0].text).toBe('Cancel \\*it\\*?');
    expect(action.card.body[2].actions[0]).toMatchObject({
      type: 'Action.Submit',
      title: 'Yes, cancel',
      data: { verb: 'visit.cancel', value: '7' },
    });
  });
});

describe('forms as card inputs', () => {
  const many = Array.from({ length: MAX_STATIC_CHOICES + 1 }, (_, i) => ({
    value: `Zone/${i}`,
    label: `Zone ${i}`,
  }));
  const form: Form = {
    id: 'visit',
    title: 'Log a visit',
    submitLabel: 'Save',
    state: '12',
    intro: 'Times are local',
    fields: [
      {
        name: 'title',
        label: 'Title',
        kind: 'text',
        required: true,
        value: '[x](y)',
        maxLength: 200,
        placeholder: 'Study visit',
      },
      {
        name: 'kind',
        label: 'Kind',
        kind: 'radio',
        required: true,
        options: [{ value: 'incoming', label: 'Incoming' }],
      },
      {
        name: 'country',
        label: 'Country',
        kind: 'select',
        required: false,
        value: 'LT',
        options: [{ value: 'LT', label: 'Lithuania' }],
      },
      {
        name: 'timezone',
        label: 'Time zone',
        kind: 'select',
        required: false,
        value: 'Zone/3',
        options: many,
      },
      { name: 'date', label: 'Date', kind: 'date', required: true, value: '2026-12-03', hint: 'YYYY-MM-DD' },
      { name: 'time', label: 'Time', kind: 'time', required: false, value: '10:00' },
      { name: 'purpose', label: 'Purpose', kind: 'textarea', required: false },
    ],
    errors: { date: 'not a date', org: 'unknown organisation' },
  };

  it('renders every field kind, keeps values unescaped, and shows errors twice', () => {
    const lists: Json[] = [];
    const elements: Json[] = renderForm(form, 'en', lists);
    const byId = Object.fromEntries(elements.filter((e) => e.id).map((e) => [e.id, e]));
    expect(byId.title).toMatchObject({
      type: 'Input.Text',
      value: '[x](y)',
      isRequired: true,
      maxLength: 200,
      placeholder: 'Study visit',
      errorMessage: 'Title: required',
    });
    expect(byId.kind).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'expanded',
      choices: [{ title: 'Incoming', value: 'incoming' }],
    });
    expect(byId.country).toMatchObject({
      style: 'filtered',
      value: 'LT',
      choices: [{ title: 'Lithuania', value: 'LT' }],
    });
    expect(byId.country['choices.data']).toBeUndefined();
    expect(byId.date).toMatchObject({ type: 'Input.Date', value: '2026-12-03', errorMessage: 'not a date' });
    expect(byId.time).toMatchObject({ type: 'Input.Time', value: '10:00' });
    expect(byId.purpose).toMatchObject({ type: 'Input.Text', isMultiline: true });
    const visible = elements.filter((e) => e.type === 'TextBlock').map((e) => e.text);
    expect(visible).toEqual([
      'Log a visit',
      'Times are local',
      'unknown organisation',
      'YYYY-MM-DD',
      'not a date',
    ]);
    expect(elements.at(-1).actions[0]).toMatchObject({
      type: 'Action.Submit',
      title: 'Save',
      data: { verb: 'visit.submit', ansvarForm: 'visit', ansvarState: '12' },
    });
  });

  it('sends long option lists by reference (typeahead search), keeping only the current choice', () => {
    const { card, optionLists } = renderCard(reply({ text: 'form', blocks: [{ type: 'form', form }] }));
    const zone: Json = card.body.find((e: Json) => e.id === 'timezone');
    expect(zone.choices).toEqual([{ title: 'Zone 3', value: 'Zone/3' }]);
    expect(zone['choices.data']).toEqual({
      type: 'Data.Query',
      dataset: `${OPTIONS_DATASET_PREFIX}${optionListId(many)}`,
    });
    expect(optionLists).toEqual([{ id: optionListId(many), options: many }]);
  });

  it('refuses a field whose name would collide with the submit data', () => {
    const bad: Form = { ...form, fields: [{ name: 'verb', label: 'Verb', kind: 'text', required: false }] };
    expect(() => renderForm(bad)).toThrow(/cannot be an Adaptive Card input id/);
  });
});
