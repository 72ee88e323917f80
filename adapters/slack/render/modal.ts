import type { types as slack } from '@slack/bolt';
import type { Language } from '../../../src/core/language.js';
import type { Form, FormField, Option } from '../../../src/core/reply.js';
import { FIELD_ACTION_ID, formCallbackId } from '../action-ids.js';
import { LIMITS, truncate } from './limits.js';
import { plainText } from './message.js';
import { userText } from './mrkdwn.js';

/** A Reply form as a Slack modal: one input block per field, `block_id` = field name. */

export const CLOSE = { en: 'Cancel', sv: 'Avbryt' } as const;

export function renderModal(
  form: Form,
  options: { language: Language; privateMetadata: string },
): slack.ModalView {
  const blocks: slack.KnownBlock[] = [];
  if (form.intro?.trim()) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(userText(form.intro), LIMITS.sectionText) },
    });
  }
  for (const field of form.fields) {
    blocks.push(inputBlock(field));
    const error = form.errors?.[field.name];
    if (error)
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `⚠️ ${truncate(userText(error), 1000)}` }],
      });
  }
  return {
    type: 'modal',
    callback_id: formCallbackId(form.id),
    title: plainText(truncate(form.title, LIMITS.viewTitle)),
    submit: plainText(truncate(form.submitLabel, LIMITS.viewTitle)),
    close: plainText(CLOSE[options.language]),
    private_metadata: options.privateMetadata,
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}

function inputBlock(field: FormField): slack.InputBlock {
  return {
    type: 'input',
    block_id: field.name,
    optional: !field.required,
    label: plainText(truncate(field.label, LIMITS.inputLabel)),
    ...(field.hint ? { hint: plainText(truncate(field.hint, LIMITS.inputHint)) } : {}),
    element: inputElement(field),
  };
}

function inputElement(field: FormField): slack.InputBlock['element'] {
  const placeholder = field.placeholder
    ? { placeholder: plainText(truncate(field.placeholder, LIMITS.placeholder)) }
    : {};
  const value = field.value?.trim() ?? '';
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      const max = Math.min(field.maxLength ?? LIMITS.plainTextInput, LIMITS.plainTextInput);
      return {
        type: 'plain_text_input',
        action_id: FIELD_ACTION_ID,
        ...(field.kind === 'textarea' ? { multiline: true } : {}),
        max_length: max,
        ...(field.value ? { initial_value: field.value.slice(0, max) } : {}),
        ...placeholder,
      };
    }
    case 'date':
      return {
        type: 'datepicker',
        action_id: FIELD_ACTION_ID,
        ...(/^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}),
        ...placeholder,
      };
    case 'time':
      return {
        type: 'timepicker',
        action_id: FIELD_ACTION_ID,
        ...(/^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? { initial_time: value } : {}),
        ...placeholder,
      };
    case 'radio': {
      const options = usableOptions(field.options ?? []);
      if (options.length > 0 && options.length <= LIMITS.radioOptions) {
        const initial = options.find((o) => o.value === value);
        return {
          type: 'radio_buttons',
          action_id: FIELD_ACTION_ID,
          options,
          ...(initial ? { initial_option: initial } : {}),
        };
      }
      return selectElement(options, value, placeholder);
    }
    case 'select':
      return selectElement(usableOptions(field.options ?? []), value, placeholder);
  }
}

type SelectOption = slack.PlainTextOption & { value: string };
type OptionGroup = { label: slack.PlainTextElement; options: SelectOption[] };

/** Options that fit Slack (distinct values of at most 75 characters), labels shortened to 75. */
function usableOptions(options: Option[]): SelectOption[] {
  const seen = new Set<string>();
  const out: SelectOption[] = [];
  for (const o of options) {
    if (o.value.length === 0 || o.value.length > LIMITS.optionValue || seen.has(o.value)) continue;
    seen.add(o.value);
    out.push({ text: plainText(truncate(o.label, LIMITS.optionText)), value: o.value });
  }
  return out;
}

function selectElement(
  options: SelectOption[],
  value: string,
  placeholder: { placeholder?: slack.PlainTextElement },
): slack.StaticSelect {
  const initial = options.find((o) => o.value === value);
  const base = {
    type: 'static_select' as const,
    action_id: FIELD_ACTION_ID,
    ...placeholder,
    ...(initial ? { initial_option: initial } : {}),
  };
  if (options.length <= LIMITS.staticOptions) return { ...base, options };
  return { ...base, option_groups: groupOptions(options) };
}

/**
 * More than 100 options go into option groups (up to 100 groups of 100): by the area of an IANA-style
 * value (`Europe/Stockholm` → Europe), otherwise by the first letter of the label.
 */
export function groupOptions(options: SelectOption[]): OptionGroup[] {
  const byArea = options.filter((o) => o.value.includes('/')).length > options.length / 2;
  const groups = new Map<string, SelectOption[]>();
  for (const option of options) {
    const key = byArea
      ? (option.value.split('/')[0] ?? option.value)
      : option.text.text.trim().charAt(0).toLocaleUpperCase('sv') || '#';
    const list = groups.get(key) ?? [];
    list.push(option);
    groups.set(key, list);
  }
  const out: OptionGroup[] = [];
  for (const [key, list] of groups) {
    const parts = Math.ceil(list.length / LIMITS.staticOptions);
    for (let p = 0; p < parts; p++) {
      const label = parts === 1 ? key : `${key} (${p + 1}/${parts})`;
      out.push({
        label: plainText(truncate(label, LIMITS.optionText)),
        options: list.slice(p * LIMITS.staticOptions, (p + 1) * LIMITS.staticOptions),
      });
    }
  }
  return out.slice(0, LIMITS.optionGroups);
}

/** The values a view submission carries, one string per input block (empty when left blank). */
export function readViewValues(
  state: { values: Record<string, Record<string, unknown>> } | undefined,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state?.values ?? {})) {
    const element = (actions[FIELD_ACTION_ID] ?? Object.values(actions)[0]) as
      Record<string, unknown> | undefined;
    values[blockId] = element ? elementValue(element).slice(0, LIMITS.plainTextInput) : '';
  }
  return values;
}

function elementValue(element: Record<string, unknown>): string {
  const option = element.selected_option as { value?: unknown } | null | undefined;
  if (option && typeof option.value === 'string') return option.value;
  const many = element.selected_options as { value?: unknown }[] | undefined;
  if (Array.isArray(many)) return many.map((o) => String(o.value ?? '')).join(',');
  for (const key of [
    'value',
    'selected_date',
    'selected_time',
    'selected_user',
    'selected_channel',
    'selected_conversation',
  ]) {
    const v = element[key];
    if (typeof v === 'string') return v;
  }
  if (typeof element.selected_date_time === 'number') return String(element.selected_date_time);
  return '';
}

/** Field errors for `response_action: errors`; errors for fields the view lacks go on its first input. */
export function viewErrors(
  errors: Record<string, string>,
  blockIds: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const target = blockIds.includes(field) ? field : blockIds[0];
    if (!target) continue;
    const text = truncate(message, 1000);
    out[target] = out[target] ? `${out[target]} ${text}` : text;
  }
  return out;
}
