import type { Language } from '../core/language.js';
import type { SubscribeProblem } from './subscribe-args.js';

/** The `digest` command's user-facing strings, in English and Swedish. */

const en = {
  help: [
    'digest subscribe [WEEKDAY] [HH:MM] [TZ] [org:ID]  weekly digest to this channel (default Monday 08:00)',
    'digest unsubscribe | digest preview | digest status',
  ],
  usage:
    'Usage: digest subscribe [WEEKDAY] [HH:MM] [TZ] [org:ID] · digest unsubscribe · digest preview · digest status',
  example: 'Example: digest subscribe monday 08:00 Europe/Stockholm org:region-kronoberg',
  problem(p: SubscribeProblem): string {
    switch (p.kind) {
      case 'too-many':
        return 'Too many arguments.';
      case 'repeated':
        return `Give at most one ${{ weekday: 'weekday', time: 'time', timezone: 'time zone', org: 'org:ID' }[p.what]}.`;
      case 'bad-org':
        return `'${p.word}' is not org:ID (e.g. org:region-kronoberg).`;
      case 'unknown':
        return `'${p.word}' is not a weekday, a time (HH:MM), a time zone (e.g. Europe/Stockholm) or org:ID.`;
    }
  },
  unknownOrg: (id: string, ids: string) => `There is no organisation '${id}'. Choose one of: ${ids}.`,
  ambiguousOrg: (id: string, ids: string) => `'${id}' matches several organisations: ${ids}.`,
  notPostable:
    'Digests are posted to Slack and Teams channels: subscribe from the channel that should get it.',
  notOwner: (owner: string) =>
    `This channel's digest was set up by ${owner}; only they or an admin can change or stop it. Type digest status to see it.`,
  subscribed: (when: string, zone: string, scope: string) =>
    `This channel will get the weekly digest ${when} (${zone}), for ${scope}.`,
  updated: (when: string, zone: string, scope: string) =>
    `This channel's weekly digest now comes ${when} (${zone}), for ${scope}.`,
  every: (day: string, time: string) => `every ${day} at ${time}`,
  next: (at: string) => `Next: ${at}.`,
  afterSubscribe: [
    'Type ',
    { text: 'digest preview', code: true },
    ' to see it now, ',
    { text: 'digest unsubscribe', code: true },
    ' to stop it.',
  ],
  allOrgs: 'all organisations',
  unsubscribed: 'The weekly digest for this channel is stopped.',
  noSubscription: 'This channel has no weekly digest.',
  startOne: ['Start one with ', { text: 'digest subscribe', code: true }, ' (default: Mondays at 08:00).'],
  previewOf: (when: string) => `Preview, only shown to you. This channel gets the digest ${when}.`,
  previewUnsubscribed:
    'Preview, only shown to you. This channel has no subscription; this is what it would get.',
  statusTitle: 'Weekly digest for this channel',
  stopped: 'stopped',
  field: {
    schedule: 'Schedule',
    scope: 'Scope',
    next: 'Next digest',
    last: 'Last digest',
    problems: 'Problems',
    language: 'Language',
  },
  runStatus: {
    claimed: 'being prepared',
    sending: 'being posted',
    sent: 'sent',
    pending: 'failed, will retry',
    failed: 'failed',
    unknown: 'unknown: it may or may not have been posted, so it was not re-sent',
    missed: 'missed: no server was running on the day',
    cancelled: 'cancelled: unsubscribed',
  } as Record<string, string>,
  attempts: (n: number) => `${n} attempt${n === 1 ? '' : 's'}`,
  retryAt: (at: string) => `next attempt ${at}`,
  sentAt: (at: string) => `posted ${at}`,
  none: 'none',
  languageName: { en: 'English', sv: 'Swedish' } as Record<Language, string>,
};

type Texts = typeof en;

