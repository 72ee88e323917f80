import { expect, it } from 'vitest';
import {
  deletePendingFile,
  findPendingFile,
  PENDING_FILE_TTL_MS,
  purgeExpiredPendingFiles,
  savePendingFile,
  type NewPendingFile,
} from '../../src/store/pending-files.js';
import { describeEachDatabase, freshStorePerTest } from '../support/databases.js';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

const csv = '\uFEFFid;title\r\n1;Vänortsbesök i Ålesund "Möte"\r\n';
const offer: NewPendingFile = {
  platform: 'teams',
  userId: '29:1a2b3c-user',
  conversationId: 'a:1Xyz-personal-chat',
  name: 'ansvar-visits-2026.csv',
  mimeType: 'text/csv; charset=utf-8',
  content: csv,
  language: 'sv',
};

describeEachDatabase('pending files', (create) => {
  const store = freshStorePerTest(create);

  it('keeps the content exactly and finds it by its random id until it expires', async () => {
    const saved = await savePendingFile(store, offer, NOW);
    expect(saved.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(saved.expiresAt).toBe(later(PENDING_FILE_TTL_MS).toISOString());
    const found = await findPendingFile(store, 'teams', saved.id, later(PENDING_FILE_TTL_MS - 1));
    expect(found).toEqual({ status: 'found', file: saved });
    if (found.status === 'found') expect(Buffer.from(found.file.content).equals(Buffer.from(csv))).toBe(true);

    const other = await savePendingFile(store, offer, NOW);
    expect(other.id).not.toBe(saved.id);
  });

  it('reports an expired offer once, in its language, and removes it', async () => {
    const saved = await savePendingFile(store, offer, NOW, 1000);
    expect(await findPendingFile(store, 'teams', saved.id, later(1000))).toEqual({
      status: 'expired',
      language: 'sv',
    });
    expect(await findPendingFile(store, 'teams', saved.id, later(1000))).toEqual({ status: 'unknown' });
  });

  it('does not find ids of another platform or of the wrong shape', async () => {
    const saved = await savePendingFile(store, offer, NOW);
    expect(await findPendingFile(store, 'slack', saved.id, NOW)).toEqual({ status: 'unknown' });
    expect(await findPendingFile(store, 'teams', `${saved.id}x`, NOW)).toEqual({ status: 'unknown' });
    expect(await findPendingFile(store, 'teams', "' or 1=1 --", NOW)).toEqual({ status: 'unknown' });
  });

  it('lets exactly one caller remove an offer', async () => {
    const saved = await savePendingFile(store, offer, NOW);
    const results = await Promise.all([
      deletePendingFile(store, saved.id),
      deletePendingFile(store, saved.id),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await findPendingFile(store, 'teams', saved.id, NOW)).toEqual({ status: 'unknown' });
  });

  it('purges expired offers, also when a new one is saved', async () => {
    await savePendingFile(store, offer, NOW, 1000);
    const kept = await savePendingFile(store, offer, NOW, 5000);
    expect(await purgeExpiredPendingFiles(store, later(1000))).toBe(1);
    await savePendingFile(store, offer, later(6000));
    const ids = (await store.db.selectFrom('pending_files').select('id').execute()).map((r) => r.id);
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(kept.id);
  });
});
