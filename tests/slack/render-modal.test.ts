import type { ViewOutput } from '@slack/bolt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Form, FormField } from '../../src/core/reply.js';
import {
  decodeMetadata,
  encodeMetadata,
  MetadataTooLargeError,
} from '../../adapters/slack/private-metadata.js';
import { groupOptions, readViewValues, renderModal, viewErrors } from '../../adapters/slack/render/modal.js';
import {
  closedEarlyReply,
  keepOpen,
  modalLanguage,
  problemView,
  withTypedValues,
  workingView,
} from '../../adapters/slack/render/submission.js';
import { renderMessages } from '../../adapters/slack/render/message.js';
import { checkMessage, checkModal } from './support/block-kit-limits.js';
import { fixtureJson } from './support/harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const zones = Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));

function form(fields: FormField[], extra: Partial<Form> = {}): Form {
  return { id: 'visit', title: 'Log a visit', submitLabel: 'Save', fields, ...extra };
}

describe('Form → modal', () => {
  it('maps every field kind to its Block Kit element, pre-filled', () => {
    const view = renderModal(
      form(
        [
          {
            name: 'title',
            label: 'Title',
            kind: 'text',
            required: true,
            value: 'Alytus',
            maxLength: 200,
            placeholder: 'Study visit',
          },
          { name: 'purpose', label: 'Purpose', kind: 'textarea', required: false, maxLength: 10_000 },
          {
            name: 'date',
            label: 'Date',
            kind: 'date',
            required: true,
            value: '2026-12-03',
            hint: '2026-12-03 or 3 dec',
          },
          { name: 'bad_date', label: 'Bad', kind: 'date', required: false, value: '3 dec' },
          { name: 'time', label: 'Time', kind: 'time', required: false, value: '09:30' },
          {
            name: 'timezone',
            label: 'Time zone',
            kind: 'select',
            required: false,
            value: 'Europe/Vilnius',
            options: zones,
          },
          {
            name: 'org',
            label: 'Organisation',
            kind: 'select',
            required: false,
            options: [{ value: 'a', label: 'A' }],
          },
          {
            name: 'kind',
            label: 'Kind',
            kind: 'radio',
            required: true,
            value: 'outgoing',
            options: [
              { value: 'incoming', label: 'Incoming' },
              { value: 'outgoing', label: 'Outgoing' },
            ],
          },
        ],
        { title: 'A title that is much longer than Slack allows', intro: 'Times <local>', state: '12' },
      ),
      { language: 'sv', privateMetadata: '{"state":"12"}' },
    );
    expect(checkModal(view as unknown as Json)).toEqual([]);
    expect(view.title.text).toHaveLength(24);
    expect(view.close?.text).toBe('Avbryt');
    expect(view.callback_id).toBe('ansvar.form:visit');
    const [intro, ...inputs] = view.blocks as Json[];
    expect(intro!.text.text).toBe('Times &lt;local&gt;');
    const byName = Object.fromEntries(inputs.map((b) => [b.block_id, b]));
    expect(byName.title.optional).toBe(false);
    expect(byName.title.element).toMatchObject({
      type: 'plain_text_input',
      initial_value: 'Alytus',
      max_length: 200,
    });
    expect(byName.purpose.element).toMatchObject({
      type: 'plain_text_input',
      multiline: true,
      max_length: 3000,
    });
    expect(byName.date.element).toMatchObject({ type: 'datepicker', initial_date: '2026-12-03' });
    expect(byName.date.hint.text).toBe('2026-12-03 or 3 dec');
    expect(byName.bad_date.element.initial_date).toBeUndefined();
    expect(byName.time.element).toMatchObject({ type: 'timepicker', initial_time: '09:30' });
    expect(byName.timezone.element.option_groups.length).toBeGreaterThan(5);
    expect(byName.timezone.element.initial_option.value).toBe('Europe/Vilnius');
    expect(byName.org.element.options).toEqual([
      { text: { type: 'plain_text', text: 'A', emoji: true }, value: 'a' },
    ]);
    expect(byName.kind.element).toMatchObject({
      type: 'radio_buttons',
      initial_option: { value: 'outgoing' },
    });
  });

  it('shows errors of a re-opened form under their fields', () => {
    const view = renderModal(
      form([{ name: 'date', label: 'Date', kind: 'date', required: true }], {
        errors: { date: 'Pick a <date>' },
      }),
      {
        language: 'en',
        privateMetadata: '{}',
      },
    );
    expect(view.blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '⚠️ Pick a &lt;date&gt;' }],
    });
  });

  it('groups long option lists: by IANA area, else by initial, each group ≤ 100', () => {
    const grouped = groupOptions(
      zones.map((z) => ({ text: { type: 'plain_text', text: z.label }, value: z.value })),
    );
    const labels = grouped.map((g) => g.label.text);
    expect(labels).toContain('Europe');
    expect(labels.some((l) => l.startsWith('America'))).toBe(true);
    for (const g of grouped) expect(g.options.length).toBeLessThanOrEqual(100);
    expect(grouped.flatMap((g) => g.options)).toHaveLength(zones.length);
    const countries = Array.from({ length: 250 }, (_, i) => ({
      text: { type: 'plain_text' as const, text: `Ö${i}` },
      value: `X${i}`,
    }));
    const byLetter = groupOptions(countries);
    expect(byLetter.map((g) => g.label.text)).toEqual(['Ö (1/3)', 'Ö (2/3)', 'Ö (3/3)']);
  });

  it('never renders a modal Slack would reject, whatever the form', () => {
    const option = fc.record({
      value: fc.string({ minLength: 1, maxLength: 90 }),
      label: fc.string({ maxLength: 120 }),
    });
    const field = fc.record({
      name: fc.string({ minLength: 1, maxLength: 20 }),
      label: fc.string({ maxLength: 3000 }),
      kind: fc.constantFrom('text', 'textarea', 'date', 'time', 'select', 'radio') as fc.Arbitrary<
        FormField['kind']
      >,
      required: fc.boolean(),
      value: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
      placeholder: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      options: fc.array(option, { maxLength: 600 }),
      maxLength: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(field, { selector: (f) => f.name, maxLength: 120 }),
        fc.string({ maxLength: 80 }),
        (fields, title) => {
          const clean = fields.map(
            (f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as FormField,
          );
          const view = renderModal(form(clean, { title, submitLabel: title }), {
            language: 'en',
            privateMetadata: '{}',
          });
          expect(checkModal(view as unknown as Json)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('view submissions', () => {
  it('reads the values of the recorded view_submission', () => {
    const payload = fixtureJson<Json>('view-submission.json');
    expect(readViewValues(payload.view.state)).toEqual({
      'date-of-visit': '2019-09-23',
      rating: '3',
      comment: 'Just amazing!',
    });
  });

  it('reads empty, radio, time and multi-select inputs', () => {
    const values = readViewValues({
      values: {
        a: { value: { type: 'plain_text_input', value: null } },
        b: { value: { type: 'radio_buttons', selected_option: null } },
        c: { value: { type: 'timepicker', selected_time: '10:15' } },
        d: { value: { type: 'multi_static_select', selected_options: [{ value: 'x' }, { value: 'y' }] } },
      },
    });
    expect(values).toEqual({ a: '', b: '', c: '10:15', d: 'x,y' });
  });

  it('maps core errors to block ids, unknown fields to the first input', () => {
    expect(viewErrors({ date: 'Pick a date.', ghost: 'Something else.' }, ['title', 'date'])).toEqual({
      date: 'Pick a date.',
      title: 'Something else.',
    });
    expect(viewErrors({ x: 'y' }, [])).toEqual({});
  });
});

describe('private_metadata', () => {
  it('round-trips and ignores garbage', () => {
    const meta = {
      state: '12',
      channel: 'C1',
      thread: '1.2',
      responseUrl: 'https://hooks.slack.com/x',
      home: true,
    };
    expect(decodeMetadata(encodeMetadata(meta))).toEqual(meta);
    expect(decodeMetadata('not json')).toEqual({});
    expect(decodeMetadata('{"state": 5}')).toEqual({});
    expect(decodeMetadata(undefined)).toEqual({});
  });

  it('drops routing hints before exceeding 3000 characters, and refuses oversized state', () => {
    const meta = {
      state: 's'.repeat(2900),
      channel: 'C1',
      thread: '1.2',
      responseUrl: `https://x/${'r'.repeat(200)}`,
    };
    const encoded = encodeMetadata(meta);
    expect(encoded.length).toBeLessThanOrEqual(3000);
    expect(decodeMetadata(encoded)).toEqual({ state: meta.state, channel: 'C1' });
    expect(() => encodeMetadata({ state: 's'.repeat(3100) })).toThrow(MetadataTooLargeError);
  });
});

describe('a submission the core answers late', () => {
  const submitted = renderModal(
    form([
      { name: 'title', label: 'Titel', kind: 'text', required: true },
      { name: 'date', label: 'Datum', kind: 'date', required: true },
    ]),
    { language: 'sv', privateMetadata: '{"channel":"C1"}' },
  );
  const asSubmitted = { ...submitted, id: 'V1', close: submitted.close ?? null } as unknown as ViewOutput;

  it('knows the modal’s language from its close button', () => {
    expect(modalLanguage(asSubmitted)).toBe('sv');
    expect(modalLanguage({ close: null })).toBe('en');
  });

  it('keeps the modal open: an error on the first input, or a view of its own without inputs', () => {
    expect(keepOpen(asSubmitted, 'tooLarge', 'en')).toMatchObject({
      response_action: 'errors',
      errors: { title: expect.stringMatching(/too large/) },
    });
    const noInputs = keepOpen({ ...asSubmitted, blocks: [] }, 'failed', 'en') as Json;
    expect(noInputs.response_action).toBe('update');
    expect(checkModal(noInputs.view)).toEqual([]);
  });

  it('shows "saving" with the same title and metadata, and nothing to submit', () => {
    const view = workingView(asSubmitted, 'sv');
    expect(checkModal(view as Json)).toEqual([]);
    expect(view.submit).toBeUndefined();
    expect(view.private_metadata).toBe('{"channel":"C1"}');
    expect(JSON.stringify(view.blocks)).toContain('Sparar');
  });

  it('lists what was typed, escaped, when the next step cannot be shown', () => {
    const view = problemView(asSubmitted, 'en', 'failed', { title: '<!here> *x*', date: '' });
    expect(checkModal(view as Json)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Titel*: &lt;!here&gt; \u2217x\u2217');
    expect(text).not.toContain('Datum');
  });

  it('puts the typed input back into fields the core left empty', () => {
    const f = form(
      [
        { name: 'title', label: 'Title', kind: 'text', required: true, value: 'kept' },
        { name: 'city', label: 'City', kind: 'text', required: false },
      ],
      { errors: { city: 'Unknown city.' } },
    );
    expect(withTypedValues(f, { title: 'typed', city: 'Rïga' }).fields.map((x) => x.value)).toEqual([
      'kept',
      'Rïga',
    ]);
  });

  it('turns the field errors and the input into a private message when the modal was closed', () => {
    const f = form([{ name: 'title', label: 'Title', kind: 'text', required: true }], {
      errors: { date: 'Pick a date.' },
    });
    const r = closedEarlyReply(f, [{ name: 'date', label: 'Datum' }], { title: 'Trip', date: '' }, 'en');
    expect(r.visibility).toBe('private');
    const [message] = renderMessages(r, { language: 'en' });
    expect(checkMessage(message as unknown as Json)).toEqual([]);
    const text = JSON.stringify(message!.blocks);
    expect(text).toContain('*Datum*\\nPick a date.');
    expect(text).toContain('*Title*\\nTrip');
  });
});
