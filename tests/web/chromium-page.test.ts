import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { reply, type Form, type Reply } from '../../src/core/reply.js';
import type { Turn } from '../../src/core/turn.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { capturingLogger, repoRoot } from '../support/server.js';
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

/**
 * The page's own behaviour in a real browser, against the real server with a scripted router, so
 * every kind of Reply (hostile text, forms with errors, confirm buttons, replaced messages,
 * feedback) can be produced on demand and every Turn the page sends can be checked.
 */
const HOSTILE = `<script>window.__pwned = 'script'</script><img src=x onerror="window.__pwned = 'img'"> <!channel> & "quotes"`;

function demoForm(values: Record<string, string> = {}, errors?: Record<string, string>): Form {
  return {
    id: 'demo',
    title: 'Log a demo visit',
    submitLabel: 'Save',
    state: 'draft-7',
    fields: [
      {
        name: 'title',
        label: 'Title',
        kind: 'text',
        required: true,
        maxLength: 200,
        value: values.title ?? '',
      },
      {
        name: 'kind',
        label: 'Kind',
        kind: 'radio',
        required: true,
        value: values.kind ?? '',
        options: [
          { value: 'incoming', label: 'Incoming visit' },
          { value: 'outgoing', label: 'Outgoing trip' },
        ],
      },
      {
        name: 'country',
        label: 'Country',
        kind: 'select',
        required: false,
        value: values.country ?? '',
        options: [
          { value: 'LT', label: 'Lithuania' },
          { value: 'SE', label: 'Sweden' },
        ],
      },
      { name: 'date', label: 'Date', kind: 'date', required: true, value: values.date ?? '' },
      { name: 'time', label: 'Time', kind: 'time', required: false, value: values.time ?? '' },
      { name: 'purpose', label: 'Purpose', kind: 'textarea', required: false, value: values.purpose ?? '' },
    ],
    ...(errors ? { errors } : {}),
  };
}

/** Text whose UTF-8 bytes are easy to get wrong: a BOM, CRLF and lone CR, NUL, non-Latin and astral characters. */
const TRICKY_CONTENT = `\uFEFFtitle;city\r\n"Besök <i>";Växjö\r\nline\rend\u0000 — 日本 😀 ${HOSTILE}\n`;

function scriptedReply(turn: Turn): Reply {
  const input = turn.input;
  if (input.type === 'text' && input.text === 'files') {
    return reply({
      text: 'files',
      blocks: [
        { type: 'text', text: ['Two files'] },
        {
          type: 'file',
          name: 'tricky.csv',
          mimeType: 'text/csv; charset=utf-8',
          content: TRICKY_CONTENT,
          title: HOSTILE,
        },
        { type: 'file', name: 'page.html', mimeType: 'text/html', content: HOSTILE, title: 'A page' },
      ],
    });
  }
  if (input.type === 'text' && input.text === 'hostile') {
    return reply({
      text: HOSTILE,
      feedback: { questionId: 'q1' },
      blocks: [
        { type: 'header', text: HOSTILE },
        { type: 'text', text: [HOSTILE, { text: HOSTILE, bold: true }] },
        { type: 'quote', text: HOSTILE, cite: [HOSTILE] },
        { type: 'fields', fields: [{ label: HOSTILE, value: [HOSTILE] }] },
        { type: 'buttons', buttons: [{ label: HOSTILE, action: 'demo.noop', value: HOSTILE }] },
      ],
    });
  }
  if (input.type === 'text' && input.text === 'form')
    return reply({ text: 'form', blocks: [{ type: 'form', form: demoForm() }] });
  if (input.type === 'submit') {
    if (input.values.title?.includes('bad')) {
      return reply({
        text: 'fix',
        blocks: [
          {
            type: 'form',
            form: demoForm(input.values, { date: 'date: pick a later day', title: 'title: no "bad" words' }),
          },
        ],
      });
    }
    return reply({
      text: 'saved',
      blocks: [
        { type: 'text', text: [`Saved ${input.values.title}`] },
        {
          type: 'buttons',
          buttons: [
            {
              label: 'Cancel visit',
              action: 'demo.cancel',
              value: '7',
              style: 'danger',
              confirm: {
                title: 'Cancel the visit?',
                text: 'It stays in the register as cancelled.',
                confirm: 'Yes, cancel',
                deny: 'Keep it',
              },
            },
          ],
        },
      ],
    });
  }
  if (input.type === 'action' && input.action === 'demo.cancel') {
    return reply({
      text: 'cancelled',
      replaceOriginal: true,
      blocks: [{ type: 'text', text: ['Visit 7 cancelled'] }],
    });
  }
  if (input.type === 'action')
    return reply({ text: 'ok', blocks: [{ type: 'context', text: [`Got ${input.action} ${input.value}`] }] });
  return reply({
    text: 'echo',
    blocks: [{ type: 'text', text: [`You said: ${input.type === 'text' ? input.text : ''}`] }],
  });
}

