/**
 * The contract between the cards we send and the `Action.Submit` values Teams sends back.
 * A button carries `{ verb, value }`; a form's submit carries `{ verb, ansvarForm, ansvarState }`
 * and Teams adds each input's value under the input's id (the form field's name).
 */
export const SUBMIT_KEYS = {
  verb: 'verb',
  value: 'value',
  form: 'ansvarForm',
  state: 'ansvarState',
} as const;

const RESERVED = new Set<string>(Object.values(SUBMIT_KEYS));

/** A form field may not be named like a submit key: its value would overwrite it. */
export function isReservedFieldName(name: string): boolean {
  return RESERVED.has(name);
}

/** Form field names that can travel as Adaptive Card input ids. */
export const FIELD_NAME = /^[A-Za-z][\w.-]{0,63}$/;

/** The verb of a form's submit button; informative only, the form id travels in `ansvarForm`. */
export function formSubmitVerb(formId: string): string {
  return `${formId}.submit`;
}
