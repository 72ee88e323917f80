import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import { parseVisitAddText } from '../../src/visits/visit-parser.js';
import { validateVisitValues } from '../../src/visits/visit-validation.js';

const TODAY = '2026-11-22';
const parse = (text: string) => parseVisitAddText(text, TODAY, 'en');
const ctx = {
  today: TODAY,
  defaultZone: 'Europe/Stockholm',
  organisations: BUNDLED_ORGANISATIONS,
  language: 'en' as const,
};

/** What `visit add TEXT` does before touching the database: a visit, or a usage problem. */
function interpret(text: string): { visit: true } | { usage: string } {
  const parsed = parseVisitAddText(text, TODAY, 'en');
  if (parsed.type === 'usage') return { usage: parsed.problem };
  const result = validateVisitValues(parsed.values, ctx);
  if (result.ok) return { visit: true };
  return {
    usage: Object.entries(result.errors)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
  };
}

describe('visit add: the short form', () => {
  it.each([
    [
      '2026-12-03 10:00 Europe/Vilnius Alytus — Study visit',
      {
        date: '2026-12-03',
        time: '10:00',
        timezone: 'Europe/Vilnius',
        city: 'Alytus',
        country: 'LT',
        title: 'Study visit',
        kind: 'outgoing',
      },
    ],
    [
      '3 dec 10.00 Vilnius - Meeting with Alytus region',
      { date: '2026-12-03', time: '10:00', city: 'Vilnius', title: 'Meeting with Alytus region' },
    ],
    ['3 dec 10 Vilnius -- Call', { time: '10:00', title: 'Call' }],
    ['3 dec 10 Vilnius – Call', { time: '10:00', title: 'Call' }],
    ['3 dec Vilnius—Call', { city: 'Vilnius', title: 'Call' }],
    ['tomorrow 9am Riga – Baltic forum', { date: '2026-11-23', time: '09:00', city: 'Riga', country: 'LV' }],
    ['imorgon 3 pm Tallinn — Digital forum', { date: '2026-11-23', time: '15:00', country: 'EE' }],
    [
      'fredag kl 10 Jönköping — Delegation från Alytus',
      { date: '2026-11-27', time: '10:00', country: 'SE', kind: 'incoming' },
    ],
    [
      '3 december 2026 10:00-12:00 Online — Partner call',
      { time: '10:00', end_time: '12:00', kind: 'digital' },
    ],
    ['3 dec Litauen — Trip', { country: 'LT', kind: 'outgoing' }],
    ['3 dec Alytus, Lithuania — Trip', { city: 'Alytus', country: 'LT' }],
    ['3 dec Kiel Tyskland — Hanse meeting', { city: 'Kiel', country: 'DE' }],
    ['3 dec Aix-en-Provence, FR — Seminar', { city: 'Aix-en-Provence', country: 'FR', title: 'Seminar' }],
    ['3 dec UTC Online — Call', { timezone: 'UTC', kind: 'digital' }],
    ['3 dec 10:00 Vilnius — Budget - part 2', { title: 'Budget - part 2' }],
  ])('reads %j', (text, expected) => {
    const parsed = parse(text);
    expect(parsed.type).toBe('values');
    if (parsed.type === 'values') expect(parsed.values).toMatchObject(expected);
  });

  it('defaults the kind from the place when none is given, and says it was assumed', () => {
    expect(parse('3 dec Springfield — Meeting')).toEqual({
      type: 'values',
      values: { date: '2026-12-03', city: 'Springfield', title: 'Meeting', kind: 'outgoing' },
      assumedKind: { kind: 'outgoing', because: 'unknown-place', place: 'Springfield' },
    });
    expect(interpret('3 dec Springfield — Meeting')).toEqual({ visit: true });
    expect(parse('3 dec Stockholm — Conference')).toMatchObject({
      values: { kind: 'incoming', country: 'SE' },
      assumedKind: { kind: 'incoming', because: 'in-sweden', place: 'Stockholm' },
    });
    expect(parse('3 dec Vilnius — Study visit')).toMatchObject({
      values: { kind: 'outgoing' },
      assumedKind: { kind: 'outgoing', because: 'abroad', place: 'Vilnius' },
    });
    expect(parse('3 dec — Planning')).toMatchObject({
      values: { kind: 'outgoing' },
      assumedKind: { kind: 'outgoing', because: 'no-place' },
    });
    // Given or digital: nothing assumed.
    expect(parse('3 dec Stockholm — Conference kind:outgoing')).not.toHaveProperty('assumedKind');
    expect(parse('3 dec Online — Call')).not.toHaveProperty('assumedKind');
  });

  it('gives the field’s error for a word that looks like a time or a zone but is not one', () => {
    expect(interpret('3 dec 25:00 Oslo — X kind:outgoing')).toEqual({
      usage: "time: '25:00' is not a time; write 10:00, 10.00 or 3pm",
    });
    expect(interpret('3 dec 10:75 Oslo — X')).toEqual({
      usage: "time: '10:75' is not a time; write 10:00, 10.00 or 3pm",
    });
    expect(interpret('3 dec kl 25.00 Oslo — X')).toEqual({
      usage: "time: '25.00' is not a time; write 10:00, 10.00 or 3pm",
    });
    expect(interpret('3 dec 10:00-25:00 Oslo — X')).toEqual({
      usage: "end_time: '25:00' is not a time; write 10:00, 10.00 or 3pm",
    });
    expect(interpret('3 dec 10:00 Europe/Nowhere Oslo — X')).toEqual({
      usage: "timezone: 'Europe/Nowhere' is not a time zone; write an IANA name like Europe/Vilnius",
    });
    expect(interpret('3 dec europe/nowhere Oslo — X')).toEqual({
      usage: "timezone: 'europe/nowhere' is not a time zone; write an IANA name like Europe/Vilnius",
    });
    // The place keeps what does not look like a time or a zone.
    expect(parse('3 dec Oslo/Bergen — X')).toMatchObject({ values: { city: 'Oslo/Bergen' } });
    expect(parse('3 dec 42 Street — X')).toMatchObject({ values: { city: '42 Street' } });
  });

  it('explains the separator, the date and the time', () => {
    expect(parse('3 dec Vilnius Study visit')).toEqual({
      type: 'usage',
      problem: expect.stringContaining('—'),
    });
    expect(parse('hello world')).toEqual({
      type: 'usage',
      problem: expect.stringContaining("date at the start of 'hello world'"),
    });
    expect(parse('3 dec kl Vilnius — x')).toEqual({
      type: 'usage',
      problem: expect.stringContaining("'kl' should be followed by a time"),
    });
    expect(parse('x'.repeat(3001))).toEqual({ type: 'usage', problem: expect.stringContaining('too long') });
  });

  it('passes a wrong date on so the error names it', () => {
    expect(interpret('31/02 Vilnius — x')).toEqual({
      usage: "date: '31/02' is not a date; write 2026-12-03 or 3 dec",
    });
    expect(interpret('31 feb Vilnius — x')).toEqual({
      usage: "date: '31 feb' is not a date; write 2026-12-03 or 3 dec",
    });
  });
});

