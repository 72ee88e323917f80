import { z } from 'zod';
import { LIMITS } from './render/limits.js';

/**
 * What a modal carries through Slack and back in `private_metadata` (at most 3000 characters): the
 * form's opaque state and where to post the result once the form is submitted.
 */
const metadataSchema = z.object({
  /** The form's `state` from the Reply (e.g. the id of the visit being edited). */
  state: z.string().optional(),
  /** The conversation the modal was opened from. */
  channel: z.string().optional(),
  /** The thread the result belongs in. */
  thread: z.string().optional(),
  /** The command's or button's `response_url`: answers there even where the bot is not a member. */
  responseUrl: z.string().optional(),
  /** Opened from the App Home tab: refresh it after the submission. */
  home: z.boolean().optional(),
  /** Opened from an ephemeral message: the result is shown to the submitter only. */
  private: z.boolean().optional(),
});
export type ModalMetadata = z.infer<typeof metadataSchema>;

export class MetadataTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`form state too large for a Slack modal (${size} characters of private_metadata)`);
    this.name = 'MetadataTooLargeError';
  }
}

/** Serialises the metadata, dropping the optional routing hints first when it would not fit. */
export function encodeMetadata(meta: ModalMetadata): string {
  const attempts: ModalMetadata[] = [
    meta,
    { ...meta, thread: undefined },
    { ...meta, thread: undefined, responseUrl: undefined },
  ];
  let last = '';
  for (const attempt of attempts) {
    last = JSON.stringify(attempt);
    if (last.length <= LIMITS.privateMetadata) return last;
  }
  throw new MetadataTooLargeError(last.length);
}

export function decodeMetadata(text: string | undefined): ModalMetadata {
  if (!text) return {};
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
