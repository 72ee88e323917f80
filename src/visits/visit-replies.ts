import { DateTime } from 'luxon';
import type { Language } from '../core/language.js';
import { plain, reply, type Block, type Button, type Reply, type Rich } from '../core/reply.js';
import type { Organisation } from './organisations.js';
import type { AssumedKind } from './visit-parser.js';
import type { ListCursor, ListFilter, VisitChange, VisitPage, YearCounts } from './visit-repository.js';
import { formatVisitPlace, formatVisitSummary, formatVisitWhen } from './visit-format.js';
import { effectiveStatus, isUnreported, type Visit } from './visit-model.js';
import { texts, type FormFieldName } from './visit-text.js';
import { countryName } from './countries.js';
import { own } from './text.js';

/** The visit register's replies: pure functions from data to the neutral Reply. */

export interface ViewContext {
  language: Language;
  viewerZone: string;
  /** YYYY-MM-DD in the viewer's zone. */
  today: string;
  /** `platform:user` of the viewer. */
  userKey: string;
  isAdmin: boolean;
  organisations: readonly Organisation[];
}

export function canChange(visit: Visit, view: Pick<ViewContext, 'userKey' | 'isAdmin'>): boolean {
  return view.isAdmin || visit.createdBy === view.userKey;
}

/** Button values carry the language so a reply to a click speaks the language of the message clicked. */
export function encodeValue(payload: string, language: Language): string {
  return language === 'sv' ? `${payload}|sv` : payload;
}

export function decodeValue(value: string): { payload: string; language?: Language } {
  const bar = value.lastIndexOf('|');
  if (bar !== -1 && value.slice(bar + 1) === 'sv') return { payload: value.slice(0, bar), language: 'sv' };
  return { payload: value };
}

export function encodeCursor(filter: ListFilter, cursor: ListCursor): string {
  return `${filter}~${cursor.startsAt}~${cursor.id}`;
}

export function decodeCursor(text: string): { filter: string; cursor: ListCursor } | undefined {
  const m = /^([a-z]+)~(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)~(\d{1,10})$/.exec(text);
  if (!m) return undefined;
  const id = Number(m[3]);
  if (!Number.isSafeInteger(id) || Number.isNaN(Date.parse(m[2]!))) return undefined;
  return { filter: m[1]!, cursor: { startsAt: m[2]!, id } };
}

