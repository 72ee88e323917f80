import { SlackCallError, type SlackApi } from './slack-api.js';

/** One file to share in one conversation. */
export interface FileUpload {
  channelId: string;
  threadTs?: string;
  /** File name with extension, as people download it. */
  filename: string;
  /** Shown on the file in Slack. */
  title: string;
  bytes: Buffer;
  /** mrkdwn posted with the file (already escaped by the caller). */
  initialComment?: string;
}

/**
 * Slack's upload flow: `files.getUploadURLExternal` (name and size) → POST the bytes to the returned
 * `upload_url` → `files.completeUploadExternal`, which shares the file in the conversation. The first
 * two steps are retried like any call (nothing is visible yet); the last is made at most once, so a
 * failure whose outcome is unknown never posts the file twice. Throws SlackCallError.
 */
export async function uploadFile(api: SlackApi, upload: FileUpload): Promise<string> {
  const ticket = await api.call('files.getUploadURLExternal', {
    filename: upload.filename,
    length: upload.bytes.length,
  });
  const uploadUrl = ticket.upload_url;
  const fileId = ticket.file_id;
  if (typeof uploadUrl !== 'string' || typeof fileId !== 'string')
    throw new SlackCallError('files.getUploadURLExternal', 'invalid_response', 'no upload_url or file_id');
  await api.uploadBytes(uploadUrl, upload.bytes);
  await api.call(
    'files.completeUploadExternal',
    {
      files: [{ id: fileId, title: upload.title }],
      channel_id: upload.channelId,
      ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
      ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
    },
    { atMostOnce: true },
  );
  return fileId;
}

/** The user's DM with the bot (`conversations.open`, scope `im:write`); throws SlackCallError. */
export async function openDirectMessage(api: SlackApi, userId: string): Promise<string> {
  const opened = await api.call('conversations.open', { users: userId });
  const channel = opened.channel as { id?: unknown } | undefined;
  if (typeof channel?.id !== 'string')
    throw new SlackCallError('conversations.open', 'invalid_response', 'no channel id');
  return channel.id;
}
