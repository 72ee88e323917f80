import { z } from 'zod';

/** What every surface hands the core: who said what, where. */

export const platformSchema = z.enum(['slack', 'teams', 'cli', 'web']);
export type Platform = z.infer<typeof platformSchema>;

/** Upper bound on any text a user can send; longer input is cut before it reaches the core. */
export const MAX_INPUT_CHARS = 4000;

export const turnInputSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string(),
    /** `ask`: treat the whole text as a question even if it starts with a command word (Slack `/policy`). */
    intent: z.enum(['ask']).optional(),
  }),
  z.object({
    type: z.literal('submit'),
    /** The form id from the Reply's form block, e.g. `visit`. */
    form: z.string(),
    values: z.record(z.string(), z.string()),
    state: z.string().optional(),
  }),
  z.object({
    type: z.literal('action'),
    /** The button's namespaced action id, e.g. `visit.cancel`. */
    action: z.string(),
    value: z.string(),
    /** Free text the user attached to the action (the comment on a Teams thumbs up/down). */
    text: z.string().max(MAX_INPUT_CHARS).optional(),
  }),
]);
export type TurnInput = z.infer<typeof turnInputSchema>;

export const turnSchema = z.object({
  platform: platformSchema,
  /** The platform's own user id (Slack `U…`, Teams `29:…`, a CLI name). */
  userId: z.string().min(1),
  userName: z.string().optional(),
  /** IANA time zone of the user when the platform tells us. */
  timezone: z.string().optional(),
  /** BCP 47 locale when the platform tells us (`sv-SE`). */
  locale: z.string().optional(),
  /** The conversation the turn came from: channel, chat or DM id. */
  channelId: z.string().min(1),
  channelKind: z.enum(['dm', 'channel', 'group']).default('dm'),
  input: turnInputSchema,
  receivedAt: z.date().optional(),
});
export type Turn = z.infer<typeof turnSchema>;
export type TurnInit = z.input<typeof turnSchema>;

/** `platform:user`, the form used for creators, admins and the question log. */
export function userKey(turn: Pick<Turn, 'platform' | 'userId'>): string {
  return `${turn.platform}:${turn.userId}`;
}

export function channelKey(turn: Pick<Turn, 'platform' | 'channelId'>): string {
  return `${turn.platform}:${turn.channelId}`;
}

export function makeTurn(init: TurnInit): Turn {
  const turn = turnSchema.parse(init);
  if (turn.input.type === 'text' && turn.input.text.length > MAX_INPUT_CHARS) {
    turn.input = { ...turn.input, text: turn.input.text.slice(0, MAX_INPUT_CHARS) };
  }
  return turn;
}