const words = {
  en: {
    logged: (id: number) => `Visit #${id} logged`,
    updated: (id: number) => `Visit #${id} updated`,
    nothingChanged: (id: number) => `Nothing changed in visit #${id}.`,
    cancelled: (id: number) => `Visit #${id} cancelled. It stays in the register, marked cancelled.`,
    alreadyCancelled: (id: number) => `Visit #${id} is already cancelled.`,
    reported: (id: number, date: string) => `Visit #${id} marked as reported back on ${date}.`,
    cancelledCannotReport: (id: number) => `Visit #${id} was cancelled; there is nothing to report back.`,
    reportBeforeStart: (id: number, start: string) =>
      `The report-back date can't be before visit #${id} starts (${start}).`,
    futureReport: "The report-back date is in the future; give today's date or an earlier one.",
    notFound: (id: string) => `There is no visit #${id}.`,
    refused: (id: number) => `Only the person who logged visit #${id} or an administrator can change it.`,
    when: 'When',
    where: 'Where',
    kind: 'Kind',
    with: 'With',
    participants: 'Participants',
    purpose: 'Purpose',
    org: 'Organisation',
    status: 'Status',
    reportedOn: 'Reported back',
    notReported: 'not yet',
    loggedBy: 'Logged by',
    changes: 'Recent changes',
    edit: 'Edit',
    cancel: 'Cancel visit',
    markReported: 'Mark reported',
    details: 'Details',
    more: 'More',
    logVisit: 'Log a visit',
    myVisits: 'My visits',
    confirmTitle: 'Cancel this visit?',
    confirmText: (title: string) => `"${title}" will be marked cancelled. It stays in the register.`,
    confirmYes: 'Cancel visit',
    confirmNo: 'Keep it',
    listTitle: {
      upcoming: 'Upcoming visits',
      past: 'Past visits',
      mine: 'Visits you logged',
      unreported: 'Held visits not yet reported back',
      all: 'All visits',
    } satisfies Record<ListFilter, string>,
    empty: {
      upcoming: 'No upcoming visits.',
      past: 'No past visits.',
      mine: 'You have not logged any visits.',
      unreported: 'Every held visit has been reported back.',
      all: 'The register is empty.',
    } satisfies Record<ListFilter, string>,
    addHint: [
      'Log one with ',
      { text: 'visit add 3 dec 10:00 Vilnius — Study visit', code: true },
      ' or just ',
      { text: 'visit', code: true },
      ' for the form.',
    ] as Rich,
    couldNotLog: 'I could not log that visit:',
    couldNotSave: 'I could not save that:',
    kindAssumed: (a: AssumedKind, id: number): Rich => [
      a.kind === 'incoming' ? 'Logged as an incoming visit' : 'Logged as an outgoing trip',
      a.because === 'in-sweden'
        ? `, since ${a.place} is in Sweden`
        : a.because === 'abroad'
          ? `, since ${a.place} is outside Sweden`
          : a.because === 'unknown-place'
            ? `: I can't tell where '${a.place}' is, and that is the default`
            : ': no kind or place was given, and that is the default',
      '. Not right? Change the kind with ',
      { text: `visit edit ${id}`, code: true },
      ', or add ',
      { text: a.kind === 'incoming' ? 'kind:outgoing' : 'kind:incoming', code: true },
      ' (or ',
      { text: 'kind:digital', code: true },
      ') when logging.',
    ],
    usage: [
      'visit — open the form',
      'visit add 3 dec 10:00 Vilnius — Study visit',
      'visit add title:"Study visit" date:2026-12-03 time:10:00 tz:Europe/Vilnius with:"Alytus region" city:Alytus country:LT kind:outgoing',
      'visit list [upcoming|past|mine|unreported|all]',
      'visit show ID · visit edit ID · visit cancel ID · visit reported ID [DATE]',
      'visit export [csv|ics] [YEAR]',
    ],
    exportSummary: (year: number, c: YearCounts) =>
      `${year}: ${c.total} ${c.total === 1 ? 'visit' : 'visits'} (${c.byKind.incoming} incoming, ${c.byKind.outgoing} outgoing, ${c.byKind.digital} digital), ${c.cancelled} cancelled.`,
    exportFile: (format: string, year: number) =>
      format === 'csv'
        ? `Visits ${year} as CSV (UTF-8, semicolons; opens in Excel)`
        : `Visits ${year} as a calendar (ICS)`,
    exportTooBig: (rows: number, format: string, year: number) =>
      `${rows} rows are too many to send in chat; an operator can run: ansvar visits export --format ${format} --year ${year}`,
    topCountries: 'Most visited',
    homeUpcoming: 'Your upcoming visits',
    homeUnreported: 'Your visits waiting for a report-back',
    homeNone: 'You have no upcoming visits.',
    action: { create: 'logged', edit: 'edited', cancel: 'cancelled', reported: 'marked reported' } as Record<
      string,
      string
    >,
  },
  sv: {
    logged: (id: number) => `Besök #${id} registrerat`,
    updated: (id: number) => `Besök #${id} uppdaterat`,
    nothingChanged: (id: number) => `Inget ändrades i besök #${id}.`,
    cancelled: (id: number) => `Besök #${id} är inställt. Det finns kvar i registret, markerat som inställt.`,
    alreadyCancelled: (id: number) => `Besök #${id} är redan inställt.`,
    reported: (id: number, date: string) => `Besök #${id} är markerat som återrapporterat ${date}.`,
    cancelledCannotReport: (id: number) => `Besök #${id} ställdes in; det finns inget att återrapportera.`,
    reportBeforeStart: (id: number, start: string) =>
      `Återrapporteringen kan inte vara före besök #${id} börjar (${start}).`,
    futureReport: 'Datumet för återrapporteringen ligger i framtiden; ange dagens datum eller ett tidigare.',
    notFound: (id: string) => `Det finns inget besök #${id}.`,
    refused: (id: number) => `Bara den som registrerade besök #${id} eller en administratör kan ändra det.`,
    when: 'När',
    where: 'Var',
    kind: 'Typ',
    with: 'Med',
    participants: 'Deltagare',
    purpose: 'Syfte',
    org: 'Organisation',
    status: 'Status',
    reportedOn: 'Återrapporterat',
    notReported: 'inte än',
    loggedBy: 'Registrerat av',
    changes: 'Senaste ändringar',
    edit: 'Ändra',
    cancel: 'Ställ in besöket',
    markReported: 'Markera återrapporterat',
    details: 'Detaljer',
    more: 'Fler',
    logVisit: 'Registrera besök',
    myVisits: 'Mina besök',
    confirmTitle: 'Ställa in besöket?',
    confirmText: (title: string) => `"${title}" markeras som inställt. Det finns kvar i registret.`,
    confirmYes: 'Ställ in',
    confirmNo: 'Behåll',
    listTitle: {
      upcoming: 'Kommande besök',
      past: 'Tidigare besök',
      mine: 'Besök du registrerat',
      unreported: 'Genomförda besök som inte återrapporterats',
      all: 'Alla besök',
    },
    empty: {
      upcoming: 'Inga kommande besök.',
      past: 'Inga tidigare besök.',
      mine: 'Du har inte registrerat några besök.',
      unreported: 'Alla genomförda besök är återrapporterade.',
      all: 'Registret är tomt.',
    },
    addHint: [
      'Registrera ett med ',
      { text: 'besök add 3 dec 10:00 Vilnius — Studiebesök', code: true },
      ' eller bara ',
      { text: 'besök', code: true },
      ' för formuläret.',
    ] as Rich,
    couldNotLog: 'Jag kunde inte registrera besöket:',
    couldNotSave: 'Jag kunde inte spara det:',
    kindAssumed: (a: AssumedKind, id: number): Rich => [
      a.kind === 'incoming' ? 'Registrerat som inkommande besök' : 'Registrerat som utgående resa',
      a.because === 'in-sweden'
        ? `, eftersom ${a.place} ligger i Sverige`
        : a.because === 'abroad'
          ? `, eftersom ${a.place} ligger utanför Sverige`
          : a.because === 'unknown-place'
            ? `: jag vet inte var '${a.place}' ligger, och det är standardvalet`
            : ': ingen typ eller plats angavs, och det är standardvalet',
      '. Stämmer det inte? Ändra typen med ',
      { text: `besök edit ${id}`, code: true },
      ', eller skriv ',
      { text: a.kind === 'incoming' ? 'typ:utgående' : 'typ:inkommande', code: true },
      ' (eller ',
      { text: 'typ:digital', code: true },
      ') när du registrerar.',
    ],
    usage: [
      'besök — öppna formuläret',
      'besök add 3 dec 10:00 Vilnius — Studiebesök',
      'besök add titel:"Studiebesök" datum:2026-12-03 tid:10:00 tz:Europe/Vilnius med:"Alytus kommun" stad:Alytus land:LT typ:utgående',
      'besök list [upcoming|past|mine|unreported|all]',
      'besök show ID · besök edit ID · besök cancel ID · besök reported ID [DATUM]',
      'besök export [csv|ics] [ÅR]',
    ],
    exportSummary: (year: number, c: YearCounts) =>
      `${year}: ${c.total} besök (${c.byKind.incoming} inkommande, ${c.byKind.outgoing} utgående, ${c.byKind.digital} digitala), ${c.cancelled} inställda.`,
    exportFile: (format: string, year: number) =>
      format === 'csv'
        ? `Besök ${year} som CSV (UTF-8, semikolon; öppnas i Excel)`
        : `Besök ${year} som kalender (ICS)`,
    exportTooBig: (rows: number, format: string, year: number) =>
      `${rows} rader är för många för att skicka i chatten; en driftansvarig kan köra: ansvar visits export --format ${format} --year ${year}`,
    topCountries: 'Flest besök',
    homeUpcoming: 'Dina kommande besök',
    homeUnreported: 'Dina besök som väntar på återrapportering',
    homeNone: 'Du har inga kommande besök.',
    action: {
      create: 'registrerade',
      edit: 'ändrade',
      cancel: 'ställde in',
      reported: 'markerade återrapporterat',
    } as Record<string, string>,
  },
};

