import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from '../support/services.js';

/**
 * The few DOM globals the tests' in-page callbacks use. Those callbacks run in the browser; this
 * Node program has no DOM types, so each test module declares these names for itself.
 */
export interface PageElement {
  textContent: string | null;
  innerHTML: string;
  getAttribute(name: string): string | null;
}
export interface PageDocument {
  body: PageElement;
  activeElement: PageElement | null;
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
  createElement(tag: string): PageElement;
}
export type PageWindow = Record<string, unknown>;

declare const document: PageDocument;
declare const window: PageWindow;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** Dialogs the page opened (alert/confirm/prompt): there should be none. */
  dialogs: string[];
}

/** A page that records anything that goes wrong in it, and the chat page loaded and ready. */
export async function openChat(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Trusted Type/i.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => document.getElementById('identity')?.textContent?.startsWith('web:'));
  return { page, problems, dialogs };
}

/** Types a message in the composer, sends it, and waits for the bot's answer to it. */
export async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('#log li.msg.bot:not(.pending)').count();
  await page.fill('#message', text);
  await page.press('#message', 'Enter');
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('#log li.msg.bot:not(.pending)').length > n &&
      !document.querySelector('#log li.pending'),
    before,
  );
}

/** The last bot message. */
export function lastReply(page: Page) {
  return page.locator('#log li.msg.bot:not(.pending)').last();
}

/** What the page handed to `URL.createObjectURL`: the type and size of each Blob it made. */
export interface MadeBlob {
  type: string;
  size: number;
}

/** Records every Blob the context's pages turn into URLs, in `window.__blobs` (read with `madeBlobs`). */
export async function recordBlobs(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const made: MadeBlob[] = [];
    const target = window as unknown as {
      __blobs: MadeBlob[];
      URL: { createObjectURL(blob: MadeBlob): string };
    };
    target.__blobs = made;
    const original = target.URL.createObjectURL.bind(target.URL);
    target.URL.createObjectURL = (blob: MadeBlob) => {
      made.push({ type: blob.type, size: blob.size });
      return original(blob);
    };
  });
}

export function madeBlobs(page: Page): Promise<MadeBlob[]> {
  return page.evaluate(() => (window as unknown as { __blobs: MadeBlob[] }).__blobs);
}

/** Clicks a download button and returns what the browser saved: its name and exact bytes. */
export async function download(
  page: Page,
  button: ReturnType<Page['locator']>,
): Promise<{ name: string; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const failure = await saved.failure();
  if (failure) throw new Error(`download failed: ${failure}`);
  const stream = await saved.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: saved.suggestedFilename(), bytes: Buffer.concat(chunks) };
}
