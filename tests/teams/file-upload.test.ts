import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uploadToSession, uploadUrlAllowed, UploadError } from '../../adapters/teams/files/upload.js';
import { fileConsentAttachment, fileInfoAttachment } from '../../adapters/teams/render/file-cards.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.js';

describe('Teams file upload', () => {
  let fake: FakeTeamsConnector;
  beforeAll(async () => {
    fake = await startFakeTeamsConnector();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('allows https upload URLs with credentials, and only loopback ones without', () => {
    expect(uploadUrlAllowed('https://contoso-my.sharepoint.com/upload?x=1', false)).toBe(true);
    expect(uploadUrlAllowed('http://contoso-my.sharepoint.com/upload', false)).toBe(false);
    expect(uploadUrlAllowed('https://user:pw@contoso-my.sharepoint.com/upload', false)).toBe(false);
    expect(uploadUrlAllowed('file:///etc/passwd', false)).toBe(false);
    expect(uploadUrlAllowed('not a url', false)).toBe(false);
    expect(uploadUrlAllowed('https://contoso-my.sharepoint.com/upload', true)).toBe(false);
    expect(uploadUrlAllowed('http://127.0.0.1:9/upload', true)).toBe(true);
  });

  it('PUTs the bytes in Content-Range fragments that add up to the file', async () => {
    const bytes = Buffer.from('\uFEFFid;title\r\n1;Ålesund\r\n2;Alytus\r\n', 'utf8');
    await uploadToSession(fake.uploadUrl('s1'), bytes, { anonymous: true, fragmentBytes: 16 });
    const uploads = fake.callsOf('upload');
    expect(uploads.map((u) => u.headers['content-range'])).toEqual([
      `bytes 0-15/${bytes.length}`,
      `bytes 16-31/${bytes.length}`,
      `bytes 32-${bytes.length - 1}/${bytes.length}`,
    ]);
    expect(Buffer.concat(uploads.map((u) => u.raw)).equals(bytes)).toBe(true);
  });

  it('fails with the status when the upload session refuses', async () => {
    fake.failNext({ status: 413 });
    const error = await uploadToSession(fake.uploadUrl('s2'), Buffer.from('x'), { anonymous: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).status).toBe(413);
  });

  it('renders the consent and info cards Teams expects', () => {
    expect(
      fileConsentAttachment({ name: 'ansvar-visits-2026.csv', title: 'Visits 2026 (CSV)' }, 1234, 'id-1'),
    ).toEqual({
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: 'ansvar-visits-2026.csv',
      content: {
        description: 'Visits 2026 (CSV)',
        sizeInBytes: 1234,
        acceptContext: { pendingFileId: 'id-1' },
        declineContext: { pendingFileId: 'id-1' },
      },
    });
    expect(
      fileInfoAttachment({
        name: 'a.csv',
        uploadUrl: 'https://u',
        contentUrl: 'https://c',
        uniqueId: 'U1',
        fileType: 'csv',
      }),
    ).toEqual({
      contentType: 'application/vnd.microsoft.teams.card.file.info',
      contentUrl: 'https://c',
      name: 'a.csv',
      content: { uniqueId: 'U1', fileType: 'csv' },
    });
  });
});