const runBrowser = serviceGate('Chromium', isChromiumAvailable(), 'local chat page in Chromium');

describe.runIf(runBrowser)('the local chat page in Chromium (scripted router)', () => {
  let browser: Browser;
  let database: TestDatabase;
  let runtime: Runtime;
  let server: RunningServer;
  let context: BrowserContext;
  const turns: Turn[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    database = createSqliteTestDatabase();
    const config = parseConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
    });
    const { log } = capturingLogger('silent');
    const real = await createRuntime(config, log);
    runtime = {
      ...real,
      core: {
        ...real.core,
        router: {
          handle: async (turn) => {
            turns.push(turn);
            return scriptedReply(turn);
          },
        },
      },
    };
    server = await startServer(config, runtime, log);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    turns.length = 0;
    context = await browser.newContext({ timezoneId: 'Europe/Vilnius', locale: 'sv-SE' });
  });
  afterEach(async () => {
    await context.close();
  });

  it('sends text turns as platform web with the browser’s zone, locale, name and a stable cookie identity', async () => {
    const { page, problems } = await openChat(context, server.url);
    const identity = await page.textContent('#identity');
    expect(identity).toMatch(/^web:u-[A-Za-z0-9_-]{22}$/);
    expect(await page.textContent('#zone')).toBe('Europe/Vilnius · sv-SE');

    await page.fill('#name', 'Anna');
    await page.dispatchEvent('#name', 'change');
    await say(page, 'hello <b>there</b>');
    expect(await page.locator('#log li.msg.user').last().textContent()).toBe('hello <b>there</b>');
    expect(await lastReply(page).textContent()).toContain('You said: hello <b>there</b>');
    expect(turns.at(-1)).toMatchObject({
      platform: 'web',
      userId: identity!.slice('web:'.length),
      userName: 'Anna',
      timezone: 'Europe/Vilnius',
      locale: 'sv-SE',
      channelKind: 'dm',
      input: { type: 'text', text: 'hello <b>there</b>' },
    });

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction(() => document.getElementById('identity')?.textContent?.startsWith('web:'));
    expect(await page.textContent('#identity')).toBe(identity);
    expect(await page.inputValue('#name')).toBe('Anna');
    expect(problems).toEqual([]);
  });

  it('shows hostile text as text: nothing runs, no element is injected', async () => {
    const { page, problems, dialogs } = await openChat(context, server.url);
    await say(page, 'hostile');
    const answer = lastReply(page);
    expect(await answer.locator('.r-header').textContent()).toBe(HOSTILE);
    expect(await answer.locator('blockquote').textContent()).toBe(HOSTILE);
    expect(await answer.locator('.r-buttons button').textContent()).toBe(HOSTILE);
    expect(await page.locator('#log script, #log img, #log [onerror]').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // Defence in depth: even a bug that put raw HTML into the page would hit the CSP's Trusted Types.
    expect(
      await page.evaluate(() => {
        try {
          document.createElement('div').innerHTML = '<b>raw</b>';
          return 'allowed';
        } catch {
          return 'blocked';
        }
      }),
    ).toBe('blocked');
    problems.length = 0;

    await answer.locator('.r-buttons button').click();
    await page.waitForFunction(
      () =>
        !document.querySelector('#log li.pending') &&
        document.querySelectorAll('#log li.msg.bot').length >= 2,
    );
    expect(turns.at(-1)?.input).toEqual({ type: 'action', action: 'demo.noop', value: HOSTILE });
    expect(problems).toEqual([]);
  });

  it('renders a form as HTML inputs, shows errors next to fields keeping every value, and submits a submit turn', async () => {
    const { page, problems } = await openChat(context, server.url);
    await say(page, 'form');
    const form = lastReply(page).locator('form.r-form');
    expect(await form.locator('input[type="date"][name="date"]').count()).toBe(1);
    expect(await form.locator('input[type="time"][name="time"]').count()).toBe(1);
    expect(await form.locator('select[name="country"] option').allTextContents()).toEqual([
      'Choose…',
      'Lithuania',
      'Sweden',
    ]);
    expect(await form.locator('input[type="radio"][name="kind"]').count()).toBe(2);

    await form.getByLabel('Title').fill('A bad trip');
    await form.getByLabel('Outgoing trip').check();
    await form.getByLabel('Country').selectOption('LT');
    await form.getByLabel('Date').fill('2026-12-03');
    await form.getByLabel('Time').fill('10:30');
    await form.getByLabel('Purpose').fill('Meet <the> partners\nand sign');
    await form.getByRole('button', { name: 'Save' }).click();

    await page.waitForSelector('#log .r-field.has-error');
    expect(turns.at(-1)?.input).toEqual({
      type: 'submit',
      form: 'demo',
      state: 'draft-7',
      values: {
        title: 'A bad trip',
        kind: 'outgoing',
        country: 'LT',
        date: '2026-12-03',
        time: '10:30',
        purpose: 'Meet <the> partners\nand sign',
      },
    });
    // Replaced in place: still one form, now with the errors next to their fields and the values kept.
    expect(await page.locator('#log form.r-form').count()).toBe(1);
    const again = page.locator('#log form.r-form');
    expect(await again.locator('.r-field.has-error').count()).toBe(2);
    expect(
      await again.locator('#' + (await again.getByLabel('Date').getAttribute('id')) + '-error').textContent(),
    ).toBe('date: pick a later day');
    expect(await again.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await again.getByLabel('Title').inputValue()).toBe('A bad trip');
    expect(await again.getByLabel('Outgoing trip').isChecked()).toBe(true);
    expect(await again.getByLabel('Country').inputValue()).toBe('LT');
    expect(await again.getByLabel('Date').inputValue()).toBe('2026-12-03');
    expect(await again.getByLabel('Time').inputValue()).toBe('10:30');
    expect(await again.getByLabel('Purpose').inputValue()).toBe('Meet <the> partners\nand sign');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');

    await again.getByLabel('Title').fill('A good trip');
    await again.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Saved A good trip'));
    expect(turns.at(-1)?.input).toMatchObject({
      type: 'submit',
      form: 'demo',
      values: { title: 'A good trip' },
    });
    expect(await page.locator('#log form.r-form.done').count()).toBe(1);
    expect(await page.locator('#log form.r-form.done input[name="title"]').isDisabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('asks before a button with a confirm, sends nothing on "no", and replaces the message on "yes"', async () => {
    const { page, problems, dialogs } = await openChat(context, server.url);
    await say(page, 'form');
    const form = lastReply(page).locator('form.r-form');
    await form.getByLabel('Title').fill('Trip');
    await form.getByLabel('Incoming visit').check();
    await form.getByLabel('Date').fill('2026-12-03');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Saved Trip'));
    const turnsBefore = turns.length;

    await page.getByRole('button', { name: 'Cancel visit' }).click();
    const dialog = page.locator('dialog#confirm');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.locator('h2').textContent()).toBe('Cancel the visit?');
    expect(await dialog.locator('p').textContent()).toBe('It stays in the register as cancelled.');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    expect(await dialog.isVisible()).toBe(false);
    await page.waitForTimeout(200);
    expect(turns.length).toBe(turnsBefore);

    await page.getByRole('button', { name: 'Cancel visit' }).click();
    await dialog.getByRole('button', { name: 'Yes, cancel' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Visit 7 cancelled'));
    expect(turns.at(-1)?.input).toEqual({ type: 'action', action: 'demo.cancel', value: '7' });
    expect(await page.locator('#log').textContent()).not.toContain('Saved Trip');
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('downloads file blocks byte for byte under the CSP, with hostile titles shown as text and active types neutralised', async () => {
    await recordBlobs(context);
    const { page, problems, dialogs } = await openChat(context, server.url);
    await say(page, 'files');
    const buttons = lastReply(page).locator('button.r-download');
    expect(await buttons.count()).toBe(2);
    const expected = Buffer.from(TRICKY_CONTENT, 'utf8');
    expect(await buttons.first().textContent()).toBe(
      `⬇ Download: ${HOSTILE} (tricky.csv, ${expected.length} bytes)`,
    );
    expect(await page.locator('#log script, #log img').count()).toBe(0);

    const csv = await download(page, buttons.first());
    expect(csv.name).toBe('tricky.csv');
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.bytes.equals(expected)).toBe(true);

    const html = await download(page, buttons.nth(1));
    expect(html.name).toBe('page.html');
    expect(html.bytes.equals(Buffer.from(HOSTILE, 'utf8'))).toBe(true);
    expect(await madeBlobs(page)).toEqual([
      { type: 'text/csv; charset=utf-8', size: expected.length },
      { type: 'application/octet-stream', size: Buffer.byteLength(HOSTILE) },
    ]);

    // Downloads are built in the page: no request beyond the turn itself went to the server.
    expect(turns.map((t) => t.input.type)).toEqual(['text']);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('sends thumbs up/down on an answer as a feedback action', async () => {
    const { page, problems } = await openChat(context, server.url);
    await say(page, 'hostile');
    await lastReply(page).getByRole('button', { name: 'Helpful', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.r-vote.chosen') !== null);
    expect(turns.at(-1)?.input).toEqual({ type: 'action', action: 'feedback', value: 'q1:up' });
    expect(await page.locator('.r-feedback button:disabled').count()).toBe(2);
    expect(problems).toEqual([]);
  });
});
