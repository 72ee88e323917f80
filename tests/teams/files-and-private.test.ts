import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE } from '../../adapters/teams/render/file-cards.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import { mergeOrganisations } from '../../src/visits/organisations.js';
import { visitsToCsv } from '../../src/visits/visit-export.js';
import { visitsForYear } from '../../src/visits/visit-repository.js';
import type { ConnectorCall } from '../support/fake-teams-connector.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { fixture, startTeamsHarness, type Activity, type TeamsHarness } from './harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const YEAR = 2027;
const CHANNEL_THREAD = '19:intl-office@thread.tacv2;messageid=1732269200000';
const ASKER = '29:4d5e6f-user';

const card = (call: ConnectorCall): Json => call.body.attachments[0].content;
const texts = (element: Json): string[] => {
  if (Array.isArray(element)) return element.flatMap(texts);
  if (!element || typeof element !== 'object') return [];
  const own = element.type === 'TextBlock' ? [element.text as string] : [];
  return [...own, ...texts(element.items ?? []), ...texts(element.body ?? [])];
};
const cardText = (call: ConnectorCall): string => texts(card(call)).join('\n');

async function errorCount(kind: string): Promise<number> {
  const metric = await platformErrorsTotal.get();
  return metric.values.find((v) => v.labels.platform === 'teams' && v.labels.kind === kind)?.value ?? 0;
}

/**
 * Private replies and file delivery through the real server, teams-ai and botbuilder over HTTP,
 * on the application's own runtime (the real `visit export`), against the fake Bot Connector.
 */
