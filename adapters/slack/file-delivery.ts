import type { types as slack } from '@slack/bolt';
import type { Language } from '../../src/core/language.js';
import { findFiles, type Block, type Reply } from '../../src/core/reply.js';
import type { Target } from './delivery.js';
import type { SlackDeps } from './deps.js';
import { openDirectMessage, uploadFile } from './file-upload.js';
import { truncate } from './render/limits.js';
import { escapeMrkdwn, userText } from './render/mrkdwn.js';
import { SlackCallError, UNREACHABLE_KINDS } from './slack-api.js';

type FileBlock = Extract<Block, { type: 'file' }>;

/** Larger files are not uploaded (the CLI exports any size). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Slack shows at most this much of a file's title. */
const TITLE_LIMIT = 250;

class FileTooLargeError extends Error {}

/** Where a reply's file goes: the reply's own conversation, or the user's DM with the bot. */
export type FilePlacement =
  { kind: 'here'; channelId: string; threadTs?: string } | { kind: 'dm'; tellUser: boolean };

/**
 * Public replies share the file where they were posted (in their thread); private replies outside
 * a DM cannot carry a file (Slack has no ephemeral files), so it goes to the user's DM and a private
 * note says so. The App Home tab has no conversation: its files go to the DM too.
 */
export function filePlacement(visibility: Reply['visibility'], target: Target): FilePlacement {
  if (!target.channelId) return { kind: 'dm', tellUser: false };
  if (target.isDm || visibility === 'public')
    return {
      kind: 'here',
      channelId: target.channelId,
      ...(target.threadTs ? { threadTs: target.threadTs } : {}),
    };
  return { kind: 'dm', tellUser: true };
}

const TEXTS = {
  en: {
    sentToDm: (name: string) => `I sent the file ${name} to you in a direct message.`,
    cli: 'An operator can produce it on the server with the command line: `ansvar visits export`.',
    missingScope: (name: string, scope: string) =>
      `I could not send the file ${name}: the Slack app lacks the permission \`${scope}\`. Ask a Slack admin to add it to the app and reinstall it.`,
    unknown: (name: string) => `I could not confirm that the file ${name} arrived. If it is missing:`,
    tooLarge: (name: string) => `The file ${name} is too large to send in Slack.`,
    failed: (name: string, kind: string) => `I could not send the file ${name} (Slack said \`${kind}\`).`,
  },
  sv: {
    sentToDm: (name: string) => `Jag skickade filen ${name} till dig i ett direktmeddelande.`,
    cli: 'En driftansvarig kan ta fram den på servern från kommandoraden: `ansvar visits export`.',
    missingScope: (name: string, scope: string) =>
      `Jag kunde inte skicka filen ${name}: Slack-appen saknar behörigheten \`${scope}\`. Be en Slack-administratör lägga till den i appen och installera om den.`,
    unknown: (name: string) => `Jag kunde inte bekräfta att filen ${name} kom fram. Om den saknas:`,
    tooLarge: (name: string) => `Filen ${name} är för stor för att skicka i Slack.`,
    failed: (name: string, kind: string) =>
      `Jag kunde inte skicka filen ${name} (Slack svarade \`${kind}\`).`,
  },
} as const;

/** The scope a refused call needs, from Slack's `needed` when it is a plain scope list, else by method. */
export function neededScope(error: SlackCallError): string {
  if (error.needed && /^[a-z_]+(?::[a-z_.]+)?(?:,[a-z_]+(?::[a-z_.]+)?)*$/.test(error.needed))
    return error.needed;
  return error.method === 'conversations.open' ? 'im:write' : 'files:write';
}

/** The private note after a failed upload: what went wrong in a line, and the CLI that makes the file. */
export function failureNote(error: unknown, fileName: string, language: Language): string {
  const t = TEXTS[language];
  const name = `\`${escapeMrkdwn(fileName)}\``;
  let first: string;
  if (error instanceof FileTooLargeError) first = t.tooLarge(name);
  else if (error instanceof SlackCallError && error.kind === 'missing_scope')
    first = t.missingScope(name, neededScope(error));
  else if (error instanceof SlackCallError && error.outcomeUnknown) first = t.unknown(name);
  else {
    const kind = error instanceof SlackCallError ? error.kind : 'error';
    first = t.failed(name, escapeMrkdwn(truncate(kind.replace(/[`\s]/g, ''), 60)));
  }
  return `${first} ${t.cli}`;
}

/**
 * Uploads each file block of a reply after its messages were posted (see filePlacement). A file that
 * cannot be sent costs only itself: the user gets a short private note, the error is logged, and
 * the rest of the reply is untouched. Never throws.
 */
export async function deliverFiles(
  deps: SlackDeps,
  reply: Reply,
  target: Target,
  language: Language,
): Promise<void> {
  for (const file of findFiles(reply)) {
    try {
      await deliverFile(deps, file, reply.visibility, target, language);
    } catch (error) {
      deps.log.error(
        { err: error, file: file.name, user: target.userId, channel: target.channelId },
        'could not upload a file to Slack',
      );
      await privateNote(deps, target, failureNote(error, file.name, language));
    }
  }
}

async function deliverFile(
  deps: SlackDeps,
  file: FileBlock,
  visibility: Reply['visibility'],
  target: Target,
  language: Language,
): Promise<void> {
  const bytes = Buffer.from(file.content, 'utf8');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new FileTooLargeError(`${file.name}: ${bytes.length} bytes`);
  const upload = { filename: file.name, title: truncate(file.title, TITLE_LIMIT), bytes };
  const placement = filePlacement(visibility, target);
  let tellUser = placement.kind === 'dm' && placement.tellUser;
  if (placement.kind === 'here') {
    try {
      await uploadFile(deps.api, {
        ...upload,
        channelId: placement.channelId,
        ...(placement.threadTs ? { threadTs: placement.threadTs } : {}),
      });
      return;
    } catch (error) {
      if (!(error instanceof SlackCallError) || !UNREACHABLE_KINDS.has(error.kind)) throw error;
      deps.log.info(
        { kind: error.kind, channel: placement.channelId },
        'cannot share the file there; sending it to the DM',
      );
      tellUser = true;
    }
  }
  const dm = await openDirectMessage(deps.api, target.userId);
  // The DM has no other context: the title (plain text the bot did not write) says what the file is.
  await uploadFile(deps.api, { ...upload, channelId: dm, initialComment: userText(upload.title) });
  if (tellUser) await privateNote(deps, target, TEXTS[language].sentToDm(`\`${escapeMrkdwn(file.name)}\``));
}

/**
 * A short note only the user sees, where they are: the response_url, an ephemeral message in the
 * channel, or their DM. Never throws (the note is a courtesy; its failure is logged).
 */
async function privateNote(deps: SlackDeps, target: Target, mrkdwn: string): Promise<void> {
  const blocks: slack.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }];
  const message = { text: mrkdwn, blocks };
  try {
    if (target.responseUrl) {
      await deps.api.respond(target.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        ...message,
      });
    } else if (target.channelId && !target.isDm) {
      await deps.api.call('chat.postEphemeral', {
        channel: target.channelId,
        user: target.userId,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...message,
      });
    } else {
      await deps.api.call('chat.postMessage', {
        channel: target.channelId ?? target.userId,
        ...(target.channelId && target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...message,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  } catch (error) {
    deps.log.warn({ err: error, user: target.userId }, 'could not send the note about a file');
  }
}
