import { describe, expect, it } from 'vitest';
import { topLevelReference } from '../../adapters/teams/conversation-reference.js';
import { activitySchema, baseConversationId } from '../../adapters/teams/inbound/activity.js';
import { parseFeedback } from '../../adapters/teams/inbound/feedback.js';
import { textWithoutMentions } from '../../adapters/teams/inbound/mentions.js';
import { gateRequest, isLoopbackUrl } from '../../adapters/teams/inbound/request-gate.js';
import { routerVerbAllowed, routerVerbOf } from '../../adapters/teams/inbound/router-verbs.js';
import {
  activityToInput,
  activityToTurn,
  channelKindOf,
  userContext,
} from '../../adapters/teams/inbound/to-turn.js';
import { searchOptions } from '../../adapters/teams/option-search.js';
import { fixture } from './harness.js';

const parse = (a: Record<string, unknown>) => activitySchema.parse(a);

describe('reading Teams activities', () => {
  it('strips the bot mention found through its entity, whatever the bot is called', () => {
    expect(textWithoutMentions(parse(fixture('channel-mention')))).toBe('who signs partner agreements?');
    const renamed = parse(
      fixture('group-chat-command', {
        text: '<at>Policy helper</at>   visit list upcoming',
        entities: [
          {
            type: 'mention',
            text: '<at>Policy helper</at>',
            mentioned: { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'Policy helper' },
          },
        ],
      }),
    );
    expect(textWithoutMentions(renamed)).toBe('visit list upcoming');
  });

  it("keeps other people's names but not their mention tags", () => {
    const activity = parse(
      fixture('channel-mention', {
        text: '<at>Ansvar</at> visit add 2026-12-03 Alytus — meeting with <at>Erik Berg</at>',
        entities: [
          {
            type: 'mention',
            text: '<at>Ansvar</at>',
            mentioned: { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'Ansvar' },
          },
          {
            type: 'mention',
            text: '<at>Erik Berg</at>',
            mentioned: { id: '29:4d5e6f-user', name: 'Erik Berg' },
          },
        ],
      }),
    );
    expect(textWithoutMentions(activity)).toBe('visit add 2026-12-03 Alytus — meeting with Erik Berg');
  });

  it('turns a form submit into a submit input with values and state, and a button into an action', () => {
    expect(activityToInput(parse(fixture('card-submit')))).toEqual({
      type: 'submit',
      form: 'visit',
      values: {
        title: 'Partnership follow-up with Alytus',
        kind: 'outgoing',
        counterpart: 'Alytus District Municipality',
        city: 'Alytus',
        country: 'LT',
        date: '2026-12-03',
        time: '10:00',
        timezone: 'Europe/Vilnius',
      },
    });
    expect(
      activityToInput(
        parse(
          fixture('card-submit', {
            value: {
              verb: 'visit',
              ansvarForm: 'visit',
              ansvarState: '7',
              title: 'x',
              __proto__x: 'y',
              n: 3,
            },
          }),
        ),
      ),
    ).toEqual({
      type: 'submit',
      form: 'visit',
      state: '7',
      values: { title: 'x', n: '3' },
    });
    expect(
      activityToInput(parse(fixture('card-submit', { value: { verb: 'visit.cancel', value: '7' } }))),
    ).toEqual({ type: 'action', action: 'visit.cancel', value: '7' });
    expect(activityToInput(parse(fixture('card-submit', { value: { something: 'else' } })))).toBeUndefined();
  });

  it('bounds what a submit can carry', () => {
    const value: Record<string, string> = { ansvarForm: 'visit' };
    for (let i = 0; i < 80; i++) value[`f${i}`] = 'x'.repeat(10_000);
    const input = activityToInput(parse(fixture('card-submit', { value })));
    expect(input?.type).toBe('submit');
    const values = input?.type === 'submit' ? input.values : {};
    expect(Object.keys(values)).toHaveLength(50);
    expect(Object.values(values).every((v) => v.length === 4000)).toBe(true);
  });

  it('takes the time zone and locale from clientInfo or the activity, and only valid ones', () => {
    expect(userContext(parse(fixture('personal-message')))).toEqual({
      timezone: 'Europe/Stockholm',
      locale: 'sv-SE',
    });
    expect(userContext(parse(fixture('channel-mention')))).toEqual({
      timezone: 'Europe/Stockholm',
      locale: 'en-US',
    });
    expect(
      userContext(parse({ type: 'message', localTimezone: 'Mars/Olympus', locale: 'not a locale!' })),
    ).toEqual({});
    expect(userContext(parse({ type: 'message', localTimezone: 'Europe/Vilnius' }))).toEqual({
      timezone: 'Europe/Vilnius',
    });
  });

  it('builds the Turn with the conversation without its thread suffix and the right kind', () => {
    const activity = parse(fixture('channel-mention'));
    const turn = activityToTurn(activity, { type: 'text', text: 'help' }, new Date('2026-11-22T09:13:20Z'))!;
    expect(turn).toMatchObject({
      platform: 'teams',
      userId: '29:4d5e6f-user',
      userName: 'Erik Berg',
      channelId: '19:intl-office@thread.tacv2',
      channelKind: 'channel',
    });
    expect(channelKindOf('groupChat')).toBe('group');
    expect(channelKindOf('personal')).toBe('dm');
    expect(
      activityToTurn(parse({ type: 'message' }), { type: 'text', text: 'x' }, new Date()),
    ).toBeUndefined();
  });

  it('strips the thread suffix from conversation ids and references', () => {
    expect(baseConversationId('19:abc@thread.tacv2;messageid=123')).toBe('19:abc@thread.tacv2');
    expect(baseConversationId('a:1Xyz')).toBe('a:1Xyz');
    expect(
      topLevelReference({
        activityId: '123',
        conversation: { id: '19:abc@thread.tacv2;messageid=123' } as never,
        serviceUrl: 'http://x/',
      }),
    ).toEqual({
      conversation: { id: '19:abc@thread.tacv2' },
      serviceUrl: 'http://x/',
    });
  });
});