describeEachDatabase('Teams private replies and files', (create) => {
  let database: TestDatabase;
  let h: TeamsHarness;

  beforeAll(async () => {
    database = await create();
    h = await startTeamsHarness(database, { core: 'real' });
    // Two visits in the exported year, one with letters outside ASCII, logged in a 1:1 chat.
    for (const text of [
      `visit add ${YEAR}-03-04 10:00 Alytus — Partnership follow-up`,
      `visit add ${YEAR}-05-20 Ålesund — Vänortsbesök "Möte" med Ålesund, 3 dagar`,
    ]) {
      expect((await h.post(fixture('personal-message', { text, locale: 'en-US' }))).status).toBe(200);
    }
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    h.connector.reset();
    await h.store.db.deleteFrom('pending_files').execute();
  });

  /** A channel message mentioning the bot, from Erik (the channel fixture's sender). */
  const inChannel = (text: string, changes: Activity = {}) =>
    fixture('channel-mention', { text: `<at>Ansvar</at> ${text}`, ...changes });

  /** What the export's file must hold: visitsToCsv over the year's visits, byte for byte. */
  async function expectedCsv(): Promise<Buffer> {
    const visits = await visitsForYear(h.store, { year: YEAR });
    expect(visits).toHaveLength(2);
    const organisations = mergeOrganisations(h.runtime.core.services.knowledge.organizations());
    const today = DateTime.now().setZone(h.config.timezone).toFormat('yyyy-MM-dd');
    return Buffer.from(visitsToCsv(visits, { language: 'en', today, organisations }), 'utf8');
  }

  /** Asks for the export in the channel; returns the 1:1 chat id and the consent card's attachment. */
  async function exportFromChannel(): Promise<{ personalChat: string; consent: Json }> {
    expect((await h.post(inChannel(`visit export csv ${YEAR}`))).status).toBe(200);
    const delivered = h.connector.delivered();
    expect(delivered).toHaveLength(3);
    const [summary, offer, note] = delivered;
    const personalChat = summary!.conversationId!;
    expect(personalChat).toMatch(/^a:fake-personal-/);
    expect(offer!.conversationId).toBe(personalChat);
    expect(note!.conversationId).toBe(CHANNEL_THREAD);
    const consent = offer!.body.attachments[0];
    expect(consent.contentType).toBe(FILE_CONSENT_CONTENT_TYPE);
    return { personalChat, consent };
  }

  function consentInvoke(
    personalChat: string,
    value: Json,
    from: Activity = { id: ASKER, name: 'Erik Berg' },
  ) {
    const base = fixture('personal-message');
    return {
      ...base,
      type: 'invoke',
      name: 'fileConsent/invoke',
      text: undefined,
      locale: 'en-US',
      from,
      conversation: { ...base.conversation, id: personalChat },
      replyToId: 'consent-card-id',
      value: { type: 'fileUpload', ...value },
    };
  }

  const uploadInfo = (name = `ansvar-visits-${YEAR}.csv`) => ({
    name,
    uploadUrl: h.connector.uploadUrl(`session-${Math.random().toString(36).slice(2)}`),
    contentUrl: `https://contoso-my.sharepoint.com/personal/erik/Documents/Applications/Ansvar/${name}`,
    uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C8C',
    fileType: 'csv',
  });

  async function pendingCount(): Promise<number> {
    const row = await h.store.db
      .selectFrom('pending_files')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('sends a channel export to a 1:1 chat with a consent card, and only a note into the channel', async () => {
    const expected = await expectedCsv();
    const { personalChat, consent } = await exportFromChannel();

    const [created] = h.connector.callsOf('create');
    expect(created!.body).toMatchObject({
      isGroup: false,
      bot: { id: '28:00000000-0000-0000-0000-0000000000b0' },
      members: [{ id: ASKER, name: 'Erik Berg' }],
      tenantId: '00000000-0000-0000-0000-0000000000t1',
      channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000t1' } },
    });
    // New messages in the 1:1 chat, not replies to an activity there.
    const [summary, , note] = h.connector.delivered();
    expect(summary!.kind).toBe('send');
    expect(cardText(summary!)).toContain(`ansvar-visits-${YEAR}.csv`);

    expect(consent.name).toBe(`ansvar-visits-${YEAR}.csv`);
    expect(consent.content.sizeInBytes).toBe(expected.length);
    expect(consent.content.acceptContext.pendingFileId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(consent.content.declineContext).toEqual(consent.content.acceptContext);

    // The channel sees the note, as a reply in the thread, and nothing of the export.
    expect(note!.kind).toBe('reply');
    expect(texts(card(note!))).toEqual(['I sent you the reply in a private chat.']);
    const inChannelCalls = h.connector.calls.filter((c) => c.conversationId?.startsWith('19:'));
    expect(inChannelCalls).toHaveLength(1);
    expect(JSON.stringify(inChannelCalls[0]!.body)).not.toMatch(/ansvar-visits|Alytus|FileConsent/i);

    const stored = await h.store.db
      .selectFrom('pending_files')
      .selectAll()
      .where('id', '=', consent.content.acceptContext.pendingFileId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ platform: 'teams', user_id: ASKER, conversation_id: personalChat });
    expect(Buffer.from(stored.content, 'utf8').equals(expected)).toBe(true);
  });

  it('uploads exactly the CSV bytes (BOM included) on accept, shows the file, and only once', async () => {
    const expected = await expectedCsv();
    expect([...expected.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { personalChat, consent } = await exportFromChannel();
    h.connector.reset();
    const info = uploadInfo();
    const accept = consentInvoke(personalChat, {
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: info,
    });
    const response = await h.post(accept);
    expect(response.status).toBe(200);

    const uploads = h.connector.callsOf('upload');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.path).toBe(new URL(info.uploadUrl).pathname);
    expect(uploads[0]!.raw.equals(expected)).toBe(true);
    expect(uploads[0]!.headers['content-range']).toBe(`bytes 0-${expected.length - 1}/${expected.length}`);
    expect(uploads[0]!.headers['content-length']).toBe(String(expected.length));

    const [shown] = h.connector.delivered();
    expect(shown!.conversationId).toBe(personalChat);
    expect(shown!.body.attachments).toEqual([
      {
        contentType: FILE_INFO_CONTENT_TYPE,
        contentUrl: info.contentUrl,
        name: info.name,
        content: { uniqueId: info.uniqueId, fileType: 'csv' },
      },
    ]);
    expect(await pendingCount()).toBe(0);

    // The same accept again (another click, a new invoke id): nothing is uploaded twice.
    h.connector.reset();
    expect((await h.post({ ...accept, id: undefined })).status).toBe(200);
    expect(h.connector.callsOf('upload')).toHaveLength(0);
    expect(cardText(h.connector.delivered()[0]!)).toBe(
      'That file is no longer available. Please ask for it again.',
    );
  });

  it('drops the offer on decline and says so', async () => {
    const { personalChat, consent } = await exportFromChannel();
    h.connector.reset();
    const decline = consentInvoke(personalChat, {
      action: 'decline',
      context: consent.content.declineContext,
    });
    expect((await h.post(decline)).status).toBe(200);
    expect(h.connector.callsOf('upload')).toHaveLength(0);
    const delivered = h.connector.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.conversationId).toBe(personalChat);
    expect(cardText(delivered[0]!)).toBe('OK, I did not send the file.');
    expect(await pendingCount()).toBe(0);
  });

  it('refuses an accept from another user than the one the file was offered to', async () => {
    const { personalChat, consent } = await exportFromChannel();
    h.connector.reset();
    const accept = consentInvoke(
      personalChat,
      { action: 'accept', context: consent.content.acceptContext, uploadInfo: uploadInfo() },
      { id: '29:someone-else', name: 'Mallory' },
    );
    expect((await h.post(accept)).status).toBe(200);
    expect(h.connector.callsOf('upload')).toHaveLength(0);
    expect(cardText(h.connector.delivered()[0]!)).toBe('That file was offered to someone else.');
    // Still there for the user it was made for.
    expect(await pendingCount()).toBe(1);
  });

  it('answers an expired or unknown offer with a clear message and uploads nothing', async () => {
    const { personalChat, consent } = await exportFromChannel();
    await h.store.db
      .updateTable('pending_files')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', consent.content.acceptContext.pendingFileId)
      .execute();
    h.connector.reset();
    const accept = (pendingFileId: string) =>
      consentInvoke(personalChat, { action: 'accept', context: { pendingFileId }, uploadInfo: uploadInfo() });
    expect((await h.post(accept(consent.content.acceptContext.pendingFileId))).status).toBe(200);
    expect(cardText(h.connector.delivered()[0]!)).toBe(
      'That file offer has expired. Please ask for it again.',
    );
    expect(await pendingCount()).toBe(0);

    h.connector.reset();
    expect((await h.post(accept('A'.repeat(43)))).status).toBe(200);
    expect((await h.post(accept('../../etc/passwd'))).status).toBe(200);
    expect(h.connector.delivered().map(cardText)).toEqual([
      'That file is no longer available. Please ask for it again.',
      'That file is no longer available. Please ask for it again.',
    ]);
    expect(h.connector.callsOf('upload')).toHaveLength(0);
  });

  it('does not upload to a non-loopback URL without credentials', async () => {
    const { personalChat, consent } = await exportFromChannel();
    h.connector.reset();
    const info = { ...uploadInfo(), uploadUrl: 'https://upload.example.org/session' };
    const accept = consentInvoke(personalChat, {
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: info,
    });
    expect((await h.post(accept)).status).toBe(200);
    expect(h.connector.callsOf('upload')).toHaveLength(0);
    expect(h.connector.delivered().map(cardText)).toEqual([
      'The file could not be uploaded to your OneDrive. Please ask for it again.',
    ]);
  });

  it('never posts a private reply into the channel when the 1:1 chat cannot be opened', async () => {
    const before = await errorCount('private_chat');
    h.connector.failNext({
      status: 403,
      body: { error: { code: 'Forbidden', message: 'bot not installed' } },
    });
    expect((await h.post(inChannel(`visit export csv ${YEAR}`, { locale: 'sv-SE' }))).status).toBe(200);
    expect(h.connector.callsOf('create')).toHaveLength(1);
    const delivered = h.connector.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.conversationId).toBe(CHANNEL_THREAD);
    expect(texts(card(delivered[0]!))).toEqual([
      'Det svaret är bara för dig, men jag kunde inte öppna en privat chatt med dig. Skriv direkt till mig (lägg till Ansvar som personlig app) och fråga igen.',
    ]);
    expect(JSON.stringify(delivered[0]!.body)).not.toMatch(/ansvar-visits|Alytus/);
    expect(await pendingCount()).toBe(0);
    expect(await errorCount('private_chat')).toBe(before + 1);
  });

  it('sends help asked in a channel privately too, with the note in Swedish for a Swedish user', async () => {
    expect((await h.post(inChannel('hjälp', { locale: 'sv-SE' }))).status).toBe(200);
    const [help, note] = h.connector.delivered();
    expect(help!.conversationId).toMatch(/^a:fake-personal-/);
    expect(cardText(help!)).toContain('Så här använder du Ansvar');
    expect(note!.conversationId).toBe(CHANNEL_THREAD);
    expect(texts(card(note!))).toEqual(['Jag skickade svaret till dig i en privat chatt.']);
  });

  it('keeps public replies (answers) in the channel', async () => {
    expect((await h.post(inChannel('who signs partner agreements?'))).status).toBe(200);
    expect(h.connector.callsOf('create')).toHaveLength(0);
    const delivered = h.connector.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.conversationId).toBe(CHANNEL_THREAD);
  });

  it('offers the file in place in a 1:1 chat, without creating a conversation', async () => {
    const expected = await expectedCsv();
    const ask = fixture('personal-message', { text: `visit export csv ${YEAR}`, locale: 'en-US' });
    expect((await h.post(ask)).status).toBe(200);
    expect(h.connector.callsOf('create')).toHaveLength(0);
    const [summary, offer] = h.connector.delivered();
    expect(summary!.conversationId).toBe('a:1Xyz-personal-chat');
    expect(offer!.conversationId).toBe('a:1Xyz-personal-chat');
    expect(offer!.body.attachments[0].contentType).toBe(FILE_CONSENT_CONTENT_TYPE);
    expect(offer!.body.attachments[0].content.sizeInBytes).toBe(expected.length);
    const stored = await h.store.db.selectFrom('pending_files').select('user_id').executeTakeFirstOrThrow();
    expect(stored.user_id).toBe('29:1a2b3c-user');
  });
});
