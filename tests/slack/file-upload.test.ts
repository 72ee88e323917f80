import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliver, type Target } from '../../adapters/slack/delivery.js';
import type { SlackDeps } from '../../adapters/slack/deps.js';
import { failureNote, filePlacement } from '../../adapters/slack/file-delivery.js';
import { openDirectMessage, uploadFile } from '../../adapters/slack/file-upload.js';
import { renderMessages } from '../../adapters/slack/render/message.js';
import { createSlackApi, SlackCallError } from '../../adapters/slack/slack-api.js';
import { reply, type Reply } from '../../src/core/reply.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack-api.js';
import { capturingLogger } from '../support/server.js';

/**
 * Slack's three-step file upload and where reply files go, over real HTTP against the fake Slack:
 * the bytes that reach the upload URL, the order of the steps, the at-most-once completion, the
 * fallbacks and the notes the user gets.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOSTILE = '<!channel> *Visits* <@U999> & <https://evil.example|click>';

function fileReply(
  visibility: 'public' | 'private',
  title = 'Visits 2030 as CSV',
  content = '\uFEFFid;title\r\n1;Å\r\n',
): Reply {
  return reply({
    text: 'Your export',
    visibility,
    language: 'en',
    blocks: [
      { type: 'text', text: ['2030: 1 visit.'] },
      { type: 'file', name: 'ansvar-visits-2030.csv', mimeType: 'text/csv', content, title },
    ],
  });
}

/** Every mrkdwn or plain text string in a message payload. */
/** Where a slash command typed in channel C1 by U1 is answered. */
function slashCommandInChannel(responseUrl: string): Target {
  return { userId: 'U1', channelId: 'C1', isDm: false, responseUrl, publicVia: 'response_url' };
}

function texts(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) texts(item, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) texts(v, out);
  return out;
}

