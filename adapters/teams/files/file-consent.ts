import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Language } from '../../../src/core/language.js';
import { platformErrorsTotal } from '../../../src/observability/metrics.js';
import type { Store } from '../../../src/store/database.js';
import { deletePendingFile, findPendingFile } from '../../../src/store/pending-files.js';
import { PLATFORM } from '../conversation-reference.js';
import { deliverReply } from '../deliver.js';
import type { TeamsActivity } from '../inbound/activity.js';
import { userContext } from '../inbound/to-turn.js';
import { fileInfoAttachment } from '../render/file-cards.js';
import { noteReply, type NoteKey } from './notes.js';
import { uploadToSession } from './upload.js';

/** The value of a `fileConsent/invoke`: the user's answer to a file consent card. */
const consentSchema = z.object({
  action: z.enum(['accept', 'decline']),
  context: z
    .object({ pendingFileId: z.string().max(100) })
    .passthrough()
    .nullish(),
  uploadInfo: z
    .object({
      name: z.string().min(1).max(512),
      uploadUrl: z.string().min(1).max(4096),
      contentUrl: z.string().min(1).max(4096),
      uniqueId: z.string().min(1).max(512),
      fileType: z.string().max(64),
    })
    .passthrough()
    .nullish(),
});

export interface FileConsentDeps {
  store: Store;
  log: Logger;
  now: Date;
  /** TEAMS_DEV_ANONYMOUS: uploads go to loopback URLs only. */
  anonymous: boolean;
}

/**
 * Handles the user's accept or decline of a file consent card. Accept: the offer must exist, be
 * unexpired and have been made to this user; its bytes are PUT to the upload session Teams opened
 * and a file info card shows the file. The offer is removed before uploading, so it is used once.
 * Every outcome ends in a message to the user; the invoke itself is answered 200 by the caller.
 */
export async function handleFileConsent(
  context: TurnContext,
  activity: TeamsActivity,
  deps: FileConsentDeps,
): Promise<void> {
  const { store, log, now } = deps;
  const userLanguage: Language = userContext(activity).locale?.toLowerCase().startsWith('sv') ? 'sv' : 'en';
  const note = (key: NoteKey, language: Language = userLanguage) =>
    deliverReply(context, noteReply(key, language), { store, log, now });

  const parsed = consentSchema.safeParse(activity.value);
  const userId = activity.from?.id;
  if (!parsed.success || !userId) {
    log.warn('teams: file consent invoke of an unexpected shape');
    await note('fileGone');
    return;
  }
  const { action, context: offer, uploadInfo } = parsed.data;
  const lookup = offer ? await findPendingFile(store, PLATFORM, offer.pendingFileId, now) : undefined;
  if (!lookup || lookup.status === 'unknown') {
    await note(action === 'decline' ? 'fileDeclined' : 'fileGone');
    return;
  }
  if (lookup.status === 'expired') {
    await note(action === 'decline' ? 'fileDeclined' : 'fileExpired', lookup.language);
    return;
  }
  const file = lookup.file;
  if (file.userId !== userId) {
    log.warn(
      { pendingFileId: file.id },
      'teams: a file consent answer from a user the file was not offered to',
    );
    await note('fileNotYours');
    return;
  }
  if (action === 'decline') {
    await deletePendingFile(store, file.id);
    await note('fileDeclined', file.language);
    return;
  }
  if (!uploadInfo) {
    log.warn({ pendingFileId: file.id }, 'teams: file consent accepted without upload info');
    await note('uploadFailed', file.language);
    return;
  }
  // Whoever removes the offer uploads it: a second accept (another replica, a double click) does not.
  if (!(await deletePendingFile(store, file.id))) {
    await note('fileGone', file.language);
    return;
  }
  try {
    await uploadToSession(uploadInfo.uploadUrl, Buffer.from(file.content, 'utf8'), {
      anonymous: deps.anonymous,
    });
  } catch (error) {
    platformErrorsTotal.inc({ platform: PLATFORM, kind: 'file_upload' });
    log.warn({ reason: (error as Error).message }, 'teams: uploading an accepted file failed');
    await note('uploadFailed', file.language);
    return;
  }
  await context.sendActivity({ type: 'message', attachments: [fileInfoAttachment(uploadInfo)] });
  log.info({ name: file.name }, 'teams: file uploaded after consent');
}
