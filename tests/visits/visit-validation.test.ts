import { describe, expect, it } from 'vitest';
import { countryOptions, resolveCountry, COUNTRIES } from '../../src/visits/countries.js';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import { lookupCity, mainZoneOf, resolvePlace } from '../../src/visits/places.js';
import { canonicalZone, localInstant } from '../../src/visits/time-zones.js';
import { validateVisitValues, type ValidationContext } from '../../src/visits/visit-validation.js';

const en: ValidationContext = {
  today: '2026-11-22',
  defaultZone: 'Europe/Stockholm',
  organisations: BUNDLED_ORGANISATIONS,
  language: 'en',
};
const sv: ValidationContext = { ...en, language: 'sv' };
const base = { title: 'Study visit', kind: 'outgoing', date: '2026-12-03' };

function input(values: Record<string, string>, ctx = en) {
  const result = validateVisitValues(values, ctx);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.input;
}
function errors(values: Record<string, string>, ctx = en) {
  const result = validateVisitValues(values, ctx);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('countries', () => {
  it('lists the ISO countries with English and Swedish names', () => {
    expect(COUNTRIES.length).toBeGreaterThanOrEqual(245);
    expect(COUNTRIES.length).toBeLessThanOrEqual(252);
    const codes = COUNTRIES.map((c) => c.code);
    expect(codes).toContain('LT');
    expect(codes).toContain('XK');
    for (const gone of ['UK', 'SU', 'YU', 'EU', 'UN', 'ZZ', 'XA']) expect(codes).not.toContain(gone);
    const svOptions = countryOptions('sv');
    expect(svOptions.find((o) => o.value === 'LT')?.label).toBe('Litauen (LT)');
    // Swedish collation puts Å Ä Ö last
    expect(svOptions.at(-1)?.label.startsWith('Ö')).toBe(true);
  });

  it.each([
    ['Litauen', 'LT'],
    ['Lithuania', 'LT'],
    ['lt', 'LT'],
    ['Tyskland', 'DE'],
    ['Storbritannien', 'GB'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['Österrike', 'AT'],
    ['osterrike', 'AT'],
    ['Czech Republic', 'CZ'],
    ['Tjeckien', 'CZ'],
    ['Bosnia & Herzegovina', 'BA'],
    ['bosnien och hercegovina', 'BA'],
    ['USA', 'US'],
  ])('reads %s as %s', (text, code) => {
    expect(resolveCountry(text)).toBe(code);
  });

  it('refuses what is not a country', () => {
    for (const text of ['Narnia', 'ZZ', 'EU', '', 'constructor', '__proto__'])
      expect(resolveCountry(text)).toBeUndefined();
  });
});

describe('places and zones', () => {
  it('knows common cities and the main zone of countries that have one', () => {
    expect(lookupCity('vilnius')).toEqual({ country: 'LT', zone: 'Europe/Vilnius' });
    expect(lookupCity('Köpenhamn')).toEqual({ country: 'DK', zone: 'Europe/Copenhagen' });
    expect(lookupCity('Paris', 'US')).toBeUndefined();
    expect(mainZoneOf('LT')).toBe('Europe/Vilnius');
    expect(mainZoneOf('US')).toBeUndefined();
    expect(resolvePlace('Alytus, Lithuania')).toEqual({ city: 'Alytus', country: 'LT' });
    expect(resolvePlace('Litauen')).toEqual({ country: 'LT' });
    expect(resolvePlace('Springfield')).toEqual({ city: 'Springfield' });
    expect(resolvePlace('Frankfurt am Main')).toEqual({ city: 'Frankfurt am Main', country: 'DE' });
  });

  it('spells zones canonically and refuses others', () => {
    expect(canonicalZone('europe/vilnius')).toBe('Europe/Vilnius');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalZone('../etc/passwd')).toBeUndefined();
  });

  it('refuses a time in the spring-forward gap and takes the first of two in the autumn overlap', () => {
    expect(localInstant('2026-03-29', '02:30', 'Europe/Stockholm')).toEqual({
      ok: false,
      reason: 'gap',
      shiftedTo: '03:30',
    });
    const overlap = localInstant('2026-10-25', '02:30', 'Europe/Stockholm');
    expect(overlap.ok && overlap.instant.toUTC().toISO()).toBe('2026-10-25T00:30:00.000Z');
    const after = localInstant('2026-10-25', '03:30', 'Europe/Stockholm');
    expect(after.ok && after.instant.toUTC().toISO()).toBe('2026-10-25T02:30:00.000Z');
  });
});

describe('visit validation', () => {
  it('infers country and zone from the city, and converts to UTC', () => {
    const visit = input({ ...base, city: 'Alytus', time: '10:00' });
    expect(visit).toMatchObject({
      city: 'Alytus',
      country: 'LT',
      timezone: 'Europe/Vilnius',
      startDate: '2026-12-03',
      startTime: '10:00',
      startsAt: '2026-12-03T08:00:00.000Z',
      endsAt: null,
    });
  });

  it('takes the main zone of the country, else the user zone', () => {
    expect(input({ ...base, country: 'Portugal', time: '10' }).timezone).toBe('Europe/Lisbon');
    expect(input({ ...base, country: 'US', city: 'Springfield', time: '10' }).timezone).toBe(
      'Europe/Stockholm',
    );
    expect(
      input({ ...base, country: 'US', city: 'Springfield', time: '10', timezone: 'America/Chicago' }),
    ).toMatchObject({
      timezone: 'America/Chicago',
      startsAt: '2026-12-03T16:00:00.000Z',
    });
    expect(input({ ...base, kind: 'digital' }, { ...en, defaultZone: 'Europe/Helsinki' }).timezone).toBe(
      'Europe/Helsinki',
    );
  });

  it('stores a date-only visit at the venue midnight and a last day until its end', () => {
    const visit = input({ ...base, city: 'Vilnius', end_date: '5 dec' });
    expect(visit).toMatchObject({
      startTime: null,
      startsAt: '2026-12-02T22:00:00.000Z',
      endDate: '2026-12-05',
      endsAt: '2026-12-05T22:00:00.000Z',
    });
  });

  it('reads an end time alone as the same day', () => {
    expect(input({ ...base, time: '10', end_time: '12:30' })).toMatchObject({
      endDate: '2026-12-03',
      endTime: '12:30',
      endsAt: '2026-12-03T11:30:00.000Z',
    });
  });

  it('says per field what is wrong and how to write it', () => {
    expect(
      errors({
        title: '',
        kind: 'sideways',
        date: '31/02',
        time: '25:00',
        country: 'Narnia',
        timezone: 'Mars/Olympus',
        org: 'acme',
      }),
    ).toEqual({
      title: 'required: a short title, e.g. "Study visit to Alytus"',
      kind: "'sideways' is not a kind; choose incoming, outgoing or digital",
      date: "'31/02' is not a date; write 2026-12-03 or 3 dec",
      time: "'25:00' is not a time; write 10:00, 10.00 or 3pm",
      country: "'Narnia' is not a country; write a code like LT or a name like Lithuania or Litauen",
      timezone: "'Mars/Olympus' is not a time zone; write an IANA name like Europe/Vilnius",
      org: expect.stringContaining("'acme' is not an organisation; write one of region-jonkopings-lan"),
    });
    expect(errors({ kind: 'in' }).date).toBe('required; write 2026-12-03 or 3 dec');
    expect(errors({ ...base, date: '1999-12-03' }).date).toBe("'1999-12-03' is outside the years 2000–2100");
  });

  it('answers in Swedish', () => {
    expect(errors({ title: 'x', kind: 'in', date: '31/02' }, sv)).toEqual({
      date: "'31/02' är inget datum; skriv 2026-12-03 eller 3 dec",
    });
    expect(input({ title: 'x', kind: 'utgående resa', date: '3 maj' }, sv).kind).toBe('outgoing');
    expect(input({ title: 'x', kind: 'inkommande', date: '3 maj' }, sv).kind).toBe('incoming');
    expect(input({ title: 'x', kind: 'digitalt möte', date: '3 maj' }, sv).kind).toBe('digital');
  });

  it('bounds field lengths', () => {
    expect(errors({ ...base, title: 'x'.repeat(201) }).title).toBe('too long (201 characters); at most 200');
    expect(errors({ ...base, counterpart: 'x'.repeat(201) }).counterpart).toMatch(/at most 200/);
    expect(errors({ ...base, city: 'x'.repeat(101) }).city).toMatch(/at most 100/);
    expect(errors({ ...base, participants: 'x'.repeat(1001) }).participants).toMatch(/at most 1000/);
    expect(errors({ ...base, purpose: 'x'.repeat(2001) }).purpose).toMatch(/at most 2000/);
    expect(input({ ...base, title: 'x'.repeat(200) }).title).toHaveLength(200);
  });

  it('cleans control and invisible characters, keeping line breaks in long texts', () => {
    const visit = input({
      ...base,
      title: 'Study\u0000 \u202evisit\n',
      purpose: 'Line one\r\nLine two\u0007',
    });
    expect(visit.title).toBe('Study visit');
    expect(visit.purpose).toBe('Line one\nLine two');
  });

  it('checks the end against the start', () => {
    expect(errors({ ...base, end_date: '2026-12-01' }).end_date).toBe(
      'the visit ends before it starts (2026-12-03)',
    );
    expect(errors({ ...base, time: '10:00', end_time: '09:00' }).end_time).toBe(
      'must be after the start time',
    );
    expect(errors({ ...base, end_time: '09:00' }).end_time).toBe('give a start time too');
    expect(errors({ ...base, end_date: '2027-01-10' }).end_date).toMatch(/at most 31 days/);
    expect(input({ ...base, time: '22:00', end_date: '2026-12-04', end_time: '02:00' }).endsAt).toBe(
      '2026-12-04T01:00:00.000Z',
    );
  });

  it('refuses a start time that does not exist at the venue, naming the shifted time', () => {
    // EU clocks change at 01:00 UTC: 02:00→03:00 in Stockholm, 03:00→04:00 in Vilnius.
    expect(errors({ ...base, date: '2026-03-29', time: '03:30', city: 'Vilnius' }).time).toBe(
      '03:30 does not exist on 2026-03-29 in Europe/Vilnius (the clocks go forward); write 04:30',
    );
    expect(input({ ...base, date: '2026-03-29', time: '02:30', city: 'Vilnius' }).startsAt).toBe(
      '2026-03-29T00:30:00.000Z',
    );
    expect(errors({ ...base, date: '2026-03-29', time: '02:30', city: 'Växjö' }).time).toMatch(
      /^02:30 does not exist/,
    );
  });

  it('resolves organisations by id, name or an unambiguous part', () => {
    expect(input({ ...base, org: 'region-kronoberg' }).orgId).toBe('region-kronoberg');
    expect(input({ ...base, org: 'Landstinget Västernorrland' }).orgId).toBe('landstinget-vasternorrland');
    expect(input({ ...base, org: 'värmland' }).orgId).toBe('landstinget-i-varmland');
    expect(errors({ ...base, org: 'jönköping' }).org).toBe(
      "'jönköping' matches several organisations: region-jonkopings-lan, jonkopings-kommun",
    );
  });
});
