import { randomBytes } from 'node:crypto';
import type { Store } from './database.js';

/**
 * Files offered to a user through a consent step (Teams' file consent card) and kept in the
 * database until they are accepted, declined or expire, so whichever replica receives the answer
 * can deliver the bytes. The id is random (256 bits) because it travels through the client.
 */
export interface PendingFile {
  id: string;
  platform: string;
  userId: string;
  conversationId: string;
  name: string;
  mimeType: string;
  content: string;
  language: 'en' | 'sv';
  createdAt: string;
  expiresAt: string;
}

export type NewPendingFile = Omit<PendingFile, 'id' | 'createdAt' | 'expiresAt'>;

/** How long an offer stays open. */
export const PENDING_FILE_TTL_MS = 24 * 60 * 60 * 1000;

const ID = /^[A-Za-z0-9_-]{43}$/;

export function isPendingFileId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** Stores an offer and returns its id; expired offers are removed on the way. */
export async function savePendingFile(
  store: Store,
  file: NewPendingFile,
  now: Date = new Date(),
  ttlMs: number = PENDING_FILE_TTL_MS,
): Promise<PendingFile> {
  await purgeExpiredPendingFiles(store, now);
  const saved: PendingFile = {
    ...file,
    id: randomBytes(32).toString('base64url'),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
  };
  await store.db
    .insertInto('pending_files')
    .values({
      id: saved.id,
      platform: saved.platform,
      user_id: saved.userId,
      conversation_id: saved.conversationId,
      name: saved.name,
      mime_type: saved.mimeType,
      content: saved.content,
      language: saved.language,
      created_at: saved.createdAt,
      expires_at: saved.expiresAt,
    })
    .execute();
  return saved;
}

export type PendingFileLookup =
  | { status: 'found'; file: PendingFile }
  | { status: 'expired'; language: 'en' | 'sv' }
  | { status: 'unknown' };

/** The offer with this id on this platform; an expired one is removed and reported as such. */
export async function findPendingFile(
  store: Store,
  platform: string,
  id: string,
  now: Date = new Date(),
): Promise<PendingFileLookup> {
  if (!isPendingFileId(id)) return { status: 'unknown' };
  const row = await store.db
    .selectFrom('pending_files')
    .selectAll()
    .where('id', '=', id)
    .where('platform', '=', platform)
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  const language = row.language === 'sv' ? 'sv' : 'en';
  if (row.expires_at <= now.toISOString()) {
    await deletePendingFile(store, id);
    return { status: 'expired', language };
  }
  return {
    status: 'found',
    file: {
      id: row.id,
      platform: row.platform,
      userId: row.user_id,
      conversationId: row.conversation_id,
      name: row.name,
      mimeType: row.mime_type,
      content: row.content,
      language,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    },
  };
}

/** Removes an offer; true only for the one caller that removed it (so the bytes go out at most once). */
export async function deletePendingFile(store: Store, id: string): Promise<boolean> {
  const result = await store.db.deleteFrom('pending_files').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function purgeExpiredPendingFiles(store: Store, now: Date = new Date()): Promise<number> {
  const result = await store.db
    .deleteFrom('pending_files')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