describe('visit add: key:value pairs', () => {
  it('reads the documented example', () => {
    const parsed = parse(
      'title:"Study visit" date:2026-12-03 time:10:00 tz:Europe/Vilnius with:"Alytus region" city:Alytus country:LT kind:outgoing',
    );
    expect(parsed).toEqual({
      type: 'values',
      values: {
        title: 'Study visit',
        date: '2026-12-03',
        time: '10:00',
        timezone: 'Europe/Vilnius',
        counterpart: 'Alytus region',
        city: 'Alytus',
        country: 'LT',
        kind: 'outgoing',
      },
    });
  });

  it('takes Swedish keys, curly quotes, end:, participants:, purpose: and org:', () => {
    const parsed = parse(
      'titel:“Studiebesök” datum:"3 dec" end:"4 dec 16:00" land:Litauen deltagare:"Anna, Bo" syfte:\'Hälsa\' org:kronoberg',
    );
    expect(parsed).toEqual({
      type: 'values',
      values: {
        title: 'Studiebesök',
        date: '3 dec',
        end_date: '4 dec',
        end_time: '16:00',
        country: 'Litauen',
        participants: 'Anna, Bo',
        purpose: 'Hälsa',
        org: 'kronoberg',
        kind: 'outgoing',
      },
      assumedKind: { kind: 'outgoing', because: 'abroad', place: 'Litauen' },
    });
  });

  it('mixes pairs with the short form, the pairs winning', () => {
    expect(parse('3 dec Vilnius title:"Study visit" kind:digital')).toEqual({
      type: 'values',
      values: { date: '2026-12-03', title: 'Study visit', kind: 'digital', city: 'Vilnius', country: 'LT' },
    });
  });

  it('keeps unknown words with colons in the title', () => {
    const parsed = parse('3 dec Vilnius — Meeting re:budget');
    expect(parsed.type === 'values' && parsed.values.title).toBe('Meeting re:budget');
  });

  it('hints at quotes when a value with spaces was not quoted', () => {
    expect(parse('title:X date:3 dec')).toEqual({
      type: 'usage',
      problem: expect.stringContaining('date:"3 dec"'),
    });
  });

  it('accepts an unclosed quote up to the end', () => {
    const parsed = parse('date:2026-12-03 title:"Study visit');
    expect(parsed.type === 'values' && parsed.values.title).toBe('Study visit');
  });
});

