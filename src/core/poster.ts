import type { Reply } from './reply.js';
import type { Platform } from './turn.js';

/** Posts a message to a channel unprompted (the weekly digest). Each platform adapter provides one. */
export interface Poster {
  readonly platform: Platform;
  post(channelId: string, reply: Reply): Promise<{ messageId?: string }>;
}
