import { parseArgs } from 'node:util';
import { createSlackPoster } from '../../adapters/slack/index.js';
import { createTeamsPoster } from '../../adapters/teams/index.js';
import type { Config } from '../config.js';
import type { Language } from '../core/language.js';
import { postDelivery, type Poster } from '../core/poster.js';
import { replyToPlainText } from '../core/reply.js';
import { buildDigest, subscriptionTarget } from '../digest/build-digest.js';
import type { DigestTarget } from '../digest/digest-content.js';
import { markAttemptFailed, markPostOutcomeUnknown, markSent, startManualRun } from '../digest/runs.js';
import { defaultOwner } from '../digest/scheduler.js';
import { findSubscription, findSubscriptionsByChannel, type Subscription } from '../digest/subscriptions.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/database.js';
import type { CliCommand, CliIo } from './io.js';
import { withCliRuntime } from './startup.js';

const USAGE = `usage: ansvar digest preview --channel ID [--platform slack|teams] [--lang en|sv] [--json]
       ansvar digest send --platform slack|teams --channel ID [--lang en|sv]`;

type PostingPlatform = 'slack' | 'teams';

interface Options {
  action: 'preview' | 'send';
  channel: string;
  platform?: PostingPlatform;
  language?: Language;
  json: boolean;
}

function parse(args: string[], io: CliIo): Options | undefined {
  const [action, ...rest] = args;
  if (action !== 'preview' && action !== 'send') {
    io.stderr(`${USAGE}\n`);
    return undefined;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        channel: { type: 'string' },
        platform: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return undefined;
  }
  const { channel, platform, lang, json } = values;
  const problems: string[] = [];
  if (!channel || !/^[\w:@.;=-]{1,200}$/.test(channel))
    problems.push('--channel must be a channel or conversation id (e.g. C0123ABCD or 19:…@thread.tacv2)');
  if (platform !== undefined && platform !== 'slack' && platform !== 'teams')
    problems.push(`--platform must be slack or teams (got '${platform}')`);
  if (action === 'send' && platform === undefined) problems.push('--platform is required for send');
  if (lang !== undefined && lang !== 'en' && lang !== 'sv')
    problems.push(`--lang must be en or sv (got '${lang}')`);
  if (problems.length > 0) {
    io.stderr(`${problems.join('\n')}\n${USAGE}\n`);
    return undefined;
  }
  return {
    action,
    channel: channel!,
    ...(platform ? { platform: platform as PostingPlatform } : {}),
    ...(lang ? { language: lang as Language } : {}),
    json: json ?? false,
  };
}

/** The channel's subscription: on the named platform, or the only one with that channel id. */
async function subscriptionFor(
  store: Store,
  options: Options,
): Promise<Subscription | undefined | 'ambiguous'> {
  if (options.platform) return findSubscription(store, options.platform, options.channel);
  const found = await findSubscriptionsByChannel(store, options.channel);
  if (found.length > 1) return 'ambiguous';
  return found[0];
}

function posterFor(platform: PostingPlatform, config: Config, store: Store, log: Logger): Poster {
  return platform === 'slack' ? createSlackPoster(config, log) : createTeamsPoster(config, store, log);
}

/**
 * `ansvar digest preview`: prints the channel's digest as it would be posted now.
 * `ansvar digest send`: builds it and posts it at once through the platform's poster, without the
 * HTTP server; recorded in the channel's run history when the channel subscribes.
 */
export const digestCommand: CliCommand = async (args, io) => {
  const options = parse(args, io);
  if (!options) return 2;
  return withCliRuntime('digest', io, async (runtime, config, log) => {
    const { store, knowledge, clock } = runtime.core.services;
    const subscription = await subscriptionFor(store, options);
    if (subscription === 'ambiguous') {
      io.stderr(`channel ${options.channel} has digests on several platforms: pass --platform slack|teams\n`);
      return 2;
    }
    const target: DigestTarget = subscription
      ? subscriptionTarget(subscription)
      : { orgId: null, timezone: config.timezone };
    const language = options.language ?? subscription?.language ?? 'en';
    const now = clock.now();
    const digest = await buildDigest({ store, knowledge }, target, language, now);

    if (options.action === 'preview') {
      if (!subscription)
        io.stderr(
          `note: channel ${options.channel} has no subscription; showing the defaults (all organisations, ${config.timezone})\n`,
        );
      io.stdout(options.json ? `${JSON.stringify(digest)}\n` : `${replyToPlainText(digest)}\n`);
      return 0;
    }

    const platform = options.platform!;
    let poster: Poster;
    try {
      poster = posterFor(platform, config, store, log);
    } catch (error) {
      io.stderr(`ansvar digest send: ${(error as Error).message}\n`);
      return 2;
    }
    const runId = subscription
      ? await startManualRun(store, subscription.id, `cli:${defaultOwner()}`, now)
      : undefined;
    try {
      const result = await poster.post(options.channel, digest);
      if (runId !== undefined) await markSent(store, runId, result.messageId, clock.now());
      io.stdout(
        `posted the digest to ${platform} ${options.channel}${result.messageId ? ` (message ${result.messageId})` : ''}\n`,
      );
      return 0;
    } catch (error) {
      // Never retried here either: when the outcome is unknown, say so rather than risk a second copy.
      const delivered = postDelivery(error);
      if (runId !== undefined) {
        if (delivered === 'no') await markAttemptFailed(store, runId, 1, error, null);
        else await markPostOutcomeUnknown(store, runId, error, delivered);
      }
      const note =
        delivered === 'no' ? '' : ' (it may have been posted: check the channel before sending again)';
      io.stderr(`ansvar digest send: ${(error as Error).message}${note}\n`);
      return 1;
    }
  });
};
