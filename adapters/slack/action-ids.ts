/**
 * Block Kit `action_id`s must be unique within a block, while a Reply may carry the same core action
 * twice (two "cancel" buttons for two visits). The n-th repeat gets a `~n` suffix that is removed again
 * before the action goes back to the core.
 */

/** Actions the adapter handles itself; everything else goes to the core router. */
export const INTERNAL_ACTIONS = {
  /** Opens a form in a modal from a message (mentions and DMs carry no trigger_id). */
  openForm: 'slack.open_form',
} as const;

export const FEEDBACK_BLOCK_ID = 'ansvar.feedback';
export const FORM_CALLBACK_PREFIX = 'ansvar.form:';
export const FIELD_ACTION_ID = 'value';

export function encodeActionId(action: string, occurrence: number): string {
  return occurrence === 0 ? action : `${action}~${occurrence}`;
}

export function decodeActionId(actionId: string): string {
  return actionId.replace(/~\d+$/, '');
}

export function formCallbackId(formId: string): string {
  return `${FORM_CALLBACK_PREFIX}${formId}`;
}

export function formIdFromCallback(callbackId: string): string | undefined {
  return callbackId.startsWith(FORM_CALLBACK_PREFIX)
    ? callbackId.slice(FORM_CALLBACK_PREFIX.length)
    : undefined;
}
