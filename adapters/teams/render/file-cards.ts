import type { Block } from '../../../src/core/reply.js';

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';

export type FileBlock = Extract<Block, { type: 'file' }>;

/** What Teams hands back in the consent card's `acceptContext` / `declineContext`. */
export interface FileConsentContext {
  pendingFileId: string;
}

export interface FileConsentAttachment {
  contentType: typeof FILE_CONSENT_CONTENT_TYPE;
  name: string;
  content: {
    description: string;
    sizeInBytes: number;
    acceptContext: FileConsentContext;
    declineContext: FileConsentContext;
  };
}

/**
 * The card that asks the user to let the bot put a file into their OneDrive (Teams 1:1 chats only).
 * Teams shows the name and description as plain text.
 */
export function fileConsentAttachment(
  file: Pick<FileBlock, 'name' | 'title'>,
  sizeInBytes: number,
  pendingFileId: string,
): FileConsentAttachment {
  const context = { pendingFileId };
  return {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: file.name,
    content: {
      description: file.title.slice(0, 500),
      sizeInBytes,
      acceptContext: context,
      declineContext: { ...context },
    },
  };
}

/** Where Teams told the bot to upload, and what to call the file afterwards. */
export interface UploadInfo {
  name: string;
  uploadUrl: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

export interface FileInfoAttachment {
  contentType: typeof FILE_INFO_CONTENT_TYPE;
  contentUrl: string;
  name: string;
  content: { uniqueId: string; fileType: string };
}

/** The card that shows the uploaded file in the chat, so the user can open it. */
export function fileInfoAttachment(upload: UploadInfo): FileInfoAttachment {
  return {
    contentType: FILE_INFO_CONTENT_TYPE,
    contentUrl: upload.contentUrl,
    name: upload.name,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
  };
}
