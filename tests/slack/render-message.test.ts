import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reply, type Block, type Rich } from '../../src/core/reply.js';
import { decodeActionId, encodeActionId } from '../../adapters/slack/action-ids.js';
import { splitText, truncate } from '../../adapters/slack/render/limits.js';
import { fallbackText, renderMessages, thankedBlocks } from '../../adapters/slack/render/message.js';
import { escapeMrkdwn, renderRich } from '../../adapters/slack/render/mrkdwn.js';
import { unescapeEntities } from '../../adapters/slack/incoming-text.js';
import { renderHome } from '../../adapters/slack/render/home.js';
import { checkHome, checkMessage } from './support/block-kit-limits.js';

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '<!channel>',
    '<!here>',
    '<@U123>',
    '<https://evil.example|harmless>',
    '*',
    '_',
    '~',
    '`',
    '&amp;',
    '&',
    '\n',
    '  ',
  ),
);
const text = fc.array(nasty, { maxLength: 8 }).map((parts) => parts.join(''));
const span = fc.record({ text, bold: fc.boolean(), italic: fc.boolean(), code: fc.boolean() });
const rich: fc.Arbitrary<Rich> = fc.array(fc.oneof(text, span), { maxLength: 6 });

describe('mrkdwn escaping', () => {
  it('escapes &, < and > exactly once', () => {
    expect(escapeMrkdwn('a < b && c > <!channel>')).toBe('a &lt; b &amp;&amp; c &gt; &lt;!channel&gt;');
    expect(renderRich(['<@U1> ', { text: '<!here>', bold: true }])).toBe('&lt;@U1&gt; *&lt;!here&gt;*');
  });

  it('keeps a bold title from breaking out of its bold', () => {
    expect(renderRich([{ text: '*evil* _x_ `y` ~z~', bold: true }])).toBe(
      '*\u2217evil\u2217 \u02cdx\u02cd \u02cby\u02cb \u223cz\u223c*',
    );
    expect(renderRich([{ text: '  padded  ', bold: true }])).toBe('  *padded*  ');
    expect(renderRich([{ text: 'a`b', code: true }])).toBe('`a\u02cbb`');
    expect(renderRich([{ text: 'two\nlines', italic: true }])).toBe('_two_\n_lines_');
  });

  it('neutralises formatting in plain text too, wherever user or policy text appears', () => {
    expect(renderRich(['#4 ', '*bold* _it_ ~gone~ `code`'])).toBe(
      '#4 \u2217bold\u2217 \u02cdit\u02cd \u223cgone\u223c \u02cbcode\u02cb',
    );
    expect(renderRich('a *b* <c>')).toBe('a \u2217b\u2217 &lt;c&gt;');
    const [message] = renderMessages(
      reply({
        text: 'x',
        blocks: [
          { type: 'fields', fields: [{ label: '*Label*', value: ['_v_'] }] },
          { type: 'quote', text: 'Med *vänorter* avses', cite: ['~Policy~'] },
          {
            type: 'form',
            form: { id: 'f', title: '*T*', submitLabel: 'S', intro: '_i_', fields: [] },
          },
        ],
      }),
      { language: 'en' },
    );
    const texts = JSON.stringify(message!.blocks);
    expect(texts).toContain('*\u2217Label\u2217*\\n\u02cdv\u02cd');
    expect(texts).toContain('>Med \u2217vänorter\u2217 avses');
    expect(texts).toContain('— \u223cPolicy\u223c');
    expect(texts).toContain('*\u2217T\u2217*\\n\u02cdi\u02cd');
    const home = renderHome(reply({ text: 'h', blocks: [{ type: 'text', text: ['#1 *bold*'] }] }), 'en');
    expect(JSON.stringify(home.blocks)).toContain('#1 \u2217bold\u2217');
  });

  it('keeps web addresses in text intact while neutralising around them', () => {
    expect(renderRich(['see https://example.org/a_b_c?x=*1* and _this_'])).toBe(
      'see https://example.org/a_b_c?x=*1\u2217 and \u02cdthis\u02cd',
    );
    expect(renderRich(['_https://example.org/p_'])).toBe('\u02cdhttps://example.org/p\u02cd');
    expect(renderRich(['mail mailto:first_last@region.se.'])).toBe('mail mailto:first_last@region.se.');
  });

  it('renders bot-built links with an escaped label', () => {
    expect(renderRich([{ text: 'A <b> | c', url: 'https://example.org/x?a=1|2' }])).toBe(
      '<https://example.org/x?a=1%7C2|A &lt;b&gt; | c>',
    );
  });

  it('never lets user text produce markup: no raw < or >, only the three entities', () => {
    fc.assert(
      fc.property(rich, (r) => {
        const out = renderRich(r);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
    );
  });

  it('round-trips plain text through escaping and Slack’s unescaping', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(unescapeEntities(escapeMrkdwn(s))).toBe(s);
      }),
    );
  });

  it('puts exactly two delimiters around each styled line', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).filter((s) => !s.includes('\n')),
        (s) => {
          const out = renderRich([{ text: s, bold: true }]);
          expect(out.split('*').length - 1).toBe(s.trim() ? 2 : 0);
        },
      ),
    );
  });
});