describe('Teams feedback', () => {
  it('maps like/dislike to up/down and keeps the comment', () => {
    expect(parseFeedback(fixture('feedback-invoke').value.actionValue)).toEqual({
      vote: 'down',
      text: 'Wrong board',
    });
    expect(parseFeedback({ reaction: 'like', feedback: '{"feedbackText":"  "}' })).toEqual({ vote: 'up' });
    expect(parseFeedback({ reaction: 'like', feedback: { feedbackText: 'Spot on' } })).toEqual({
      vote: 'up',
      text: 'Spot on',
    });
    expect(parseFeedback({ reaction: 'dislike', feedback: 'not json' })).toEqual({
      vote: 'down',
      text: 'not json',
    });
    expect(
      parseFeedback({ reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'x'.repeat(9000) }) })
        ?.text,
    ).toHaveLength(4000);
    expect(parseFeedback({ reaction: 'love' })).toBeUndefined();
    expect(parseFeedback(undefined)).toBeUndefined();
  });
});

describe('the request gate', () => {
  it('accepts only loopback service URLs in anonymous mode', () => {
    for (const url of [
      'http://127.0.0.1:3978/',
      'http://127.8.9.10/',
      'http://localhost:1/',
      'http://[::1]:8080/',
      'https://LOCALHOST/',
    ]) {
      expect(isLoopbackUrl(url)).toBe(true);
    }
    for (const url of [
      'https://smba.trafficmanager.net/emea/',
      'http://169.254.169.254/latest',
      'http://10.0.0.1/',
      'http://127.0.0.1.nip.io/',
      'http://localhost.evil.example/',
      'http://user:pw@127.0.0.1/',
      'file:///etc/passwd',
      'not a url',
      'http://[::ffff:c0a8:1]/',
    ]) {
      expect(isLoopbackUrl(url)).toBe(false);
    }
  });

  it('answers 403 for a foreign serviceUrl, 401 without a Bearer token, 400 for non-activities', () => {
    const message = fixture('personal-message');
    expect(gateRequest(message, undefined, { anonymous: true })).toMatchObject({ ok: false, status: 403 });
    expect(
      gateRequest({ ...message, serviceUrl: 'http://127.0.0.1:9/' }, undefined, { anonymous: true }).ok,
    ).toBe(true);
    expect(gateRequest(message, undefined, { anonymous: false })).toMatchObject({ ok: false, status: 401 });
    expect(gateRequest(message, 'Bearer a.b', { anonymous: false })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(gateRequest(message, 'Bearer aa.bb.cc', { anonymous: false }).ok).toBe(true);
    expect(gateRequest('hello', undefined, { anonymous: true })).toMatchObject({ ok: false, status: 400 });
    expect(gateRequest({ text: 'no type' }, undefined, { anonymous: true })).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe('typeahead search over an option list', () => {
  const zones = [
    'Europe/Stockholm',
    'Europe/Vilnius',
    'America/Argentina/Buenos_Aires',
    'Asia/Ho_Chi_Minh',
  ].map((z) => ({ value: z, label: z }));
  const countries = [
    { value: 'SE', label: 'Sverige' },
    { value: 'LT', label: 'Litauen' },
    { value: 'AX', label: 'Åland' },
  ];

  it('matches words in labels and values, ignoring case, accents and separators', () => {
    expect(searchOptions(zones, 'vilni', 15).map((o) => o.value)).toEqual(['Europe/Vilnius']);
    expect(searchOptions(zones, 'buenos aires', 15).map((o) => o.value)).toEqual([
      'America/Argentina/Buenos_Aires',
    ]);
    expect(searchOptions(countries, 'aland', 15).map((o) => o.value)).toEqual(['AX']);
    expect(searchOptions(countries, 'lt', 15).map((o) => o.value)).toEqual(['LT']);
    expect(searchOptions(zones, 'europe', 1, 1).map((o) => o.value)).toEqual(['Europe/Vilnius']);
    expect(searchOptions(zones, '', 2)).toHaveLength(2);
  });
});

describe("the router's own verbs in card submits", () => {
  const action = (verb: string, value = '7') => ({ type: 'action' as const, action: verb, value });

  it('recognises feedback, answer.share and home, and nothing a command module owns', () => {
    expect(routerVerbOf(action('feedback', '7:down'))).toEqual({ verb: 'feedback', value: '7:down' });
    expect(routerVerbOf(action('answer.share'))).toEqual({ verb: 'answer.share', value: '7' });
    expect(routerVerbOf(action('home', ''))).toEqual({ verb: 'home', value: '' });
    expect(routerVerbOf(action('visit.cancel'))).toBeUndefined();
    expect(routerVerbOf(action('answer.shared'))).toBeUndefined();
    expect(routerVerbOf({ type: 'submit', form: 'feedback', values: {} })).toBeUndefined();
    expect(routerVerbOf({ type: 'text', text: 'home' })).toBeUndefined();
  });

  it('allows only a share from the answer card of the same question', () => {
    expect(routerVerbAllowed({ verb: 'answer.share', value: '7' }, '7')).toBe(true);
    expect(routerVerbAllowed({ verb: 'answer.share', value: '7' }, '8')).toBe(false);
    expect(routerVerbAllowed({ verb: 'answer.share', value: '7' }, undefined)).toBe(false);
    expect(routerVerbAllowed({ verb: 'feedback', value: '7:up' }, '7')).toBe(false);
    expect(routerVerbAllowed({ verb: 'home', value: '' }, '7')).toBe(false);
  });
});
