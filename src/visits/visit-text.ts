import type { Language } from '../core/language.js';
import type { VisitKind, VisitStatus } from './visit-model.js';

/** Every user-facing string of the visit register, in English and Swedish. */

export const FORM_FIELDS = [
  'title',
  'kind',
  'counterpart',
  'city',
  'country',
  'date',
  'time',
  'timezone',
  'end_date',
  'end_time',
  'participants',
  'purpose',
  'org',
] as const;
export type FormFieldName = (typeof FORM_FIELDS)[number];

const en = {
  field: {
    title: 'title',
    kind: 'kind',
    counterpart: 'with',
    city: 'city',
    country: 'country',
    date: 'date',
    time: 'time',
    timezone: 'tz',
    end_date: 'end date',
    end_time: 'end time',
    participants: 'participants',
    purpose: 'purpose',
    org: 'org',
  } satisfies Record<FormFieldName, string>,
  formLabel: {
    title: 'Title',
    kind: 'Kind',
    counterpart: 'Counterpart organisation',
    city: 'City',
    country: 'Country',
    date: 'Date',
    time: 'Start time',
    timezone: 'Time zone of the venue',
    end_date: 'End date',
    end_time: 'End time',
    participants: 'Participants',
    purpose: 'Purpose',
    org: 'Organisation',
  } satisfies Record<FormFieldName, string>,
  kind: {
    incoming: 'Incoming visit',
    outgoing: 'Outgoing trip',
    digital: 'Digital meeting',
  } satisfies Record<VisitKind, string>,
  status: { planned: 'planned', held: 'held', cancelled: 'cancelled' } satisfies Record<VisitStatus, string>,
  error: {
    required: 'required',
    titleMissing: 'required: a short title, e.g. "Study visit to Alytus"',
    tooLong: (n: number, max: number) => `too long (${n} characters); at most ${max}`,
    kind: (v: string) => `'${v}' is not a kind; choose incoming, outgoing or digital`,
    kindMissing: 'required: incoming, outgoing or digital (e.g. kind:outgoing)',
    dateMissing: 'required; write 2026-12-03 or 3 dec',
    date: (v: string) => `'${v}' is not a date; write 2026-12-03 or 3 dec`,
    dateRange: (v: string) => `'${v}' is outside the years 2000–2100`,
    time: (v: string) => `'${v}' is not a time; write 10:00, 10.00 or 3pm`,
    gap: (time: string, date: string, zone: string, shifted: string) =>
      `${time} does not exist on ${date} in ${zone} (the clocks go forward); write ${shifted}`,
    zone: (v: string) => `'${v}' is not a time zone; write an IANA name like Europe/Vilnius`,
    country: (v: string) =>
      `'${v}' is not a country; write a code like LT or a name like Lithuania or Litauen`,
    org: (v: string, ids: string) => `'${v}' is not an organisation; write one of ${ids}`,
    orgAmbiguous: (v: string, ids: string) => `'${v}' matches several organisations: ${ids}`,
    endBeforeStart: (start: string) => `the visit ends before it starts (${start})`,
    tooLongVisit: (days: number) =>
      `a visit can last at most ${days} days; log a longer stay as several visits`,
    endTimeBeforeStart: 'must be after the start time',
    endTimeWithoutStart: 'give a start time too',
  },
};

type Texts = typeof en;

const sv: Texts = {
  field: {
    title: 'titel',
    kind: 'typ',
    counterpart: 'med',
    city: 'stad',
    country: 'land',
    date: 'datum',
    time: 'tid',
    timezone: 'tidszon',
    end_date: 'slutdatum',
    end_time: 'sluttid',
    participants: 'deltagare',
    purpose: 'syfte',
    org: 'org',
  },
  formLabel: {
    title: 'Titel',
    kind: 'Typ',
    counterpart: 'Motpartens organisation',
    city: 'Stad',
    country: 'Land',
    date: 'Datum',
    time: 'Starttid',
    timezone: 'Tidszon där mötet hålls',
    end_date: 'Slutdatum',
    end_time: 'Sluttid',
    participants: 'Deltagare',
    purpose: 'Syfte',
    org: 'Organisation',
  },
  kind: { incoming: 'Inkommande besök', outgoing: 'Utgående resa', digital: 'Digitalt möte' },
  status: { planned: 'planerat', held: 'genomfört', cancelled: 'inställt' },
  error: {
    required: 'måste fyllas i',
    titleMissing: 'måste fyllas i: en kort titel, t.ex. "Studiebesök i Alytus"',
    tooLong: (n, max) => `för lång (${n} tecken); högst ${max}`,
    kind: (v) => `'${v}' är ingen typ; välj incoming (inkommande), outgoing (utgående) eller digital`,
    kindMissing: 'måste anges: incoming (inkommande), outgoing (utgående) eller digital (t.ex. typ:utgående)',
    dateMissing: 'måste anges; skriv 2026-12-03 eller 3 dec',
    date: (v) => `'${v}' är inget datum; skriv 2026-12-03 eller 3 dec`,
    dateRange: (v) => `'${v}' ligger utanför åren 2000–2100`,
    time: (v) => `'${v}' är ingen tid; skriv 10:00, 10.00 eller 15`,
    gap: (time, date, zone, shifted) =>
      `${time} finns inte den ${date} i ${zone} (klockan ställs fram); skriv ${shifted}`,
    zone: (v) => `'${v}' är ingen tidszon; skriv ett IANA-namn som Europe/Vilnius`,
    country: (v) => `'${v}' är inget land; skriv en kod som LT eller ett namn som Litauen eller Lithuania`,
    org: (v, ids) => `'${v}' är ingen organisation; skriv en av ${ids}`,
    orgAmbiguous: (v, ids) => `'${v}' passar flera organisationer: ${ids}`,
    endBeforeStart: (start) => `besöket slutar innan det börjar (${start})`,
    tooLongVisit: (days) =>
      `ett besök kan vara högst ${days} dagar; registrera längre vistelser som flera besök`,
    endTimeBeforeStart: 'måste vara efter starttiden',
    endTimeWithoutStart: 'ange en starttid också',
  },
};

export function texts(language: Language): Texts {
  return language === 'sv' ? sv : en;
}
