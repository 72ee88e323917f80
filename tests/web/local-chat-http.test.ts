import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

async function turn(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/chat/turn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** An address of this machine other than loopback, to connect from "another machine". */
function externalAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return undefined;
}

/** A raw request, so the Host header can be anything (fetch does not let a caller set it). */
function rawGet(url: string, path: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local chat page over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { HOST: '0.0.0.0' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  const local = () => t.url.replace('0.0.0.0', '127.0.0.1');

  it('serves the page and its assets under a strict Content-Security-Policy', async () => {
    const page = await fetch(`${local()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/style=/);

    const script = await fetch(`${local()}/chat/assets/chat.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const css = await fetch(`${local()}/chat/assets/chat.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const host = new URL(local()).host;
    for (const path of [
      '/chat/assets/..%2f..%2f..%2fpackage.json',
      '/chat/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/chat/assets/.env',
    ]) {
      expect([400, 403, 404]).toContain(await rawGet(local(), path, { host }));
    }
    expect((await fetch(`${local()}/chat/assets/missing.js`)).status).toBe(404);
  });

  it('issues a visitor id in an HttpOnly, SameSite cookie and keeps it', async () => {
    const first = await fetch(`${local()}/chat/session`);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ansvar_web_user=u-[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const { user } = (await first.json()) as { user: string };
    expect(user).toBe(`web:${cookie.split('=')[1]}`);

    const again = await fetch(`${local()}/chat/session`, { headers: { cookie } });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.json()).toEqual({ user });

    const forged = await fetch(`${local()}/chat/session`, { headers: { cookie: 'ansvar_web_user=admin' } });
    expect(((await forged.json()) as { user: string }).user).not.toBe('web:admin');
  });

  it('sends turns through the router and answers with rendered HTML', async () => {
    const response = await turn(local(), {
      input: { type: 'text', text: 'help' },
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      html: string;
      text: string;
      hasForm: boolean;
      reply: { language: string };
    };
    expect(body.html).toContain('<h2 class="r-header">');
    expect(body.reply.language).toBe('sv');
    expect(body.hasForm).toBe(false);
  });

  it('gives the page a file block’s content in the reply JSON only, with nothing beyond the reply', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const headers = { cookie: 'ansvar_web_user=u-AAAAAAAAAAAAAAAAAAAAAA' };
    const logged = await turn(
      local(),
      { input: { type: 'text', text: `visit add 3 dec ${year} Växjö — Delegation` } },
      headers,
    );
    expect(logged.status).toBe(200);
    const response = await turn(
      local(),
      { input: { type: 'text', text: `visit export csv ${year}` } },
      headers,
    );
    const body = (await response.json()) as Record<string, unknown> & {
      html: string;
      reply: { blocks: { type: string; name?: string; content?: string }[] };
    };
    expect(Object.keys(body).sort()).toEqual([
      'hasForm',
      'html',
      'replaceOriginal',
      'reply',
      'text',
      'visibility',
    ]);
    const file = body.reply.blocks.find((b) => b.type === 'file');
    expect(file?.name).toBe(`ansvar-visits-${year}.csv`);
    expect(file?.content).toMatch(/^\uFEFF.*\r\n.*Delegation/s);
    expect(body.html).toContain(`data-file-name="ansvar-visits-${year}.csv"`);
    expect(body.html).not.toContain('Delegation');
  });

  it('refuses malformed, oversized and non-JSON bodies with a short message', async () => {
    const malformed = await turn(local(), '{"input":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'request body is not valid JSON' });

    const invalid = await turn(local(), { input: { type: 'text', text: '' } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toBe('input.text: the message is empty');

    const huge = await turn(local(), { input: { type: 'text', text: 'x'.repeat(40_000) } });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: 'request body too large' });

    const form = await fetch(`${local()}/chat/turn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'input=help',
    });
    expect(form.status).toBe(415);
  });

  it('refuses requests from other sites', async () => {
    const crossOrigin = await turn(
      local(),
      { input: { type: 'text', text: 'help' } },
      { origin: 'https://evil.example' },
    );
    expect(crossOrigin.status).toBe(403);
    const crossSite = await turn(
      local(),
      { input: { type: 'text', text: 'help' } },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
  });

  it('answers only loopback clients by default: proxies, foreign host names and other machines get 403', async () => {
    expect((await fetch(`${local()}/`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(403);
    expect(await rawGet(local(), '/', { host: 'rebind.evil.example' })).toBe(403);
    expect(await rawGet(local(), '/chat/session', { host: `localhost:${new URL(local()).port}` })).toBe(200);
    const external = externalAddress();
    if (external) {
      const fromOutside = await fetch(t.url.replace('0.0.0.0', external) + '/');
      expect(fromOutside.status).toBe(403);
      expect(await fromOutside.text()).toMatch(/LOCAL_CHAT_PUBLIC=1/);
      const turnFromOutside = await turn(t.url.replace('0.0.0.0', external), {
        input: { type: 'text', text: 'help' },
      });
      expect(turnFromOutside.status).toBe(403);
      // Health and metrics are not the chat page: they stay reachable for probes.
      expect((await fetch(t.url.replace('0.0.0.0', external) + '/healthz')).status).toBe(200);
    } else {
      console.warn(
        '[note] no non-loopback address on this machine: the other-machine case was checked through the pure access rules only',
      );
    }
    const refused = t.logs.find((l) => l.msg === 'local chat request refused');
    expect(refused).toBeDefined();
  });
});

describe('LOCAL_CHAT_PUBLIC=1', () => {
  it('serves other machines and proxied requests', async () => {
    const t = await startTestServer({ env: { HOST: '0.0.0.0', LOCAL_CHAT_PUBLIC: '1' } });
    try {
      const external = externalAddress() ?? '127.0.0.1';
      const base = t.url.replace('0.0.0.0', external);
      expect((await fetch(`${base}/`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(200);
      expect((await turn(base, { input: { type: 'text', text: 'help' } })).status).toBe(200);
      const behindHttps = await fetch(`${base}/chat/session`, {
        headers: { 'x-forwarded-for': '203.0.113.5', 'x-forwarded-proto': 'https' },
      });
      expect(behindHttps.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(t.logs.find((l) => l.msg === 'listening')?.surfaces).toEqual([
        'local chat page at GET / (open to all clients: LOCAL_CHAT_PUBLIC=1)',
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('LOCAL_CHAT=0', () => {
  it('serves no page', async () => {
    const t = await startTestServer({ env: { LOCAL_CHAT: '0' } });
    try {
      expect((await fetch(`${t.url}/`)).status).toBe(404);
      expect((await turn(t.url, { input: { type: 'text', text: 'help' } })).status).toBe(404);
      expect(t.logs.some((l) => l.msg.startsWith('no surface is on'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