export type VisitWords = (typeof words)['en'];

export function visitWords(language: Language): VisitWords {
  return words[language];
}

function note(text: string, language: Language, visibility: 'public' | 'private' = 'private'): Reply {
  return reply({ text, language, visibility, blocks: [{ type: 'text', text: [text] }] });
}

export function notFoundReply(id: string, view: ViewContext): Reply {
  return note(visitWords(view.language).notFound(id), view.language);
}

export function refusedReply(id: number, view: ViewContext): Reply {
  return note(visitWords(view.language).refused(id), view.language);
}

export function messageReply(text: string, view: Pick<ViewContext, 'language'>): Reply {
  return note(text, view.language);
}

/** A short usage message, optionally after what went wrong; `add` shows only how to log a visit. */
export function usageReply(language: Language, problem?: string, topic: 'all' | 'add' = 'all'): Reply {
  const w = visitWords(language);
  const lines = topic === 'add' ? w.usage.slice(0, 3) : w.usage;
  const blocks: Block[] = [];
  if (problem) blocks.push({ type: 'text', text: [problem] });
  blocks.push({
    type: 'text',
    text: lines.flatMap((line, i): Rich =>
      i === 0 ? [{ text: line, code: true }] : ['\n', { text: line, code: true }],
    ),
  });
  return reply({
    text: [problem, ...lines].filter(Boolean).join('\n'),
    language,
    visibility: 'private',
    blocks,
  });
}

