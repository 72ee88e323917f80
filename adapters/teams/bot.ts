import { Application, type FeedbackLoopData, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../../src/core/clock.js';
import type { Core } from '../../src/core/create-core.js';
import { turnLanguage } from '../../src/core/language.js';
import type { Reply } from '../../src/core/reply.js';
import { apology } from '../../src/core/router.js';
import type { TurnInput } from '../../src/core/turn.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { findAnsweredQuestion } from '../../src/store/answer-messages.js';
import type { Store } from '../../src/store/database.js';
import { loadOptionList } from '../../src/store/option-lists.js';
import { ConnectorUnavailableError } from './connector/http-client.js';
import { forgetConversation, PLATFORM, rememberConversation } from './conversation-reference.js';
import { deliverReply } from './deliver.js';
import { handleFileConsent } from './files/file-consent.js';
import { activitySchema, baseConversationId, type TeamsActivity } from './inbound/activity.js';
import { parseFeedback } from './inbound/feedback.js';
import { refusedButtonReply, routerVerbAllowed, routerVerbOf } from './inbound/router-verbs.js';
import { activityToInput, activityToTurn, userContext } from './inbound/to-turn.js';
import { searchOptions } from './option-search.js';
import { OPTIONS_DATASET_PREFIX } from './render/form.js';
import { respond } from './respond.js';

export interface TeamsBotDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  core: Core;
  store: Store;
  clock: Clock;
  log: Logger;
  /** TEAMS_DEV_ANONYMOUS: files are uploaded to loopback URLs only. */
  anonymous?: boolean;
}

/** Card verbs are namespaced action ids (`visit.cancel`) or a form's submit verb. */
const CARD_VERB = /^[A-Za-z][\w.:-]{0,199}$/;
const OPTIONS_DATASET = new RegExp(`^${OPTIONS_DATASET_PREFIX}([0-9a-f]{24})$`);
/** Teams shows at most 15 typeahead results. */
const MAX_SEARCH_RESULTS = 15;

/**
 * The teams-ai Application: routes activities to small handlers that turn them into core Turns
 * and render the core's Replies. It holds no behaviour of its own.
 */
