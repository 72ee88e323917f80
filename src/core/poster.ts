import type { Reply } from './reply.js';
import type { Platform } from './turn.js';

/** Posts a message to a channel unprompted (the weekly digest). Each platform adapter provides one. */
export interface Poster {
  readonly platform: Platform;
  post(channelId: string, reply: Reply): Promise<{ messageId?: string }>;
}

/**
 * What a failed post may have left in the channel: `no` when the failure proves nothing was posted
 * (refused, rate limited, connection refused), `unknown` when it may have been (a timeout, a dropped
 * connection or a server error after the request was sent), `partial` when some parts of a message
 * split in several were posted. Only `no` may be retried without risking a second copy.
 */
export type PostDelivery = 'no' | 'unknown' | 'partial';

/** Thrown by a Poster when a post fails, saying whether anything may have reached the channel. */
export class PostError extends Error {
  override name = 'PostError';
  constructor(
    message: string,
    readonly delivered: PostDelivery,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** How far a failed post may have got; anything but a PostError counts as `unknown`. */
export function postDelivery(error: unknown): PostDelivery {
  return error instanceof PostError ? error.delivered : 'unknown';
}
