import type { CommandModule } from '../core/command.js';
import { turnLanguage, type Language } from '../core/language.js';
import { reply, type Block, type Reply } from '../core/reply.js';
import type { CoreServices } from '../core/services.js';
import { userKey, type Turn } from '../core/turn.js';
import { splitCommandWord } from '../core/router.js';
import { mergeOrganisations, resolveOrganisation } from '../visits/organisations.js';
import { buildDigest, subscriptionTarget } from './build-digest.js';
import { commandTexts } from './command-text.js';
import { instantText, weekdayName } from './format.js';
import { recentRuns } from './runs.js';
import { nextOccurrence } from './schedule.js';
import { statusReply } from './status-reply.js';
import { parseSubscribeArgs, parseWeekday } from './subscribe-args.js';
import {
  deactivateSubscription,
  findSubscription,
  saveSubscription,
  type Subscription,
} from './subscriptions.js';

/**
 * `digest subscribe [WEEKDAY] [HH:MM] [TZ] [org:ID]`, `digest unsubscribe`, `digest preview`,
 * `digest status`, for the conversation the command is typed in. Anyone in a channel may start its
 * digest; once it runs, only whoever set it up or an admin (ANSVAR_ADMINS) may change or stop it.
 */

const SUBCOMMANDS: Record<string, 'subscribe' | 'unsubscribe' | 'preview' | 'status'> = {
  subscribe: 'subscribe',
  prenumerera: 'subscribe',
  start: 'subscribe',
  unsubscribe: 'unsubscribe',
  avprenumerera: 'unsubscribe',
  stop: 'unsubscribe',
  stopp: 'unsubscribe',
  preview: 'preview',
  förhandsvisa: 'preview',
  förhandsgranska: 'preview',
  status: 'status',
};
const SWEDISH_SUBCOMMANDS = new Set([
  'prenumerera',
  'avprenumerera',
  'stopp',
  'förhandsvisa',
  'förhandsgranska',
]);
const SWEDISH_DAY = /^(mån|tis|ons|tor|fre|lör|sön)/i;
/** Platforms the scheduler can post to. */
const POSTABLE = new Set(['slack', 'teams']);

export const DEFAULT_SCHEDULE = { weekday: 1, time: '08:00' } as const;

function languageOf(turn: Turn, subcommand: string, args: string): Language {
  if (SWEDISH_SUBCOMMANDS.has(subcommand)) return 'sv';
  if (args.split(/\s+/).some((w) => parseWeekday(w) !== undefined && SWEDISH_DAY.test(w))) return 'sv';
  return turnLanguage(turn);
}

export function scheduleText(
  subscription: Pick<Subscription, 'weekday' | 'time'>,
  language: Language,
): string {
  return commandTexts(language).every(weekdayName(subscription.weekday, language), subscription.time);
}

function usage(language: Language, problem?: string): Reply {
  const t = commandTexts(language);
  return reply({
    text: [problem, t.usage].filter(Boolean).join(' '),
    language,
    visibility: 'private',
    blocks: [
      ...(problem ? [{ type: 'text' as const, text: [problem] }] : []),
      { type: 'context', text: [t.usage] },
      { type: 'context', text: [t.example] },
    ],
  });
}

function short(
  text: string,
  language: Language,
  extra: Block[] = [],
  visibility: 'public' | 'private' = 'private',
): Reply {
  return reply({ text, language, visibility, blocks: [{ type: 'text', text: [text] }, ...extra] });
}

