import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { findFiles, type Reply } from '../../../src/core/reply.js';
import type { Store } from '../../../src/store/database.js';
import { savePendingFile } from '../../../src/store/pending-files.js';
import { PLATFORM } from '../conversation-reference.js';
import { fileConsentAttachment } from '../render/file-cards.js';

export interface OfferDeps {
  store: Store;
  log: Logger;
  now: Date;
}

/**
 * Offers each file of a reply with a file consent card in the current 1:1 chat (the reply's own
 * card, sent before, keeps the file's line as its description). The content waits in the database
 * for the user's accept, which any replica may receive. Returns how many files were offered.
 */
export async function offerFiles(
  context: TurnContext,
  reply: Reply,
  userId: string,
  deps: OfferDeps,
): Promise<number> {
  const conversationId = context.activity.conversation?.id;
  if (!conversationId) return 0;
  let offered = 0;
  for (const file of findFiles(reply)) {
    const size = Buffer.byteLength(file.content, 'utf8');
    if (size === 0) continue;
    const pending = await savePendingFile(
      deps.store,
      {
        platform: PLATFORM,
        userId,
        conversationId,
        name: file.name,
        mimeType: file.mimeType,
        content: file.content,
        language: reply.language ?? 'en',
      },
      deps.now,
    );
    await context.sendActivity({
      type: 'message',
      attachments: [fileConsentAttachment(file, size, pending.id)],
    });
    offered++;
  }
  if (offered > 0) deps.log.info({ offered, conversationId }, 'teams: offered files for consent');
  return offered;
}
