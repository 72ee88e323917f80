import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConversationParameters, TurnContext } from 'botbuilder';
import type { TeamsActivity } from './inbound/activity.js';

/** Thrown when the 1:1 chat could not be opened or the reply could not be sent into it. */
export class PrivateChatError extends Error {
  override name = 'PrivateChatError';
  constructor(
    message: string,
    readonly stage: 'create' | 'send',
    /** The connector's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

function tenantOf(activity: TeamsActivity): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  if (fromConversation) return fromConversation;
  const tenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof tenant === 'string' && tenant.length <= 128 ? tenant : undefined;
}

function statusOf(error: unknown): number | undefined {
  const { statusCode, status } = (error ?? {}) as { statusCode?: unknown; status?: unknown };
  const value = statusCode ?? status;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Opens (or reopens: Teams answers with the existing one) the 1:1 chat between the bot and the
 * sender of `activity`, and runs `work` with a context that posts there as new messages. Fails
 * with a PrivateChatError, e.g. when the app is not installed for the user (403/404).
 */
export async function inPrivateChat(
  adapter: TeamsAdapter,
  botAppId: string,
  activity: TeamsActivity,
  work: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const user = activity.from;
  const bot = activity.recipient;
  if (!user || !bot || !activity.serviceUrl)
    throw new PrivateChatError('the activity names no user, bot or service URL', 'create');
  const tenantId = tenantOf(activity);
  const parameters: ConversationParameters = {
    isGroup: false,
    bot: { id: bot.id, name: bot.name ?? '' },
    members: [{ id: user.id, name: user.name ?? '' }],
    ...(tenantId ? { tenantId } : {}),
    channelData: tenantId ? { tenant: { id: tenantId } } : {},
  };
  let started = false;
  let failure: unknown;
  try {
    await adapter.createConversationAsync(
      botAppId,
      activity.channelId ?? 'msteams',
      activity.serviceUrl,
      // No audience: the connector factory then uses the channel's default OAuth scope.
      undefined as unknown as string,
      parameters,
      async (context) => {
        started = true;
        // The created conversation's id doubles as the activity id, which would become a replyToId.
        context.onSendActivities(async (_context, activities, next) => {
          for (const outgoing of activities) delete outgoing.replyToId;
          return next();
        });
        try {
          await work(context);
        } catch (error) {
          // Caught here, not by the adapter's turn-error handler, so the caller learns of it.
          failure = error;
        }
      },
    );
  } catch (error) {
    throw new PrivateChatError(
      `could not open a 1:1 chat: ${(error as Error).message}`.slice(0, 500),
      started ? 'send' : 'create',
      statusOf(error),
    );
  }
  if (failure)
    throw new PrivateChatError(
      `could not send into the 1:1 chat: ${(failure as Error).message}`.slice(0, 500),
      'send',
      statusOf(failure),
    );
}