export function createTeamsBot(deps: TeamsBotDeps): Application {
  const { core, store, clock, log } = deps;
  const respondDeps = (now: Date) => ({ adapter: deps.adapter, botAppId: deps.botAppId, store, log, now });
  const app = new Application({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    // Mentions are stripped from the entities by our own parser; typing indicators are not wanted.
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  function readActivity(context: TurnContext): TeamsActivity | undefined {
    const parsed = activitySchema.safeParse(context.activity);
    if (!parsed.success)
      log.warn({ issues: parsed.error.issues.slice(0, 5) }, 'teams: activity ignored, unexpected shape');
    return parsed.success ? parsed.data : undefined;
  }

  async function handleMessage(context: TurnContext): Promise<void> {
    const activity = readActivity(context);
    if (!activity) return;
    const now = clock.now();
    await rememberConversation(store, context.activity, now);
    const input = activityToInput(activity);
    if (!input) return;
    const turn = activityToTurn(activity, input, now);
    if (!turn) return;
    const routerVerb = routerVerbOf(input);
    if (routerVerb && !routerVerbAllowed(routerVerb, await answeredBy(activity))) {
      log.info({ verb: routerVerb.verb }, 'teams: refused a router-level verb from a card submit');
      await respond(context, activity, refusedButtonReply(turnLanguage(turn)), respondDeps(now));
      return;
    }
    const reply = await core.router.handle(turn);
    await respond(
      context,
      activity,
      reply,
      respondDeps(clock.now()),
      activity.replyToId && replacesCard(input, reply) ? { replaceMessageId: activity.replyToId } : {},
    );
  }

  /** The question whose answer the replied-to message carried in this conversation, if it was one. */
  async function answeredBy(activity: TeamsActivity): Promise<string | undefined> {
    const conversationId = activity.conversation?.id;
    if (!activity.replyToId || !conversationId) return undefined;
    return findAnsweredQuestion(store, PLATFORM, baseConversationId(conversationId), activity.replyToId);
  }

  async function handleConversationUpdate(context: TurnContext): Promise<void> {
    const activity = readActivity(context);
    const botId = activity?.recipient?.id;
    if (!activity?.conversation || !botId) return;
    if (activity.membersRemoved?.some((m) => m.id === botId)) {
      await forgetConversation(store, activity.conversation.id);
      log.info({ conversationId: activity.conversation.id }, 'teams: removed from a conversation');
      return;
    }
    if (activity.membersAdded?.some((m) => m.id === botId)) await welcome(context, activity);
  }

  async function welcome(context: TurnContext, activity: TeamsActivity): Promise<void> {
    const now = clock.now();
    await rememberConversation(store, context.activity, now);
    const turn = activityToTurn(activity, { type: 'text', text: 'help' }, now);
    if (!turn) return;
    await deliverReply(context, await core.router.handle(turn), { store, log, now });
  }

  /** Install and upgrade store where the digest can post; uninstall forgets it (as botbuilder reads `action`). */
  async function handleInstallation(context: TurnContext): Promise<void> {
    const activity = readActivity(context);
    if (!activity) return;
    const action = activity.action;
    if (action === undefined || action === 'add' || action === 'add-upgrade') {
      await rememberConversation(store, context.activity, clock.now());
    } else if ((action === 'remove' || action === 'remove-upgrade') && activity.conversation) {
      await forgetConversation(store, activity.conversation.id);
      log.info({ conversationId: activity.conversation.id }, 'teams: uninstalled from a conversation');
    }
  }

  async function handleFeedback(context: TurnContext, data: FeedbackLoopData): Promise<void> {
    const activity = readActivity(context);
    const conversationId = activity?.conversation?.id;
    const feedback = parseFeedback(data.actionValue);
    if (!activity || !conversationId || !feedback || !data.replyToId) return;
    const questionId = await findAnsweredQuestion(
      store,
      PLATFORM,
      baseConversationId(conversationId),
      data.replyToId,
    );
    if (!questionId) {
      log.info({ messageId: data.replyToId }, 'teams: feedback on a message that carried no logged answer');
      return;
    }
    const input: TurnInput = {
      type: 'action',
      action: 'feedback',
      value: `${questionId}:${feedback.vote}`,
      ...(feedback.text ? { text: feedback.text } : {}),
    };
    const turn = activityToTurn(activity, input, clock.now());
    // The invoke's answer must be empty: Teams shows its own thanks.
    if (turn) await core.router.handle(turn);
  }

  async function searchOptionList(dataset: string, queryText: string, count: number, skip: number) {
    const id = OPTIONS_DATASET.exec(dataset)?.[1];
    const options = id ? await loadOptionList(store, id) : undefined;
    if (!options) return [];
    const limit = Math.max(1, Math.min(MAX_SEARCH_RESULTS, count));
    return searchOptions(options, queryText.slice(0, 100), limit, Math.max(0, Math.min(skip, 1000))).map(
      (o) => ({
        title: o.label,
        value: o.value,
      }),
    );
  }

  async function handleFileConsentInvoke(context: TurnContext): Promise<void> {
    const activity = readActivity(context);
    if (!activity) return;
    await handleFileConsent(context, activity, {
      store,
      log,
      now: clock.now(),
      anonymous: deps.anonymous ?? false,
    });
  }

  app.activity(ActivityTypes.ConversationUpdate, handleConversationUpdate);
  app.fileConsentAccept((context) => handleFileConsentInvoke(context));
  app.fileConsentDecline((context) => handleFileConsentInvoke(context));
  app.activity(ActivityTypes.InstallationUpdate, handleInstallation);
  app.feedbackLoop((context, _state, data) => handleFeedback(context, data));
  app.adaptiveCards.actionSubmit(CARD_VERB, (context) => handleMessage(context));
  app.adaptiveCards.search(OPTIONS_DATASET, (_context, _state, query) =>
    searchOptionList(query.parameters.dataset, query.parameters.queryText, query.count, query.skip),
  );
  app.activity(ActivityTypes.Message, handleMessage);
  app.error(async (context, error) => {
    // The core answers its own failures with an apology; what reaches here failed around it.
    const kind = isConnectorError(error) ? 'connector' : 'turn';
    platformErrorsTotal.inc({ platform: PLATFORM, kind });
    log.error({ err: error, activityType: context.activity?.type }, 'teams: turn failed');
    if (kind === 'connector' || context.activity?.type !== ActivityTypes.Message || context.responded) return;
    try {
      const parsed = activitySchema.safeParse(context.activity);
      const language =
        parsed.success && userContext(parsed.data).locale?.toLowerCase().startsWith('sv') ? 'sv' : 'en';
      await deliverReply(context, apology(language), { store, log, now: clock.now() });
    } catch (sendError) {
      log.warn({ err: sendError }, 'teams: could not send the apology');
    }
  });
  return app;
}

/** The connector refused (a RestError from the SDK) or stayed unavailable: an apology would fail too. */
function isConnectorError(error: unknown): boolean {
  return error instanceof ConnectorUnavailableError || (error instanceof Error && error.name === 'RestError');
}

/**
 * What a form's submit leads to (the saved visit, or the form again with its errors) replaces the
 * card that was submitted, so a form that has been saved is gone and cannot be sent twice. A button's
 * reply replaces its card only when the reply asks to.
 */
function replacesCard(input: TurnInput, reply: Reply): boolean {
  return input.type === 'submit' || (input.type === 'action' && reply.replaceOriginal === true);
}
