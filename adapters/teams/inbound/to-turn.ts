import { IANAZone } from 'luxon';
import { makeTurn, MAX_INPUT_CHARS, type Turn, type TurnInput } from '../../../src/core/turn.js';
import { FIELD_NAME, isReservedFieldName, SUBMIT_KEYS } from '../submit-data.js';
import { baseConversationId, clientInfoEntitySchema, type TeamsActivity } from './activity.js';
import { textWithoutMentions } from './mentions.js';

const MAX_SUBMIT_FIELDS = 50;
const MAX_ACTION_CHARS = 200;
const MAX_VALUE_CHARS = 2000;

/**
 * What a message activity asks for: a card's `Action.Submit` (a form or a button, told apart by
 * `ansvarForm`) or typed text without the bot's @mention. Undefined when it asks for nothing we know.
 */
export function activityToInput(activity: TeamsActivity): TurnInput | undefined {
  if (isRecord(activity.value)) return submitToInput(activity.value);
  if (typeof activity.text === 'string')
    return { type: 'text', text: textWithoutMentions(activity).slice(0, MAX_INPUT_CHARS) };
  return undefined;
}

function submitToInput(value: Record<string, unknown>): TurnInput | undefined {
  const form = value[SUBMIT_KEYS.form];
  if (typeof form === 'string' && form.length > 0 && form.length <= MAX_ACTION_CHARS) {
    const state = value[SUBMIT_KEYS.state];
    return {
      type: 'submit',
      form,
      values: submittedValues(value),
      ...(typeof state === 'string' ? { state: state.slice(0, MAX_VALUE_CHARS) } : {}),
    };
  }
  const verb = value[SUBMIT_KEYS.verb];
  if (typeof verb === 'string' && verb.length > 0 && verb.length <= MAX_ACTION_CHARS) {
    const raw = value[SUBMIT_KEYS.value];
    return {
      type: 'action',
      action: verb,
      value: typeof raw === 'string' ? raw.slice(0, MAX_VALUE_CHARS) : '',
    };
  }
  return undefined;
}

/** The inputs' values by field name: strings only, bounded in count and length. */
function submittedValues(value: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  let count = 0;
  for (const [key, raw] of Object.entries(value)) {
    if (isReservedFieldName(key) || !FIELD_NAME.test(key)) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
    if (++count > MAX_SUBMIT_FIELDS) break;
    values[key] = String(raw).slice(0, MAX_INPUT_CHARS);
  }
  return values;
}

/** The user's IANA zone and locale: Teams puts them in the clientInfo entity and on the activity. */
export function userContext(activity: TeamsActivity): { timezone?: string; locale?: string } {
  let timezone: string | undefined;
  let locale: string | undefined;
  for (const raw of activity.entities ?? []) {
    const info = clientInfoEntitySchema.safeParse(raw);
    if (!info.success) continue;
    timezone ??= info.data.timezone;
    locale ??= info.data.locale;
  }
  timezone ??= activity.localTimezone;
  locale = activity.locale ?? locale;
  return {
    ...(timezone && IANAZone.isValidZone(timezone) ? { timezone } : {}),
    ...(locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(locale) ? { locale } : {}),
  };
}

export function channelKindOf(conversationType: string | undefined): Turn['channelKind'] {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'group';
  return 'dm';
}

/** The neutral Turn for an activity; undefined when it lacks a sender or a conversation. */
export function activityToTurn(
  activity: TeamsActivity,
  input: TurnInput,
  receivedAt: Date,
): Turn | undefined {
  const userId = activity.from?.id;
  const conversation = activity.conversation;
  if (!userId || !conversation) return undefined;
  return makeTurn({
    platform: 'teams',
    userId,
    ...(activity.from?.name ? { userName: activity.from.name } : {}),
    ...userContext(activity),
    channelId: baseConversationId(conversation.id),
    channelKind: channelKindOf(conversation.conversationType),
    input,
    receivedAt,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
