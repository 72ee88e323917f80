import type { Form, FormField, Option } from '../../../src/core/reply.js';
import { optionListId } from '../../../src/store/option-lists.js';
import { FIELD_NAME, formSubmitVerb, isReservedFieldName, SUBMIT_KEYS } from '../submit-data.js';
import type { ActionSet, CardElement, CardInput, SubmitData, TextBlock } from './card-types.js';
import { escapeMarkdown } from './markdown.js';

/**
 * A form as card inputs plus a submit button. Errors from the core are shown twice: as the input's
 * `errorMessage` (Teams shows it next to the field) and as a red line under it, because Teams only
 * shows `errorMessage` after its own client-side validation fails. Values are kept in the inputs.
 * Input values, labels and choice titles are not markdown, so they are never escaped.
 */
/** Longer select lists are searched on demand (Teams typeahead) instead of travelling in the card. */
export const MAX_STATIC_CHOICES = 60;
export const OPTIONS_DATASET_PREFIX = 'ansvar-options:';

/** A long option list the card searches by id; the sender stores it before sending. */
export interface OptionList {
  id: string;
  options: Option[];
}

export function renderForm(
  form: Form,
  language: 'en' | 'sv' = 'en',
  optionLists: OptionList[] = [],
): CardElement[] {
  const elements: CardElement[] = [
    { type: 'TextBlock', text: escapeMarkdown(form.title), wrap: true, size: 'Medium', weight: 'Bolder' },
  ];
  if (form.intro) elements.push({ type: 'TextBlock', text: escapeMarkdown(form.intro), wrap: true });
  const errors = form.errors ?? {};
  const unplaced = Object.entries(errors).filter(([name]) => !form.fields.some((f) => f.name === name));
  for (const [, message] of unplaced) elements.push(errorLine(message));

  for (const field of form.fields) {
    assertUsableFieldName(field.name);
    const error = errors[field.name];
    elements.push(renderInput(field, error, language, optionLists));
    if (field.hint) {
      elements.push({
        type: 'TextBlock',
        text: escapeMarkdown(field.hint),
        wrap: true,
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
      });
    }
    if (error) elements.push(errorLine(error));
  }

  const data: SubmitData = {
    [SUBMIT_KEYS.verb]: formSubmitVerb(form.id),
    [SUBMIT_KEYS.form]: form.id,
    ...(form.state !== undefined ? { [SUBMIT_KEYS.state]: form.state } : {}),
  };
  const submit: ActionSet = {
    type: 'ActionSet',
    actions: [
      { type: 'Action.Submit', title: form.submitLabel, data, style: 'positive', associatedInputs: 'auto' },
    ],
  };
  elements.push(submit);
  return elements;
}

function errorLine(message: string): TextBlock {
  return {
    type: 'TextBlock',
    text: escapeMarkdown(message),
    wrap: true,
    color: 'Attention',
    size: 'Small',
    spacing: 'None',
  };
}

function assertUsableFieldName(name: string): void {
  if (!FIELD_NAME.test(name) || isReservedFieldName(name)) {
    throw new Error(`form field name '${name}' cannot be an Adaptive Card input id`);
  }
}

function renderInput(
  field: FormField,
  error: string | undefined,
  language: 'en' | 'sv',
  optionLists: OptionList[],
): CardInput {
  const base = {
    id: field.name,
    label: field.label,
    ...(field.required ? { isRequired: true } : {}),
    ...(error || field.required ? { errorMessage: error ?? requiredMessage(field, language) } : {}),
  };
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return {
        type: 'Input.Text',
        ...base,
        ...(field.value !== undefined ? { value: field.value } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.kind === 'textarea' ? { isMultiline: true } : {}),
      };
    case 'date':
      return { type: 'Input.Date', ...base, ...(field.value ? { value: field.value } : {}) };
    case 'time':
      return { type: 'Input.Time', ...base, ...(field.value ? { value: field.value } : {}) };
    case 'select':
    case 'radio': {
      const options = field.options ?? [];
      const searched = field.kind === 'select' && options.length > MAX_STATIC_CHOICES;
      let choices = options;
      let dataset: string | undefined;
      if (searched) {
        const id = optionListId(options);
        if (!optionLists.some((l) => l.id === id)) optionLists.push({ id, options });
        dataset = `${OPTIONS_DATASET_PREFIX}${id}`;
        // Only the current choice travels, so the value is kept; the rest is found by typing.
        choices = options.filter((o) => o.value === field.value);
      }
      return {
        type: 'Input.ChoiceSet',
        ...base,
        // Radio groups show every choice; select lists (countries, time zones) get a type-ahead filter.
        style: field.kind === 'radio' ? 'expanded' : 'filtered',
        choices: choices.map((o) => ({ title: o.label, value: o.value })),
        ...(dataset ? { 'choices.data': { type: 'Data.Query' as const, dataset } } : {}),
        ...(field.value ? { value: field.value } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      };
    }
  }
}

function requiredMessage(field: FormField, language: 'en' | 'sv'): string {
  return language === 'sv' ? `${field.label}: obligatoriskt` : `${field.label}: required`;
}
