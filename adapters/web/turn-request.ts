import { IANAZone } from 'luxon';
import { z } from 'zod';
import { MAX_INPUT_CHARS, makeTurn, type Turn } from '../../src/core/turn.js';

/** What the page posts to `/chat/turn`. Every size is bounded; the body limit bounds the total. */
export const MAX_FORM_FIELDS = 50;

const inputSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z
      .string()
      .max(MAX_INPUT_CHARS, `a message can be at most ${MAX_INPUT_CHARS} characters`)
      .refine((t) => t.trim() !== '', 'the message is empty'),
  }),
  z.object({
    type: z.literal('submit'),
    form: z.string().min(1).max(64),
    state: z.string().max(3000).optional(),
    values: z
      .record(z.string().max(64), z.string().max(MAX_INPUT_CHARS))
      .refine(
        (v) => Object.keys(v).length <= MAX_FORM_FIELDS,
        `a form can have at most ${MAX_FORM_FIELDS} fields`,
      ),
  }),
  z.object({
    type: z.literal('action'),
    action: z.string().min(1).max(128),
    value: z.string().max(2000),
  }),
]);

export const turnRequestSchema = z.object({
  input: inputSchema,
  /** The browser's IANA time zone; ignored when unknown. */
  timezone: z.string().max(64).optional(),
  /** The browser's language (BCP 47); ignored when malformed. */
  locale: z.string().max(35).optional(),
  /** A display name; identity comes from the cookie. */
  name: z.string().max(80).optional(),
});
export type TurnRequest = z.infer<typeof turnRequestSchema>;

export function canonicalLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

function displayName(name: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = name?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned ? cleaned : undefined;
}

/** The Turn for one request from the page: platform `web`, one DM conversation per visitor. */
export function toTurn(request: TurnRequest, visitorId: string, receivedAt: Date): Turn {
  const timezone = request.timezone && IANAZone.isValidZone(request.timezone) ? request.timezone : undefined;
  const locale = canonicalLocale(request.locale);
  const userName = displayName(request.name);
  return makeTurn({
    platform: 'web',
    userId: visitorId,
    ...(userName ? { userName } : {}),
    ...(timezone ? { timezone } : {}),
    ...(locale ? { locale } : {}),
    channelId: `local-${visitorId}`,
    channelKind: 'dm',
    input: request.input,
    receivedAt,
  });
}