describe('visit add: any text', () => {
  const words = fc.constantFrom(
    '3',
    'dec',
    '2026-12-03',
    '31/02',
    '10:00',
    '9am',
    'kl',
    '—',
    '-',
    '--',
    '–',
    'Vilnius',
    'Litauen',
    'LT',
    'title:',
    'date:',
    'tz:',
    'Europe/Vilnius',
    '"',
    '“',
    'with:"x',
    'kind:outgoing',
    'kind:',
    'idag',
    'fredag',
    '<!channel>',
    '=cmd',
    '\n',
    '\u0000',
    '\u202e',
    'x'.repeat(250),
    'end:',
    'org:',
    'org:jönköping',
    'country:ZZ',
  );
  // Near-valid commands with random parts, so that both outcomes are exercised.
  const commandish = fc
    .tuple(
      fc.constantFrom(
        '3 dec',
        '2026-12-03',
        'imorgon',
        'fredag',
        '31/02',
        '3/12',
        'December 3',
        '3 maj 2027',
        'x',
      ),
      fc.constantFrom('', '10:00', '9am', 'kl 10', '10-12', '25:00', '10.30'),
      fc.constantFrom('', 'Europe/Vilnius', 'UTC', 'Mars/Olympus'),
      fc.constantFrom('Vilnius', 'Jönköping', 'Online', 'Alytus, LT', 'Springfield', '', 'Riga Lettland'),
      fc.constantFrom(' — ', ' - ', ' -- ', ' – ', ' '),
      fc.string({ maxLength: 250 }),
      fc.array(words, { maxLength: 3 }),
    )
    .map(
      ([date, time, zone, place, separator, title, extra]) =>
        `${[date, time, zone, place].filter(Boolean).join(' ')}${separator}${title} ${extra.join(' ')}`,
    );
  const textish = fc.oneof(
    commandish,
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.array(words, { maxLength: 25 }).map((w) => w.join(' ')),
    fc.array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 20 }).map((w) => w.join('')),
  );

  it('never throws, and gives a visit or a usage message', () => {
    const seen = { visit: 0, usage: 0 };
    fc.assert(
      fc.property(textish, (text) => {
        const outcome = interpret(text);
        seen['usage' in outcome ? 'usage' : 'visit'] += 1;
        if ('usage' in outcome) {
          expect(outcome.usage.length).toBeGreaterThan(0);
          expect(outcome.usage.length).toBeLessThan(2000);
        } else {
          expect(outcome.visit).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // Both outcomes really occur: the property is not checked on usage messages alone.
    expect(seen.visit).toBeGreaterThan(20);
    expect(seen.usage).toBeGreaterThan(20);
  });

  it('yields bounded, clean fields whenever it yields a visit', () => {
    let visits = 0;
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.constantFrom('Vilnius', 'Jönköping', 'Online', 'Narnia, LT'),
        (title, place) => {
          const parsed = parseVisitAddText(`3 dec 10:00 ${place} — ${title}`, TODAY, 'en');
          if (parsed.type === 'usage') return;
          const result = validateVisitValues({ kind: 'incoming', ...parsed.values }, ctx);
          if (!result.ok) return;
          visits += 1;
          expect(result.input.title.length).toBeGreaterThan(0);
          expect(result.input.title.length).toBeLessThanOrEqual(200);
          expect(result.input.title).not.toMatch(/\p{Cc}/u);
        },
      ),
      { numRuns: 1000 },
    );
    expect(visits).toBeGreaterThan(500);
  });
});