describe('Slack file upload and delivery (against the fake Slack)', () => {
  let fake: FakeSlack;
  const { log, logs } = capturingLogger('info');
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => fake.close());
  beforeEach(() => {
    fake.reset();
    logs.length = 0;
  });

  const api = () =>
    createSlackApi({
      botToken: 'xoxb-unit',
      apiUrl: fake.apiUrl,
      log,
      retry: { backoffMs: 1 },
      sleep: async () => undefined,
    });
  const deps = (): SlackDeps => ({ api: api(), log }) as unknown as SlackDeps;

  it('asks for an upload URL, posts the raw bytes there, then completes once', async () => {
    const bytes = Buffer.from('\uFEFFid;title\r\n1;Studiebesök\r\n', 'utf8');
    const id = await uploadFile(api(), {
      channelId: 'C1',
      threadTs: '1.2',
      filename: 'a.csv',
      title: 'Visits',
      bytes,
      initialComment: 'here',
    });
    const [ticket] = fake.callsTo('files.getUploadURLExternal');
    expect(ticket?.args).toMatchObject({ filename: 'a.csv', length: String(bytes.length) });
    const [complete] = fake.callsTo('files.completeUploadExternal');
    expect(complete?.args).toMatchObject({
      files: [{ id, title: 'Visits' }],
      channel_id: 'C1',
      thread_ts: '1.2',
      initial_comment: 'here',
    });
    const [upload] = fake.uploads;
    expect(upload?.bytes?.equals(bytes)).toBe(true);
    expect(upload?.contentType).toBe('application/octet-stream');
    // In order: ticket < bytes < complete.
    expect(ticket!.seq).toBeLessThan(upload!.uploadSeq!);
    expect(upload!.uploadSeq!).toBeLessThan(complete!.seq);
    expect(fake.sharedFiles().map((f) => f.shared?.channelId)).toEqual(['C1']);
  });

  it('retries the upload of the bytes but never the completion after an unknown outcome', async () => {
    fake.script('upload_url', { status: 503 });
    fake.script('files.completeUploadExternal', { status: 500, body: { ok: false } });
    await expect(
      uploadFile(api(), { channelId: 'C1', filename: 'a.csv', title: 'Visits', bytes: Buffer.from('x') }),
    ).rejects.toMatchObject({ method: 'files.completeUploadExternal', outcomeUnknown: true });
    expect(fake.received('upload_url')).toBe(2);
    expect(fake.received('files.completeUploadExternal')).toBe(1);
    expect(fake.sharedFiles()).toEqual([]);
  });

  it('stops before any upload when Slack refuses the ticket, with the scope Slack names', async () => {
    fake.script('files.getUploadURLExternal', {
      body: { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'chat:write' },
    });
    const error = await uploadFile(api(), {
      channelId: 'C1',
      filename: 'a.csv',
      title: 't',
      bytes: Buffer.from('x'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackCallError);
    expect(error).toMatchObject({ kind: 'missing_scope', needed: 'files:write' });
    expect(fake.received('upload_url')).toBe(0);
    expect(fake.received('files.completeUploadExternal')).toBe(0);
  });

  it('opens the DM with conversations.open', async () => {
    expect(await openDirectMessage(api(), 'U42')).toBe('DU42');
    expect(fake.callsTo('conversations.open')[0]?.args).toMatchObject({ users: 'U42' });
  });

  it('decides where a file goes', () => {
    const channel: Target = {
      userId: 'U1',
      channelId: 'C1',
      isDm: false,
      threadTs: '9.9',
      publicVia: 'post',
    };
    expect(filePlacement('public', channel)).toEqual({ kind: 'here', channelId: 'C1', threadTs: '9.9' });
    expect(filePlacement('private', channel)).toEqual({ kind: 'dm', tellUser: true });
    expect(filePlacement('private', { ...channel, channelId: 'D1', isDm: true })).toEqual({
      kind: 'here',
      channelId: 'D1',
      threadTs: '9.9',
    });
    expect(filePlacement('public', { userId: 'U1', isDm: true, publicVia: 'post' })).toEqual({
      kind: 'dm',
      tellUser: false,
    });
  });

  it('shares a public reply’s file in its channel thread, after the message', async () => {
    const target: Target = { userId: 'U1', channelId: 'C1', isDm: false, threadTs: '5.5', publicVia: 'post' };
    await deliver(deps(), fileReply('public'), target, { language: 'en' });
    const [post] = fake.callsTo('chat.postMessage');
    const [shared] = fake.sharedFiles();
    expect(shared?.shared).toMatchObject({ channelId: 'C1', threadTs: '5.5', title: 'Visits 2030 as CSV' });
    expect(shared?.bytes?.equals(Buffer.from('\uFEFFid;title\r\n1;Å\r\n', 'utf8'))).toBe(true);
    expect(post!.seq).toBeLessThan(shared!.shared!.seq);
    expect(fake.received('conversations.open')).toBe(0);
    // The message keeps a short line naming the file.
    expect(texts(post?.args.blocks).join('\n')).toContain('📎 Visits 2030 as CSV (ansvar-visits-2030.csv');
  });

  it('sends the file to the DM when the bot is not in the channel, and says so privately', async () => {
    fake.script('files.completeUploadExternal', { body: { ok: false, error: 'not_in_channel' } });
    const target: Target = { userId: 'U1', channelId: 'C1', isDm: false, publicVia: 'post' };
    await deliver(deps(), fileReply('public'), target, { language: 'sv' });
    expect(fake.sharedFiles().map((f) => f.shared?.channelId)).toEqual(['DU1']);
    const [note] = fake.callsTo('chat.postEphemeral');
    expect(note?.args).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(String(note?.args.text)).toContain('direktmeddelande');
  });

  it('escapes a hostile file title everywhere it is mrkdwn', async () => {
    const responseUrl = fake.responseUrl('hostile');
    const target = slashCommandInChannel(responseUrl);
    await deliver(deps(), fileReply('private', HOSTILE), target, { language: 'en' });
    const shared = fake.sharedFiles()[0]?.shared;
    expect(shared?.channelId).toBe('DU1');
    // The title of a Slack file is plain text; the comment posted with it is mrkdwn and escaped.
    expect(shared?.title).toBe(HOSTILE);
    expect(shared?.initialComment).toContain('&lt;!channel&gt;');
    const everything = [
      shared?.initialComment ?? '',
      ...fake.responsesTo('hostile').flatMap((r) => texts(r.body)),
    ].join('\n');
    expect(everything).toContain('&lt;!channel&gt;');
    expect(everything).not.toMatch(/<!channel>|<@U999>|<https:/);
    expect(everything).not.toContain('*Visits*');
    const rendered = renderMessages(fileReply('private', HOSTILE), { language: 'en' });
    expect(texts(rendered).join('\n')).not.toMatch(/<!channel>|<@U999>/);
  });

  it('tells the user privately when the upload fails, and keeps the message', async () => {
    fake.script('files.getUploadURLExternal', {
      body: { ok: false, error: 'missing_scope', needed: 'files:write' },
    });
    const responseUrl = fake.responseUrl('nofile');
    const target = slashCommandInChannel(responseUrl);
    await deliver(deps(), fileReply('private'), target, { language: 'en' });
    const [message, note] = fake.responsesTo('nofile').map((r) => r.body as Json);
    expect(texts(message).join('\n')).toContain('2030: 1 visit.');
    expect(note?.response_type).toBe('ephemeral');
    expect(note?.text).toContain('`files:write`');
    expect(note?.text).toContain('ansvar visits export');
    expect(note?.text).not.toMatch(/\n\s+at |Error/);
    expect(logs.some((l) => l.msg === 'could not upload a file to Slack')).toBe(true);
  });

  it('words the failure notes by cause', () => {
    const scope = failureNote(
      new SlackCallError('conversations.open', 'missing_scope'),
      'ansvar-visits-2030.ics',
      'sv',
    );
    expect(scope).toContain('`im:write`');
    expect(scope).toContain('ansvar visits export');
    expect(
      failureNote(new SlackCallError('files.x', 'missing_scope', undefined, false, '<!here>'), 'a.csv', 'en'),
    ).toContain('`files:write`');
    expect(
      failureNote(
        new SlackCallError('files.completeUploadExternal', 'timeout', undefined, true),
        'a.csv',
        'en',
      ),
    ).toMatch(/could not confirm/);
    expect(failureNote(new SlackCallError('x', 'bad `<!channel>`'), 'a.csv', 'en')).not.toContain(
      '<!channel>',
    );
    expect(failureNote(new Error('boom\n    at secret.ts:1'), 'a.csv', 'en')).not.toMatch(/boom|secret/);
  });
});
