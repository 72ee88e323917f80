import type { Language } from '../../../src/core/language.js';
import { reply, type Reply } from '../../../src/core/reply.js';

/** The short notes the Teams adapter writes itself (private delivery and file offers), en/sv. */
const NOTES = {
  sentPrivately: {
    en: 'I sent you the reply in a private chat.',
    sv: 'Jag skickade svaret till dig i en privat chatt.',
  },
  messageMeDirectly: {
    en: 'That reply is only for you, but I could not open a private chat with you. Please message me directly (add Ansvar as a personal app) and ask again.',
    sv: 'Det svaret är bara för dig, men jag kunde inte öppna en privat chatt med dig. Skriv direkt till mig (lägg till Ansvar som personlig app) och fråga igen.',
  },
  fileDeclined: {
    en: 'OK, I did not send the file.',
    sv: 'OK, jag skickade inte filen.',
  },
  fileGone: {
    en: 'That file is no longer available. Please ask for it again.',
    sv: 'Den filen finns inte längre. Be om den igen.',
  },
  fileExpired: {
    en: 'That file offer has expired. Please ask for it again.',
    sv: 'Erbjudandet om filen har gått ut. Be om den igen.',
  },
  fileNotYours: {
    en: 'That file was offered to someone else.',
    sv: 'Den filen erbjöds någon annan.',
  },
  uploadFailed: {
    en: 'The file could not be uploaded to your OneDrive. Please ask for it again.',
    sv: 'Filen kunde inte laddas upp till din OneDrive. Be om den igen.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type NoteKey = keyof typeof NOTES;

export function noteReply(key: NoteKey, language: Language): Reply {
  const text = NOTES[key][language];
  return reply({ text, language, blocks: [{ type: 'text', text: [text] }] });
}