export function createDigestCommand(services: CoreServices): CommandModule {
  const { store, knowledge, clock, config } = services;

  const mayChange = (subscription: Subscription, turn: Turn) =>
    !subscription.active || subscription.createdBy === userKey(turn) || config.admins.includes(userKey(turn));

  function scopeName(orgId: string | null, language: Language): string {
    if (!orgId) return commandTexts(language).allOrgs;
    return mergeOrganisations(knowledge.organizations()).find((o) => o.id === orgId)?.name ?? orgId;
  }

  async function subscribe(args: string, turn: Turn, language: Language): Promise<Reply> {
    const t = commandTexts(language);
    if (!POSTABLE.has(turn.platform)) return short(t.notPostable, language);
    const parsed = parseSubscribeArgs(args);
    if (!parsed.ok) return usage(language, t.problem(parsed.problem));
    let orgId: string | null = null;
    if (parsed.args.orgId) {
      const organisations = mergeOrganisations(knowledge.organizations());
      const resolved = resolveOrganisation(parsed.args.orgId, organisations);
      if (!resolved)
        return usage(language, t.unknownOrg(parsed.args.orgId, organisations.map((o) => o.id).join(', ')));
      if ('ambiguous' in resolved)
        return usage(language, t.ambiguousOrg(parsed.args.orgId, resolved.ambiguous.join(', ')));
      orgId = resolved.id;
    }
    const existing = await findSubscription(store, turn.platform, turn.channelId);
    if (existing && !mayChange(existing, turn)) return short(t.notOwner(existing.createdBy), language);

    const now = clock.now();
    const subscription = await saveSubscription(
      store,
      {
        platform: turn.platform,
        channelId: turn.channelId,
        weekday: parsed.args.weekday ?? DEFAULT_SCHEDULE.weekday,
        time: parsed.args.time ?? DEFAULT_SCHEDULE.time,
        timezone: parsed.args.timezone ?? config.timezone,
        orgId,
        language,
        createdBy: userKey(turn),
      },
      now,
    );
    const when = scheduleText(subscription, language);
    const scope = scopeName(subscription.orgId, language);
    const headline = existing?.active
      ? t.updated(when, subscription.timezone, scope)
      : t.subscribed(when, subscription.timezone, scope);
    const next = t.next(
      instantText(nextOccurrence(subscription, now).dueAt, subscription.timezone, language),
    );
    return reply({
      text: `${headline} ${next}`,
      language,
      visibility: 'public',
      blocks: [
        { type: 'text', text: [headline, ' ', next] },
        { type: 'context', text: t.afterSubscribe },
      ],
    });
  }

  async function unsubscribe(turn: Turn, language: Language): Promise<Reply> {
    const t = commandTexts(language);
    const existing = await findSubscription(store, turn.platform, turn.channelId);
    if (!existing?.active) return short(t.noSubscription, language);
    if (!mayChange(existing, turn)) return short(t.notOwner(existing.createdBy), language);
    await deactivateSubscription(store, existing.id, clock.now());
    return short(t.unsubscribed, language, [], 'public');
  }

  async function preview(turn: Turn, language: Language): Promise<Reply> {
    const t = commandTexts(language);
    const existing = await findSubscription(store, turn.platform, turn.channelId);
    const active = existing?.active ? existing : undefined;
    const now = clock.now();
    const digest = active
      ? await buildDigest({ store, knowledge }, subscriptionTarget(active), language, now)
      : await buildDigest({ store, knowledge }, { orgId: null, timezone: config.timezone }, language, now);
    const note = active
      ? t.previewOf(`${scheduleText(active, language)} (${active.timezone})`)
      : t.previewUnsubscribed;
    return {
      ...digest,
      visibility: 'private',
      blocks: [{ type: 'context', text: [note] }, ...digest.blocks],
    };
  }

  async function status(turn: Turn, language: Language): Promise<Reply> {
    const t = commandTexts(language);
    const existing = await findSubscription(store, turn.platform, turn.channelId);
    if (!existing) return short(t.noSubscription, language, [{ type: 'context', text: t.startOne }]);
    const runs = await recentRuns(store, existing.id, 5);
    return statusReply(existing, runs, clock.now(), language, scopeName(existing.orgId, language));
  }

  return {
    words: ['digest'],
    namespace: 'digest',
    help: { en: commandTexts('en').help, sv: commandTexts('sv').help },
    async handleText(args, turn) {
      const { word, args: rest } = splitCommandWord(args);
      const subcommand = SUBCOMMANDS[word];
      const language = languageOf(turn, word, rest);
      switch (subcommand) {
        case 'subscribe':
          return subscribe(rest, turn, language);
        case 'unsubscribe':
          return rest ? usage(language) : unsubscribe(turn, language);
        case 'preview':
          return rest ? usage(language) : preview(turn, language);
        case 'status':
          return rest ? usage(language) : status(turn, language);
        default:
          return usage(language);
      }
    },
  };
}
