import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { replyToPlainText, type Reply } from '../../src/core/reply.js';
import { makeTurn, type Platform } from '../../src/core/turn.js';
import {
  claimNewRun,
  markAttemptFailed,
  markSending,
  markStaleSendingUnknown,
} from '../../src/digest/runs.js';
import { findSubscription } from '../../src/digest/subscriptions.js';
import type { Store } from '../../src/store/database.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { bundledKnowledgeFake, silentLog } from './helpers.js';

describeEachDatabase('digest command', (create) => {
  let database: TestDatabase;
  let store: Store;
  let core: Core;
  const clock = manualClock('2026-03-25T10:00:00Z'); // Wednesday
  beforeEach(async () => {
    database = await create();
    store = await database.open();
    clock.set('2026-03-25T10:00:00Z');
    const config = parseConfig({ DATABASE_URL: database.url, ANSVAR_ADMINS: 'slack:U0ADMIN' });
    core = createCore({ config, store, knowledge: bundledKnowledgeFake(), clock, log: silentLog });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  function say(
    text: string,
    options: { user?: string; platform?: Platform; channel?: string; locale?: string } = {},
  ): Promise<Reply> {
    return core.router.handle(
      makeTurn({
        platform: options.platform ?? 'slack',
        userId: options.user ?? 'U0ANNA',
        channelId: options.channel ?? 'C0INTL',
        channelKind: 'channel',
        ...(options.locale ? { locale: options.locale } : {}),
        input: { type: 'text', text },
      }),
    );
  }

  it('subscribes the channel with the defaults: Monday 08:00 in the configured zone, all organisations', async () => {
    const r = await say('digest subscribe');
    expect(r.visibility).toBe('public');
    expect(replyToPlainText(r)).toContain(
      'This channel will get the weekly digest every Monday at 08:00 (Europe/Stockholm), for all organisations. Next: Mon 30 Mar 2026, 08:00.',
    );
    expect(await findSubscription(store, 'slack', 'C0INTL')).toMatchObject({
      weekday: 1,
      time: '08:00',
      timezone: 'Europe/Stockholm',
      orgId: null,
      language: 'en',
      createdBy: 'slack:U0ANNA',
      active: true,
    });
  });

  it('takes weekday, time, zone and org in any order, in English or Swedish, and answers in Swedish for Swedish words', async () => {
    let r = await say('digest subscribe org:region-kronoberg 9.30 fredag europe/helsinki');
    expect(replyToPlainText(r)).toContain(
      'Kanalen får veckosammanfattningen varje fredag kl. 09:30 (Europe/Helsinki), för Region Kronoberg.',
    );
    expect(await findSubscription(store, 'slack', 'C0INTL')).toMatchObject({
      weekday: 5,
      time: '09:30',
      timezone: 'Europe/Helsinki',
      orgId: 'region-kronoberg',
      language: 'sv',
    });
    r = await say('digest subscribe org:kronoberg');
    expect(await findSubscription(store, 'slack', 'C0INTL')).toMatchObject({
      orgId: 'region-kronoberg',
      weekday: 1,
    });
    r = await say('digest subscribe Sun 18:00 UTC');
    expect(replyToPlainText(r)).toContain(
      "This channel's weekly digest now comes every Sunday at 18:00 (UTC), for all organisations.",
    );
    r = await say('digest subscribe tisdag', {
      platform: 'teams',
      channel: '19:abc@thread.tacv2',
      user: '29:xyz',
    });
    expect(await findSubscription(store, 'teams', '19:abc@thread.tacv2')).toMatchObject({
      weekday: 2,
      time: '08:00',
    });
    r = await say('digest status', { locale: 'sv-SE' });
    expect(replyToPlainText(r)).toContain('Schema: varje söndag kl. 18:00 (UTC)');
  });

  it('answers bad arguments with a short usage hint, never an error', async () => {
    for (const [input, problem] of [
      [
        'digest subscribe someday',
        "'someday' is not a weekday, a time (HH:MM), a time zone (e.g. Europe/Stockholm) or org:ID.",
      ],
      ['digest subscribe 25:00', "'25:00' is not a weekday"],
      ['digest subscribe mon tue', 'Give at most one weekday.'],
      ['digest subscribe org:Nowhere!', "'org:Nowhere!' is not org:ID"],
      [
        'digest subscribe org:atlantis',
        "There is no organisation 'atlantis'. Choose one of: region-jonkopings-lan, ",
      ],
      [
        'digest subscribe org:jonkoping',
        "'jonkoping' matches several organisations: region-jonkopings-lan, jonkopings-kommun.",
      ],
      ['digest frobnicate', 'Usage: digest subscribe [WEEKDAY] [HH:MM] [TZ] [org:ID]'],
      ['digest', 'Usage: digest subscribe'],
      ['digest status now', 'Usage: digest subscribe'],
    ] as const) {
      const r = await say(input);
      expect(r.visibility, input).toBe('private');
      expect(replyToPlainText(r), input).toContain(problem);
      expect(replyToPlainText(r)).not.toMatch(/Error|at .*\.ts/);
    }
    expect(replyToPlainText(await say('digest subscribe blah', { locale: 'sv-SE' }))).toContain(
      "'blah' är varken en veckodag",
    );
    expect(await findSubscription(store, 'slack', 'C0INTL')).toBeUndefined();
  });

  it('refuses to subscribe where nothing can be posted (CLI, web)', async () => {
    const r = await say('digest subscribe', { platform: 'cli' });
    expect(replyToPlainText(r)).toContain('Digests are posted to Slack and Teams channels');
    expect(await findSubscription(store, 'cli', 'C0INTL')).toBeUndefined();
  });

  it('lets only whoever set it up, or an admin, change or stop a running digest', async () => {
    await say('digest subscribe');
    let r = await say('digest subscribe friday', { user: 'U0BERTIL' });
    expect(replyToPlainText(r)).toContain(
      'was set up by slack:U0ANNA; only they or an admin can change or stop it',
    );
    r = await say('digest unsubscribe', { user: 'U0BERTIL' });
    expect(replyToPlainText(r)).toContain('only they or an admin');
    expect(await findSubscription(store, 'slack', 'C0INTL')).toMatchObject({ weekday: 1, active: true });
    r = await say('digest subscribe friday', { user: 'U0ADMIN' });
    expect(await findSubscription(store, 'slack', 'C0INTL')).toMatchObject({
      weekday: 5,
      createdBy: 'slack:U0ANNA',
    });
    r = await say('digest unsubscribe');
    expect(r.visibility).toBe('public');
    expect(replyToPlainText(r)).toBe('The weekly digest for this channel is stopped.');
    expect(replyToPlainText(await say('digest unsubscribe'))).toBe('This channel has no weekly digest.');
    // Once stopped, anyone may start it again and becomes its owner.
    await say('digest subscribe', { user: 'U0BERTIL' });
    expect(await findSubscription(store, 'slack', 'C0INTL')).toMatchObject({
      active: true,
      createdBy: 'slack:U0BERTIL',
    });
  });

  it('previews the digest privately, with or without a subscription', async () => {
    let r = await say('digest preview');
    expect(r.visibility).toBe('private');
    expect(replyToPlainText(r)).toContain('This channel has no subscription; this is what it would get.');
    expect(replyToPlainText(r)).toContain('Weekly digest · week 13');
    await say('digest subscribe thursday 07:15 org:region-kronoberg');
    r = await say('digest preview');
    expect(r.visibility).toBe('private');
    expect(replyToPlainText(r)).toContain(
      'This channel gets the digest every Thursday at 07:15 (Europe/Stockholm).',
    );
    expect(replyToPlainText(r)).toContain('Region Kronoberg · Wednesday 25 March 2026');
  });

  it('shows status: schedule, next run, the last run and its result, and failures', async () => {
    expect(replyToPlainText(await say('digest status'))).toContain('This channel has no weekly digest.');
    clock.set('2026-03-20T10:00:00Z');
    await say('digest subscribe');
    const subscription = (await findSubscription(store, 'slack', 'C0INTL'))!;
    // Last week's run failed for good; this week's is waiting for a retry.
    const old = await claimNewRun(
      store,
      { subscriptionId: subscription.id, periodKey: '2026-03-23', dueAt: new Date('2026-03-23T07:00:00Z') },
      'p1',
      new Date('2026-03-23T07:00:00Z'),
    );
    await markAttemptFailed(store, old!.id, 5, new Error('not_in_channel'), null);
    const current = await claimNewRun(
      store,
      { subscriptionId: subscription.id, periodKey: '2026-03-30', dueAt: new Date('2026-03-30T06:00:00Z') },
      'p1',
      new Date('2026-03-30T06:00:00Z'),
    );
    await markAttemptFailed(
      store,
      current!.id,
      2,
      new Error('ratelimited'),
      new Date('2026-03-30T06:03:00Z'),
    );
    clock.set('2026-03-30T06:01:00Z');
    const out = replyToPlainText(await say('digest status'));
    expect(out).toContain('Schedule: every Monday at 08:00 (Europe/Stockholm)');
    expect(out).toContain('Next digest: next attempt Mon 30 Mar 2026, 08:03');
    expect(out).toContain(
      'Last digest: Mon 30 Mar 2026, 08:00: failed, will retry · 2 attempts · next attempt Mon 30 Mar 2026, 08:03 · ratelimited',
    );
    expect(out).toContain('Problems: Mon 23 Mar 2026, 08:00: failed · 5 attempts · not_in_channel');

    // A post abandoned mid-send shows as unknown.
    const stuck = await claimNewRun(
      store,
      { subscriptionId: subscription.id, periodKey: '2026-04-06', dueAt: new Date('2026-04-06T06:00:00Z') },
      'p2',
      new Date('2026-04-06T06:00:00Z'),
    );
    await markSending(
      store,
      stuck!.id,
      'p2',
      new Date('2026-04-06T06:00:00Z'),
      new Date('2026-04-06T06:00:00Z'),
    );
    await markStaleSendingUnknown(store, stuck!.id, new Date('2026-04-06T07:00:00Z'));
    clock.set('2026-04-07T10:00:00Z');
    const later = replyToPlainText(await say('digest status'));
    expect(later).toContain(
      'Last digest: Mon 6 Apr 2026, 08:00: unknown: it may or may not have been posted, so it was not re-sent',
    );
    expect(later).toContain('Next digest: Mon 13 Apr 2026, 08:00');
  });

  it('lists the digest commands in help', async () => {
    expect(replyToPlainText(await say('help'))).toContain('digest subscribe [WEEKDAY] [HH:MM] [TZ] [org:ID]');
    expect(replyToPlainText(await say('hjälp'))).toContain(
      'digest subscribe [VECKODAG] [TT:MM] [TIDSZON] [org:ID]',
    );
  });
});
