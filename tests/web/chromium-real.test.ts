import type { Browser, BrowserContext } from 'playwright-core';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { repoRoot, startTestServer, type TestServer } from '../support/server.js';
import { isChromiumAvailable, serviceGate } from '../support/services.js';
import {
  download,
  lastReply,
  launchChromium,
  madeBlobs,
  openChat,
  recordBlobs,
  say,
  type PageDocument,
  type PageWindow,
} from './chromium-support.js';

// In-page callbacks run in the browser, where these exist.
declare const document: PageDocument;
declare const window: PageWindow;

/** The whole product through the browser: the real knowledge, the real visit register, SQLite. */
const runBrowser = serviceGate('Chromium', isChromiumAvailable(), 'local chat end to end in Chromium');

describe.runIf(runBrowser)('the local chat page end to end in Chromium', () => {
  let browser: Browser;
  let t: TestServer;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestServer();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ timezoneId: 'Europe/Stockholm', locale: 'en-GB' });
  });
  afterEach(async () => {
    await context.close();
  });

  it('answers "who signs partner agreements?" with Regionstyrelsen and the verbatim quote', async () => {
    const { page, problems } = await openChat(context, t.url);
    await say(page, 'who signs partner agreements?');
    const answer = lastReply(page);
    expect(await answer.textContent()).toContain('Regionstyrelsen');
    const quotes = await answer.locator('blockquote').allTextContents();
    expect(quotes.some((q) => /partneravtal/i.test(q) && /regionstyrelsen/i.test(q))).toBe(true);
    expect(await answer.locator('figcaption').first().textContent()).toMatch(
      /knowledge\/region-jonkopings-lan\/.+\.md:\d+/,
    );
    expect(await answer.locator('.r-feedback button').count()).toBe(2);
    expect(problems).toEqual([]);
  });

  it('logs a visit through the form and shows it, escaped, in the list', async () => {
    const { page, problems, dialogs } = await openChat(context, t.url);
    const title = `<script>window.__pwned = 1</script> Study visit to Alytus`;
    const date = DateTime.now().plus({ days: 30 }).toISODate()!;

    await say(page, 'visit');
    const form = lastReply(page).locator('form.r-form[data-form-id="visit"]');
    await form.locator('input[name="title"]').fill(title);
    await form.locator('input[name="kind"][value="outgoing"]').check();
    await form.locator('input[name="city"]').fill('Alytus');
    await form.locator('select[name="country"]').selectOption('LT');
    await form.locator('input[name="date"]').fill(date);
    await form.locator('input[name="time"]').fill('10:00');
    await form.locator('select[name="timezone"]').selectOption('Europe/Vilnius');
    await form.locator('button[type="submit"]').click();
    await page.waitForFunction(
      () =>
        !document.querySelector('#log li.pending') &&
        document.querySelector('#log form.r-form.done, #log .has-error'),
    );
    expect(await page.locator('#log .has-error').count()).toBe(0);
    expect(await page.locator('#log form.r-form.done').count()).toBe(1);

    await say(page, 'visit list');
    const list = lastReply(page);
    expect(await list.textContent()).toContain(title);
    expect(await list.textContent()).toContain('Alytus');
    expect(await page.locator('#log script').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('downloads `visit export csv` with exactly the bytes of `ansvar visits export`', async () => {
    await recordBlobs(context);
    const { page, problems, dialogs } = await openChat(context, t.url);
    const year = new Date().getUTCFullYear() + 1;
    await say(
      page,
      `visit add 3 dec ${year} 10:00 Vilnius — Studiebesök "Alytus"; <script>window.__pwned = 1</script>`,
    );
    expect(await lastReply(page).textContent()).toMatch(/Visit #\d+ logged/);

    await say(page, `visit export csv ${year}`);
    const button = lastReply(page).locator('button.r-download');
    expect(await button.count()).toBe(1);
    const saved = await download(page, button);

    let cli = '';
    const code = await runCli(['visits', 'export', '--year', String(year)], {
      stdout: (text) => void (cli += text),
      stderr: (text) => void (cli += `stderr: ${text}`),
      stdin: async function* () {},
      env: { DATABASE_URL: t.database.url, KNOWLEDGE_DIR: `${repoRoot}knowledge`, LOG_LEVEL: 'silent' },
    });
    expect(code).toBe(0);
    const expected = Buffer.from(cli, 'utf8');
    expect(cli).toContain('Studiebesök ""Alytus""; <script>');
    expect(saved.name).toBe(`ansvar-visits-${year}.csv`);
    expect(saved.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(saved.bytes.equals(expected)).toBe(true);
    expect(await madeBlobs(page)).toEqual([{ type: 'text/csv; charset=utf-8', size: expected.length }]);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