/** Validation errors of a text command, one `field: problem` line each, then the usage. */
export function fieldErrorsReply(
  errors: Partial<Record<FormFieldName, string>>,
  language: Language,
  editing = false,
): Reply {
  const w = visitWords(language);
  const t = texts(language);
  const lines = Object.entries(errors).map(
    ([field, message]) => `${t.field[field as FormFieldName] ?? field}: ${message}`,
  );
  return usageReply(
    language,
    `${editing ? w.couldNotSave : w.couldNotLog}\n${lines.map((l) => `• ${l}`).join('\n')}`,
    'add',
  );
}

function visitButtons(visit: Visit, view: ViewContext, options: { details?: boolean } = {}): Button[] {
  const w = visitWords(view.language);
  const id = String(visit.id);
  const buttons: Button[] = [];
  if (options.details)
    buttons.push({ label: w.details, action: 'visit.show', value: encodeValue(id, view.language) });
  if (!canChange(visit, view) || visit.status === 'cancelled') return buttons;
  if (isUnreported(visit, view.today)) {
    buttons.push({
      label: w.markReported,
      action: 'visit.reported',
      value: encodeValue(id, view.language),
      style: 'primary',
    });
  }
  if (!options.details) {
    buttons.push({ label: w.edit, action: 'visit.edit', value: encodeValue(id, view.language) });
    buttons.push({
      label: w.cancel,
      action: 'visit.cancel',
      value: encodeValue(id, view.language),
      style: 'danger',
      confirm: {
        title: w.confirmTitle,
        text: w.confirmText(visit.title),
        confirm: w.confirmYes,
        deny: w.confirmNo,
      },
    });
  }
  return buttons;
}

