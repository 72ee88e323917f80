import { describe, expect, it } from 'vitest';
import {
  decideAccess,
  hostnameOf,
  isLoopbackAddress,
  isLoopbackHostname,
} from '../../adapters/web/access.js';
import {
  identityCookie,
  isVisitorId,
  newVisitorId,
  visitorIdFromCookies,
} from '../../adapters/web/identity.js';
import { canonicalLocale, toTurn, turnRequestSchema } from '../../adapters/web/turn-request.js';

const local = { remoteAddress: '127.0.0.1', method: 'GET', headers: { host: '127.0.0.1:3978' } };

describe('who may use the local chat page', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.0.2.2', false],
    ['::ffff:192.0.2.2', false],
    ['fe80::1', false],
    ['', false],
    [undefined, false],
  ])('loopback address %s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it('reads host names from Host headers', () => {
    expect(hostnameOf('localhost:3978')).toBe('localhost');
    expect(hostnameOf('[::1]:3978')).toBe('::1');
    expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostnameOf('Evil.Example:80')).toBe('evil.example');
    expect(isLoopbackHostname('app.localhost')).toBe(true);
    expect(isLoopbackHostname('localhost.evil.example')).toBe(false);
  });

  it('lets loopback clients in by default', () => {
    expect(decideAccess(local, { public: false })).toEqual({ allowed: true });
    expect(decideAccess({ ...local, headers: { host: 'localhost:3978' } }, { public: false })).toEqual({
      allowed: true,
    });
  });

  it('refuses other machines, proxied requests and foreign host names (DNS rebinding)', () => {
    expect(decideAccess({ ...local, remoteAddress: '192.0.2.7' }, { public: false })).toMatchObject({
      allowed: false,
    });
    expect(
      decideAccess(
        { ...local, headers: { ...local.headers, 'x-forwarded-for': '203.0.113.9' } },
        { public: false },
      ),
    ).toMatchObject({ allowed: false, reason: 'forwarded by a proxy' });
    expect(
      decideAccess({ ...local, headers: { ...local.headers, forwarded: 'for=1.2.3.4' } }, { public: false }),
    ).toMatchObject({
      allowed: false,
    });
    expect(
      decideAccess({ ...local, headers: { host: 'rebind.evil.example:3978' } }, { public: false }),
    ).toMatchObject({
      allowed: false,
      reason: 'not a loopback host name',
    });
    expect(decideAccess({ ...local, headers: {} }, { public: false })).toMatchObject({ allowed: false });
  });

  it('refuses cross-site posts in every mode', () => {
    const post = { ...local, method: 'POST' };
    expect(
      decideAccess(
        { ...post, headers: { ...post.headers, origin: 'http://127.0.0.1:3978' } },
        { public: false },
      ),
    ).toEqual({
      allowed: true,
    });
    expect(
      decideAccess(
        { ...post, headers: { ...post.headers, origin: 'https://evil.example' } },
        { public: false },
      ),
    ).toMatchObject({ allowed: false, reason: 'cross-origin request' });
    expect(
      decideAccess(
        { ...post, headers: { ...post.headers, 'sec-fetch-site': 'cross-site' } },
        { public: true },
      ),
    ).toMatchObject({ allowed: false, reason: 'cross-site request' });
    expect(
      decideAccess({ ...post, headers: { ...post.headers, origin: 'null' } }, { public: true }),
    ).toMatchObject({
      allowed: false,
    });
  });

  it('with LOCAL_CHAT_PUBLIC lets any machine and proxy in', () => {
    expect(
      decideAccess(
        {
          remoteAddress: '192.0.2.7',
          method: 'POST',
          headers: {
            host: 'ansvar.example.se',
            'x-forwarded-for': '203.0.113.9',
            origin: 'https://ansvar.example.se',
          },
        },
        { public: true },
      ),
    ).toEqual({ allowed: true });
  });
});

