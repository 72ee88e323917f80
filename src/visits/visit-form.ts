import type { Language } from '../core/language.js';
import type { Form, FormField, Option } from '../core/reply.js';
import { countryOptions } from './countries.js';
import type { Organisation } from './organisations.js';
import { timeZoneOptions } from './time-zones.js';
import { LIMITS, VISIT_KINDS, type Visit } from './visit-model.js';
import { FORM_FIELDS, texts, type FormFieldName } from './visit-text.js';

/** The visit form (id `visit`) as a neutral form block; adapters render it as a modal, card or HTML form. */

export const VISIT_FORM_ID = 'visit';

export interface VisitFormOptions {
  language: Language;
  organisations: readonly Organisation[];
  /** Values to show: a visit being edited, or what the user submitted. */
  values?: Partial<Record<FormFieldName, string>>;
  errors?: Partial<Record<FormFieldName, string>>;
  /** The id of the visit being edited. */
  editingId?: number;
}

const hints = {
  en: {
    intro:
      "Times are in the time zone of the venue. Leave the time zone empty to use the city's or the country's.",
    title: 'Study visit to Alytus',
    counterpart: 'Alytus District Municipality',
    date: '2026-12-03 or 3 dec',
    time: '10:00',
    timezone: 'Empty: from the city or country',
    participants: 'Who took part',
    purpose: 'Why, and what it led to',
    newTitle: 'Log a visit',
    editTitle: (id: number) => `Edit visit #${id}`,
    submit: 'Save',
  },
  sv: {
    intro:
      'Tider anges i tidszonen där mötet hålls. Lämna tidszonen tom för att använda stadens eller landets.',
    title: 'Studiebesök i Alytus',
    counterpart: 'Alytus kommun',
    date: '2026-12-03 eller 3 dec',
    time: '10:00',
    timezone: 'Tom: från staden eller landet',
    participants: 'Vilka som deltog',
    purpose: 'Varför, och vad det ledde till',
    newTitle: 'Registrera besök',
    editTitle: (id: number) => `Ändra besök #${id}`,
    submit: 'Spara',
  },
};

/** A select's options, with the current value added when the list lacks it (so nothing is lost). */
function withValue(options: Option[], value: string | undefined): Option[] {
  if (!value || options.some((o) => o.value === value)) return options;
  return [{ value, label: value }, ...options];
}

export function visitForm(options: VisitFormOptions): Form {
  const { language } = options;
  const t = texts(language);
  const h = hints[language];
  const values = options.values ?? {};
  const field = (
    name: FormFieldName,
    kind: FormField['kind'],
    extra: Partial<Omit<FormField, 'name' | 'kind' | 'label'>> = {},
  ): FormField => {
    const value = values[name];
    return {
      name,
      label: t.formLabel[name],
      kind,
      required: false,
      ...extra,
      ...(value !== undefined && value !== '' ? { value } : {}),
    };
  };

  const fields: FormField[] = [
    field('title', 'text', { required: true, maxLength: LIMITS.title, placeholder: h.title }),
    field('kind', 'radio', {
      required: true,
      options: VISIT_KINDS.map((k) => ({ value: k, label: t.kind[k] })),
    }),
    field('counterpart', 'text', { maxLength: LIMITS.counterpart, placeholder: h.counterpart }),
    field('city', 'text', { maxLength: LIMITS.city }),
    field('country', 'select', { options: withValue(countryOptions(language), values.country) }),
    field('date', 'date', { required: true, hint: h.date }),
    field('time', 'time', { placeholder: h.time }),
    field('timezone', 'select', { options: withValue(timeZoneOptions(), values.timezone), hint: h.timezone }),
    field('end_date', 'date'),
    field('end_time', 'time'),
    field('participants', 'textarea', { maxLength: LIMITS.participants, placeholder: h.participants }),
    field('purpose', 'textarea', { maxLength: LIMITS.purpose, placeholder: h.purpose }),
    field('org', 'select', {
      options: withValue(
        options.organisations.map((o) => ({ value: o.id, label: o.name })),
        values.org,
      ),
    }),
  ];

  const errors =
    options.errors && Object.keys(options.errors).length > 0
      ? (options.errors as Record<string, string>)
      : undefined;
  return {
    id: VISIT_FORM_ID,
    title: options.editingId !== undefined ? h.editTitle(options.editingId) : h.newTitle,
    submitLabel: h.submit,
    ...(options.editingId !== undefined ? { state: String(options.editingId) } : {}),
    intro: h.intro,
    fields,
    ...(errors ? { errors } : {}),
  };
}

/** The form values of a stored visit, for `visit edit`. */
export function formValuesOf(visit: Visit): Partial<Record<FormFieldName, string>> {
  const values: Partial<Record<FormFieldName, string>> = {
    title: visit.title,
    kind: visit.kind,
    counterpart: visit.counterpart ?? '',
    city: visit.city ?? '',
    country: visit.country ?? '',
    date: visit.startDate,
    time: visit.startTime ?? '',
    timezone: visit.timezone,
    end_date: visit.endDate ?? '',
    end_time: visit.endTime ?? '',
    participants: visit.participants ?? '',
    purpose: visit.purpose ?? '',
    org: visit.orgId ?? '',
  };
  return values;
}

/** Only the form's own fields, as strings, bounded: what a submit may carry back into the form. */
export function keptValues(values: Record<string, string>): Partial<Record<FormFieldName, string>> {
  const kept: Partial<Record<FormFieldName, string>> = {};
  for (const [name, value] of Object.entries(values)) {
    if ((FORM_FIELDS as readonly string[]).includes(name) && typeof value === 'string') {
      kept[name as FormFieldName] = value.slice(0, 4000);
    }
  }
  return kept;
}