describe('splitting and truncating', () => {
  it('keeps chunks within the limit without cutting entities or links', () => {
    const pieces = fc.array(
      fc.constantFrom('word ', '&amp;', '&lt;', '\n', '\n\n', '<https://x.org|a link>', 'x'.repeat(50)),
      {
        maxLength: 400,
      },
    );
    fc.assert(
      fc.property(pieces, fc.integer({ min: 40, max: 400 }), (parts, max) => {
        const input = parts.join('');
        const chunks = splitText(input, max);
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(max);
          expect(chunk).not.toMatch(/&(a|am|l|g|lt|gt)?$/);
          expect(chunk.lastIndexOf('<')).toBeLessThanOrEqual(chunk.lastIndexOf('>'));
        }
        expect(chunks.join('').replace(/\s/g, '')).toBe(input.replace(/\s/g, ''));
      }),
    );
  });

  it('truncates with an ellipsis and not inside an entity', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab&amp;cd', 5)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('Reply → Block Kit messages', () => {
  const block: fc.Arbitrary<Block> = fc.oneof(
    fc.record({ type: fc.constant('header' as const), text: fc.string({ maxLength: 300 }) }),
    fc.record({ type: fc.constant('text' as const), text: rich }),
    fc.record({
      type: fc.constant('text' as const),
      text: fc.string({ minLength: 2000, maxLength: 9000 }).map((s) => [s]),
    }),
    fc.record({
      type: fc.constant('fields' as const),
      fields: fc.array(fc.record({ label: fc.string({ maxLength: 100 }), value: rich }), { maxLength: 25 }),
    }),
    fc.record({ type: fc.constant('quote' as const), text: fc.string({ maxLength: 5000 }), cite: rich }),
    fc.record({ type: fc.constant('context' as const), text: rich }),
    fc.constant({ type: 'divider' as const }),
    fc.record({
      type: fc.constant('buttons' as const),
      buttons: fc.array(
        fc.record({
          label: fc.string({ maxLength: 120 }),
          action: fc.constantFrom('visit.cancel', 'visit.edit'),
          value: fc.string({ maxLength: 30 }),
        }),
        { maxLength: 40 },
      ),
    }),
  );

  it('always produces messages within Block Kit limits, with a text fallback', () => {
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 120 }),
        fc.string({ maxLength: 5000 }),
        fc.boolean(),
        (blocks, fallback, withFeedback) => {
          const r = reply({
            text: fallback,
            blocks,
            ...(withFeedback ? { feedback: { questionId: '12' } } : {}),
          });
          const messages = renderMessages(r, {
            language: 'en',
            ...(withFeedback ? { feedback: { questionId: '12', share: true } } : {}),
          });
          expect(messages.length).toBeGreaterThanOrEqual(1);
          for (const message of messages) expect(checkMessage(message)).toEqual([]);
          if (withFeedback) {
            const last = messages.at(-1)!.blocks.at(-1)!;
            expect(last).toMatchObject({ type: 'actions', block_id: 'ansvar.feedback' });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('splits 200 list items over several messages of at most 50 blocks, keeping order', () => {
    const blocks: Block[] = Array.from({ length: 200 }, (_, i) => ({ type: 'text', text: [`item ${i}`] }));
    const messages = renderMessages(reply({ text: 'list', blocks }), { language: 'en' });
    expect(messages.map((m) => m.blocks.length)).toEqual([50, 50, 50, 50]);
    const texts = messages.flatMap((m) => m.blocks.map((b) => (b.type === 'section' ? b.text?.text : '')));
    expect(texts[0]).toBe('item 0');
    expect(texts[199]).toBe('item 199');
  });

  it('renders each block type', () => {
    const r = reply({
      text: 'Fallback <b>',
      blocks: [
        { type: 'header', text: 'H'.repeat(200) },
        { type: 'fields', fields: [{ label: 'When', value: ['3 Dec ', { text: '10:00', bold: true }] }] },
        {
          type: 'quote',
          text: 'line one\nline <two>',
          cite: ['Policy, ', { text: 'Definitioner', italic: true }],
        },
        { type: 'divider' },
        {
          type: 'buttons',
          buttons: [
            {
              label: 'Cancel',
              action: 'visit.cancel',
              value: '1',
              style: 'danger',
              confirm: { title: 'Sure?', text: 'Really', confirm: 'Yes', deny: 'No' },
            },
            { label: 'Cancel other', action: 'visit.cancel', value: '2' },
          ],
        },
      ],
    });
    const [message] = renderMessages(r, { language: 'sv' });
    expect(message!.text).toBe('Fallback &lt;b&gt;');
    const [header, fields, quote, cite, divider, actions] = message!.blocks as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(header.text.text).toHaveLength(150);
    expect(fields.fields[0].text).toBe('*When*\n3 Dec *10:00*');
    expect(quote.text.text).toBe('>line one\n>line &lt;two&gt;');
    expect(cite.elements[0].text).toBe('— Policy, _Definitioner_');
    expect(divider.type).toBe('divider');
    expect(actions.elements.map((e: { action_id: string }) => e.action_id)).toEqual([
      'visit.cancel',
      'visit.cancel~1',
    ]);
    expect(actions.elements[0].confirm).toMatchObject({ title: { text: 'Sure?' }, style: 'danger' });
    expect(decodeActionId(encodeActionId('visit.cancel', 1))).toBe('visit.cancel');
  });

  it('labels the feedback and share buttons in the reply’s language', () => {
    const r = reply({
      text: 'Svar',
      blocks: [{ type: 'text', text: ['Svar'] }],
      feedback: { questionId: '9' },
    });
    const [message] = renderMessages(r, { language: 'sv', feedback: { questionId: '9', share: true } });
    const feedback = message!.blocks.at(-1) as {
      elements: { action_id: string; value: string; text: { text: string } }[];
    };
    expect(feedback.elements.map((e) => [e.action_id, e.value])).toEqual([
      ['feedback', '9:up'],
      ['feedback~1', '9:down'],
      ['answer.share', '9'],
    ]);
    expect(feedback.elements[2]!.text.text).toBe('Dela i kanalen');
  });

  it('replaces the vote buttons with a thank-you line, keeping other buttons', () => {
    const r = reply({ text: 'A', blocks: [{ type: 'text', text: ['A'] }], feedback: { questionId: '9' } });
    const [message] = renderMessages(r, { language: 'en', feedback: { questionId: '9', share: true } });
    const after = thankedBlocks(message!.blocks, 'Thanks <3');
    expect(after).toHaveLength(3);
    expect(JSON.stringify(after)).not.toContain('"feedback"');
    expect(JSON.stringify(after)).toContain('answer.share');
    expect(after.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Thanks &lt;3' }] });
  });

  it('falls back to the blocks when the reply text is empty', () => {
    expect(fallbackText(reply({ text: '', blocks: [{ type: 'header', text: '<Visits>' }] }))).toBe(
      '&lt;Visits&gt;',
    );
  });

  it('cuts a Home view to 100 blocks with a pointer to the full list', () => {
    const blocks: Block[] = Array.from({ length: 150 }, (_, i) => ({ type: 'text', text: [`visit ${i}`] }));
    const home = renderHome(reply({ text: 'home', blocks }), 'en');
    expect(home.blocks).toHaveLength(100);
    expect(checkHome(home as unknown as Record<string, unknown>)).toEqual([]);
    expect(JSON.stringify(home.blocks.at(-1))).toContain('/visit list');
  });
});