function detailFields(visit: Visit, view: ViewContext): { label: string; value: Rich }[] {
  const w = visitWords(view.language);
  const t = texts(view.language);
  const options = { viewerZone: view.viewerZone, language: view.language };
  const place = formatVisitPlace(visit, view.language);
  const org = visit.orgId
    ? (view.organisations.find((o) => o.id === visit.orgId)?.name ?? visit.orgId)
    : undefined;
  const fields: { label: string; value: Rich }[] = [
    { label: w.when, value: [formatVisitWhen(visit, options)] },
    ...(place ? [{ label: w.where, value: [place] }] : []),
    { label: w.kind, value: [t.kind[visit.kind]] },
    ...(visit.counterpart ? [{ label: w.with, value: [visit.counterpart] }] : []),
    ...(visit.participants ? [{ label: w.participants, value: [visit.participants] }] : []),
    ...(visit.purpose ? [{ label: w.purpose, value: [visit.purpose] }] : []),
    ...(org ? [{ label: w.org, value: [org] }] : []),
    { label: w.status, value: [t.status[effectiveStatus(visit, view.today)]] },
    { label: w.reportedOn, value: [visit.reportedOn ?? w.notReported] },
    { label: w.loggedBy, value: [visit.createdBy] },
  ];
  return fields;
}

function detailText(visit: Visit, view: ViewContext): string {
  return detailFields(visit, view)
    .map((f) => `${f.label}: ${f.value.map((p) => (typeof p === 'string' ? p : p.text)).join('')}`)
    .join('\n');
}

/** A logged or updated visit, with its buttons. */
/** The confirmation of a save; `assumedKind` (a kind the user did not give) is said, with how to change it. */
export function savedReply(
  visit: Visit,
  view: ViewContext,
  created: boolean,
  assumedKind?: AssumedKind,
): Reply {
  const w = visitWords(view.language);
  const header = created ? w.logged(visit.id) : w.updated(visit.id);
  const buttons = visitButtons(visit, view);
  const note = assumedKind ? w.kindAssumed(assumedKind, visit.id) : undefined;
  return reply({
    text: `${header}: ${visit.title}\n${detailText(visit, view)}${note ? `\n${plain(note)}` : ''}`,
    language: view.language,
    visibility: 'public',
    blocks: [
      { type: 'header', text: header },
      { type: 'text', text: [{ text: visit.title, bold: true }] },
      { type: 'fields', fields: detailFields(visit, view) },
      ...(note ? [{ type: 'context' as const, text: note }] : []),
      ...(buttons.length > 0 ? [{ type: 'buttons' as const, buttons }] : []),
    ],
  });
}

function describeChange(change: VisitChange, view: ViewContext): string {
  const w = visitWords(view.language);
  const when = DateTime.fromISO(change.changedAt, { zone: 'UTC' })
    .setZone(view.viewerZone)
    .toFormat('yyyy-MM-dd HH:mm');
  const action = own(w.action, change.action) ?? change.action;
  const fields =
    change.action === 'edit'
      ? `: ${Object.entries(change.changes)
          .slice(0, 6)
          .map(([field, [from, to]]) => `${field} ${short(from)} → ${short(to)}`)
          .join(', ')}`
      : '';
  return `${when} · ${change.changedBy} ${action}${fields}`;
}

function short(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  const text = String(value).replace(/\s+/g, ' ');
  return text.length > 30 ? `${text.slice(0, 29)}…` : text;
}

/** `visit show`: every field, the buttons the viewer may use, the latest changes. */
export function detailsReply(visit: Visit, changes: readonly VisitChange[], view: ViewContext): Reply {
  const w = visitWords(view.language);
  const buttons = visitButtons(visit, view);
  const changeLines = changes.map((c) => describeChange(c, view));
  return reply({
    text: `#${visit.id} ${visit.title}\n${detailText(visit, view)}`,
    language: view.language,
    visibility: 'private',
    blocks: [
      { type: 'header', text: `#${visit.id} ${visit.title}`.slice(0, 150) },
      { type: 'fields', fields: detailFields(visit, view) },
      ...(buttons.length > 0 ? [{ type: 'buttons' as const, buttons }] : []),
      ...(changeLines.length > 0
        ? [{ type: 'context' as const, text: [`${w.changes}:\n${changeLines.join('\n')}`] }]
        : []),
    ],
  });
}

