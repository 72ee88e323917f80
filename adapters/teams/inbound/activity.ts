import { z } from 'zod';

/**
 * The parts of a Bot Framework activity this adapter reads. Unknown fields pass through; sizes
 * are bounded so a hostile body cannot smuggle huge ids into keys, logs or the database.
 */
const account = z
  .object({
    id: z.string().min(1).max(512),
    name: z.string().max(512).optional(),
    aadObjectId: z.string().max(128).optional(),
  })
  .passthrough();

const entity = z.object({ type: z.string().max(128) }).passthrough();

export const activitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    name: z.string().max(256).optional(),
    channelId: z.string().max(64).optional(),
    serviceUrl: z.string().max(2048).optional(),
    locale: z.string().max(64).optional(),
    localTimezone: z.string().max(128).optional(),
    from: account.optional(),
    recipient: account.optional(),
    conversation: z
      .object({
        id: z.string().min(1).max(1024),
        conversationType: z.string().max(64).optional(),
        tenantId: z.string().max(128).optional(),
      })
      .passthrough()
      .optional(),
    replyToId: z.string().max(512).optional(),
    text: z.string().max(100_000).optional(),
    entities: z.array(entity).max(100).optional(),
    value: z.unknown().optional(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
    action: z.string().max(64).optional(),
  })
  .passthrough();

export type TeamsActivity = z.infer<typeof activitySchema>;

export const mentionEntitySchema = z.object({
  type: z.literal('mention'),
  text: z.string().max(1024).optional(),
  mentioned: z.object({ id: z.string(), name: z.string().optional() }).passthrough(),
});

export const clientInfoEntitySchema = z.object({
  type: z.literal('clientInfo'),
  locale: z.string().max(64).optional(),
  timezone: z.string().max(128).optional(),
});

/** Channel posts name their thread as `19:…@thread.tacv2;messageid=…`; the channel is the part before. */
export function baseConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}