const sv: Texts = {
  help: [
    'digest subscribe [VECKODAG] [TT:MM] [TIDSZON] [org:ID]  veckosammanfattning till kanalen (standard måndag 08:00)',
    'digest unsubscribe | digest preview | digest status',
  ],
  usage:
    'Så här: digest subscribe [VECKODAG] [TT:MM] [TIDSZON] [org:ID] · digest unsubscribe · digest preview · digest status',
  example: 'Exempel: digest subscribe måndag 08:00 Europe/Stockholm org:region-kronoberg',
  problem(p: SubscribeProblem): string {
    switch (p.kind) {
      case 'too-many':
        return 'För många argument.';
      case 'repeated':
        return `Ange högst ${{ weekday: 'en veckodag', time: 'en tid', timezone: 'en tidszon', org: 'en org:ID' }[p.what]}.`;
      case 'bad-org':
        return `'${p.word}' är inte org:ID (t.ex. org:region-kronoberg).`;
      case 'unknown':
        return `'${p.word}' är varken en veckodag, en tid (TT:MM), en tidszon (t.ex. Europe/Stockholm) eller org:ID.`;
    }
  },
  unknownOrg: (id, ids) => `Det finns ingen organisation '${id}'. Välj en av: ${ids}.`,
  ambiguousOrg: (id, ids) => `'${id}' passar flera organisationer: ${ids}.`,
  notPostable:
    'Sammanfattningen skickas till kanaler i Slack och Teams: prenumerera från kanalen som ska få den.',
  notOwner: (owner) =>
    `Kanalens sammanfattning sattes upp av ${owner}; bara hen eller en administratör kan ändra eller stoppa den. Skriv digest status för att se den.`,
  subscribed: (when, zone, scope) => `Kanalen får veckosammanfattningen ${when} (${zone}), för ${scope}.`,
  updated: (when, zone, scope) => `Kanalens veckosammanfattning kommer nu ${when} (${zone}), för ${scope}.`,
  every: (day, time) => `varje ${day} kl. ${time}`,
  next: (at) => `Nästa: ${at}.`,
  afterSubscribe: [
    'Skriv ',
    { text: 'digest preview', code: true },
    ' för att se den nu, ',
    { text: 'digest unsubscribe', code: true },
    ' för att stoppa den.',
  ],
  allOrgs: 'alla organisationer',
  unsubscribed: 'Veckosammanfattningen för kanalen är stoppad.',
  noSubscription: 'Kanalen har ingen veckosammanfattning.',
  startOne: ['Starta en med ', { text: 'digest subscribe', code: true }, ' (standard: måndagar kl. 08:00).'],
  previewOf: (when) => `Förhandsvisning, visas bara för dig. Kanalen får sammanfattningen ${when}.`,
  previewUnsubscribed:
    'Förhandsvisning, visas bara för dig. Kanalen prenumererar inte; så här skulle den se ut.',
  statusTitle: 'Veckosammanfattning för kanalen',
  stopped: 'stoppad',
  field: {
    schedule: 'Schema',
    scope: 'Omfattning',
    next: 'Nästa',
    last: 'Senaste',
    problems: 'Problem',
    language: 'Språk',
  },
  runStatus: {
    claimed: 'förbereds',
    sending: 'skickas',
    sent: 'skickad',
    pending: 'misslyckades, försöker igen',
    failed: 'misslyckades',
    unknown: 'okänt: den kan ha skickats eller inte, så den skickades inte igen',
    missed: 'missad: ingen server var igång den dagen',
    cancelled: 'avbruten: prenumerationen stoppades',
  },
  attempts: (n) => `${n} ${n === 1 ? 'försök' : 'försök'}`,
  retryAt: (at) => `nästa försök ${at}`,
  sentAt: (at) => `skickad ${at}`,
  none: 'inga',
  languageName: { en: 'engelska', sv: 'svenska' },
};

export function commandTexts(language: Language): Texts {
  return language === 'sv' ? sv : en;
}