/** A page of a list, one line per visit with its buttons, and "More" when there is a next page. */
export function listReply(filter: ListFilter, page: VisitPage, view: ViewContext): Reply {
  const w = visitWords(view.language);
  const options = { viewerZone: view.viewerZone, language: view.language, today: view.today };
  const blocks: Block[] = [{ type: 'header', text: w.listTitle[filter] }];
  if (page.visits.length === 0) {
    blocks.push({ type: 'text', text: [w.empty[filter]] });
    blocks.push({ type: 'context', text: w.addHint });
  }
  for (const visit of page.visits) {
    blocks.push({ type: 'text', text: [formatVisitSummary(visit, options)] });
    const buttons = visitButtons(visit, view, { details: true });
    if (buttons.length > 0) blocks.push({ type: 'buttons', buttons });
  }
  if (page.next) {
    blocks.push({
      type: 'buttons',
      buttons: [
        {
          label: w.more,
          action: 'visit.more',
          value: encodeValue(encodeCursor(filter, page.next), view.language),
        },
      ],
    });
  }
  const lines = page.visits.map((v) => formatVisitSummary(v, options));
  return reply({
    text: [w.listTitle[filter], ...(lines.length > 0 ? lines : [w.empty[filter]])].join('\n'),
    language: view.language,
    visibility: 'private',
    blocks,
  });
}

/** `visit export`: counts, the file inline when small, and the CLI command for the full file. */
export function exportReply(
  input: { year: number; format: 'csv' | 'ics'; counts: YearCounts; rows: number; content?: string },
  view: ViewContext,
): Reply {
  const w = visitWords(view.language);
  const summary = w.exportSummary(input.year, input.counts);
  const top = input.counts.byCountry
    .filter((c) => c.country)
    .slice(0, 5)
    .map((c) => `${countryName(c.country!, view.language)} ${c.count}`)
    .join(', ');
  const blocks: Block[] = [{ type: 'text', text: [summary] }];
  if (top) blocks.push({ type: 'text', text: [`${w.topCountries}: ${top}`] });
  const tooBig =
    input.content === undefined && input.rows > 0 ? w.exportTooBig(input.rows, input.format, input.year) : '';
  if (input.content !== undefined) {
    blocks.push({
      type: 'file',
      name: `ansvar-visits-${input.year}.${input.format}`,
      mimeType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/calendar; charset=utf-8',
      content: input.content,
      title: w.exportFile(input.format, input.year),
    });
  } else if (tooBig) {
    blocks.push({ type: 'context', text: [tooBig] });
  }
  return reply({
    text: [summary, top ? `${w.topCountries}: ${top}` : '', tooBig].filter(Boolean).join('\n'),
    language: view.language,
    visibility: 'private',
    blocks,
  });
}

/** The visits part of a personal home view. */
export function homeBlocks(
  upcoming: readonly Visit[],
  unreported: readonly Visit[],
  view: ViewContext,
): Block[] {
  const w = visitWords(view.language);
  const options = { viewerZone: view.viewerZone, language: view.language, today: view.today };
  const blocks: Block[] = [{ type: 'text', text: [{ text: w.homeUpcoming, bold: true }] }];
  if (upcoming.length === 0) blocks.push({ type: 'context', text: [w.homeNone] });
  for (const visit of upcoming) blocks.push({ type: 'text', text: [formatVisitSummary(visit, options)] });
  if (unreported.length > 0) {
    blocks.push({ type: 'text', text: [{ text: w.homeUnreported, bold: true }] });
    for (const visit of unreported) {
      blocks.push({ type: 'text', text: [formatVisitSummary(visit, options)] });
      blocks.push({ type: 'buttons', buttons: visitButtons(visit, view, { details: true }) });
    }
  }
  blocks.push({
    type: 'buttons',
    buttons: [
      { label: w.logVisit, action: 'visit.new', value: encodeValue('new', view.language), style: 'primary' },
      { label: w.myVisits, action: 'visit.list', value: encodeValue('mine', view.language) },
    ],
  });
  return blocks;
}