describe('visitor identity', () => {
  it('issues random ids of a fixed shape that a visitor cannot choose', () => {
    const a = newVisitorId();
    const b = newVisitorId();
    expect(a).not.toBe(b);
    expect(isVisitorId(a)).toBe(true);
    expect(isVisitorId('admin')).toBe(false);
    expect(isVisitorId('u-short')).toBe(false);
  });

  it('reads the id from the Cookie header and ignores forged values', () => {
    const id = newVisitorId();
    expect(visitorIdFromCookies(`theme=dark; ansvar_web_user=${id}; other=1`)).toBe(id);
    expect(visitorIdFromCookies('ansvar_web_user=U123')).toBeUndefined();
    expect(visitorIdFromCookies('xansvar_web_user=' + id)).toBeUndefined();
    expect(visitorIdFromCookies(undefined)).toBeUndefined();
    expect(identityCookie(id)).toBe(
      `ansvar_web_user=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000`,
    );
    expect(identityCookie(id, { secure: true })).toMatch(/; Secure$/);
  });
});

describe('turn requests from the page', () => {
  const at = new Date('2026-11-22T10:00:00Z');

  it('become web turns with the browser’s zone, locale and display name', () => {
    const request = turnRequestSchema.parse({
      input: { type: 'text', text: 'who signs partner agreements?' },
      timezone: 'Europe/Vilnius',
      locale: 'sv-se',
      name: ' Anna\u0007 ',
    });
    expect(toTurn(request, 'u-abc', at)).toEqual({
      platform: 'web',
      userId: 'u-abc',
      userName: 'Anna',
      timezone: 'Europe/Vilnius',
      locale: 'sv-SE',
      channelId: 'local-u-abc',
      channelKind: 'dm',
      input: { type: 'text', text: 'who signs partner agreements?' },
      receivedAt: at,
    });
  });

  it('drops an unknown time zone or malformed locale instead of failing', () => {
    const request = turnRequestSchema.parse({
      input: { type: 'text', text: 'hi' },
      timezone: 'Mars/Olympus',
      locale: 'not a locale!',
    });
    const turn = toTurn(request, 'u-abc', at);
    expect(turn.timezone).toBeUndefined();
    expect(turn.locale).toBeUndefined();
    expect(canonicalLocale('en')).toBe('en');
  });

  it('carries form submits and button actions', () => {
    const submit = turnRequestSchema.parse({
      input: { type: 'submit', form: 'visit', state: '3', values: { title: 'x' } },
    });
    expect(toTurn(submit, 'u-1', at).input).toEqual({
      type: 'submit',
      form: 'visit',
      state: '3',
      values: { title: 'x' },
    });
    const action = turnRequestSchema.parse({ input: { type: 'action', action: 'visit.cancel', value: '3' } });
    expect(toTurn(action, 'u-1', at).input).toEqual({ type: 'action', action: 'visit.cancel', value: '3' });
  });

  it('bounds every size and rejects empty or malformed input', () => {
    const bad = [
      { input: { type: 'text', text: '   ' } },
      { input: { type: 'text', text: 'x'.repeat(4001) } },
      { input: { type: 'text' } },
      { input: { type: 'shell', text: 'ls' } },
      {
        input: {
          type: 'submit',
          form: 'visit',
          values: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, ''])),
        },
      },
      { input: { type: 'submit', form: 'visit', values: { title: 'x'.repeat(4001) } } },
      { input: { type: 'submit', form: 'visit', values: { title: 3 } } },
      { input: { type: 'action', action: 'x'.repeat(129), value: '' } },
      { input: { type: 'text', text: 'hi' }, name: 'n'.repeat(81) },
      { input: { type: 'text', text: 'hi' }, timezone: 'z'.repeat(65) },
      'just a string',
      null,
    ];
    for (const body of bad)
      expect(turnRequestSchema.safeParse(body).success, JSON.stringify(body)?.slice(0, 80)).toBe(false);
  });
});
