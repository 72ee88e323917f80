import { DateTime } from 'luxon';
import type { CommandModule } from '../core/command.js';
import { turnLanguage, type Language } from '../core/language.js';
import { MAX_FILE_CHARS, reply, type Reply } from '../core/reply.js';
import type { CoreServices } from '../core/services.js';
import { channelKey, userKey, type Turn } from '../core/turn.js';
import { visitsTotal } from '../observability/metrics.js';
import { parseDate } from './date-grammar.js';
import { mergeOrganisations } from './organisations.js';
import { foldText, own } from './text.js';
import { canonicalZone } from './time-zones.js';
import { visitsToCsv, visitsToIcs } from './visit-export.js';
import { formValuesOf, keptValues, visitForm, VISIT_FORM_ID, type VisitFormOptions } from './visit-form.js';
import type { Visit } from './visit-model.js';
import { parseVisitAddText, type AssumedKind } from './visit-parser.js';
import {
  canChange,
  decodeCursor,
  decodeValue,
  detailsReply,
  exportReply,
  fieldErrorsReply,
  homeBlocks,
  listReply,
  messageReply,
  notFoundReply,
  refusedReply,
  savedReply,
  usageReply,
  visitWords,
  type ViewContext,
} from './visit-replies.js';
import {
  cancelVisit,
  createVisit,
  getVisit,
  listVisits,
  LIST_FILTERS,
  markVisitReported,
  updateVisit,
  visitChanges,
  visitCountsForYear,
  visitsForYear,
  type ListCursor,
  type ListFilter,
} from './visit-repository.js';
import { texts } from './visit-text.js';
import { validateVisitValues } from './visit-validation.js';

/**
 * `visit` / `besök`: the international meetings register as a command module, shared by Slack,
 * Teams, the local chat page and `ansvar chat`.
 */

type Subcommand = 'add' | 'list' | 'show' | 'edit' | 'cancel' | 'reported' | 'export' | 'help';

/** Subcommand words (folded); the Swedish ones also make the reply Swedish. */
// prettier-ignore
const SUBCOMMANDS: Record<string, { sub: Subcommand; sv?: true }> = {
  add: { sub: 'add' }, new: { sub: 'add' }, log: { sub: 'add' },
  ny: { sub: 'add', sv: true }, nytt: { sub: 'add', sv: true }, registrera: { sub: 'add', sv: true }, lagg: { sub: 'add', sv: true },
  list: { sub: 'list' }, ls: { sub: 'list' }, lista: { sub: 'list', sv: true },
  show: { sub: 'show' }, view: { sub: 'show' }, visa: { sub: 'show', sv: true },
  edit: { sub: 'edit' }, andra: { sub: 'edit', sv: true }, redigera: { sub: 'edit', sv: true },
  cancel: { sub: 'cancel' }, avboka: { sub: 'cancel', sv: true }, stall: { sub: 'cancel', sv: true }, installt: { sub: 'cancel', sv: true },
  reported: { sub: 'reported' }, report: { sub: 'reported' },
  rapporterad: { sub: 'reported', sv: true }, aterrapporterad: { sub: 'reported', sv: true }, rapportera: { sub: 'reported', sv: true },
  export: { sub: 'export' }, exportera: { sub: 'export', sv: true },
  help: { sub: 'help' }, hjalp: { sub: 'help', sv: true }, '?': { sub: 'help' },
};

// prettier-ignore
const FILTER_WORDS: Record<string, ListFilter> = {
  upcoming: 'upcoming', next: 'upcoming', future: 'upcoming', kommande: 'upcoming', framtida: 'upcoming',
  past: 'past', previous: 'past', held: 'past', tidigare: 'past', gamla: 'past', passerade: 'past', genomforda: 'past',
  mine: 'mine', my: 'mine', mina: 'mine',
  unreported: 'unreported', orapporterade: 'unreported', 'ej-rapporterade': 'unreported', ejrapporterade: 'unreported',
  all: 'all', alla: 'all',
};

/** Rows up to which `visit export` sends the file in chat; larger years point to the CLI. */
const MAX_CHAT_EXPORT_ROWS = 20_000;
const PAGE_SIZE = 10;
const HOME_ITEMS = 5;

export function createVisitCommand(services: CoreServices): CommandModule {
  const { store, config, clock, knowledge, log } = services;

  function organisations() {
    return mergeOrganisations(knowledge.organizations());
  }

  function viewFor(turn: Turn, language: Language): ViewContext {
    const viewerZone = (turn.timezone && canonicalZone(turn.timezone)) || config.timezone;
    const key = userKey(turn);
    return {
      language,
      viewerZone,
      today: DateTime.fromJSDate(clock.now(), { zone: viewerZone }).toFormat('yyyy-MM-dd'),
      userKey: key,
      isAdmin: config.admins.includes(key),
      organisations: organisations(),
    };
  }

  function formReply(
    view: ViewContext,
    options: Pick<VisitFormOptions, 'values' | 'errors' | 'editingId'>,
  ): Reply {
    const form = visitForm({ language: view.language, organisations: view.organisations, ...options });
    return reply({
      text: form.title,
      language: view.language,
      visibility: 'private',
      blocks: [{ type: 'form', form }],
    });
  }

  function validationContext(view: ViewContext) {
    return {
      today: view.today,
      defaultZone: view.viewerZone,
      organisations: view.organisations,
      language: view.language,
    };
  }

  async function add(args: string, turn: Turn, view: ViewContext): Promise<Reply> {
    if (!args) return formReply(view, {});
    const parsed = parseVisitAddText(args, view.today, view.language);
    if (parsed.type === 'usage') {
      return usageReply(view.language, `${visitWords(view.language).couldNotLog} ${parsed.problem}.`, 'add');
    }
    const result = validateVisitValues(parsed.values, validationContext(view));
    if (!result.ok) return fieldErrorsReply(result.errors, view.language);
    return created(await createVisit(store, result.input, meta(turn)), view, parsed.assumedKind);
  }

  function meta(turn: Turn) {
    return { by: userKey(turn), now: clock.now(), channel: channelKey(turn) };
  }

  function created(visit: Visit, view: ViewContext, assumedKind?: AssumedKind): Reply {
    visitsTotal.inc({ action: 'create' });
    log.info({ visitId: visit.id, action: 'create' }, 'visit logged');
    return savedReply(visit, view, true, assumedKind);
  }

  /** Finds a visit by `12` or `#12`; replies when it is missing or not the viewer's to change. */
  async function findVisit(
    idText: string,
    view: ViewContext,
    requireChange: boolean,
  ): Promise<{ visit: Visit } | { reply: Reply }> {
    const m = /^#?(\d{1,10})$/.exec(idText.trim());
    if (!m) return { reply: usageReply(view.language) };
    const visit = await getVisit(store, Number(m[1]));
    if (!visit) return { reply: notFoundReply(m[1]!, view) };
    if (requireChange && !canChange(visit, view)) return { reply: refusedReply(visit.id, view) };
    return { visit };
  }

  async function show(idText: string, view: ViewContext): Promise<Reply> {
    const found = await findVisit(idText, view, false);
    if ('reply' in found) return found.reply;
    return detailsReply(found.visit, await visitChanges(store, found.visit.id, 5), view);
  }

  async function editForm(idText: string, view: ViewContext): Promise<Reply> {
    const found = await findVisit(idText, view, true);
    if ('reply' in found) return found.reply;
    return formReply(view, { values: formValuesOf(found.visit), editingId: found.visit.id });
  }

  async function cancel(idText: string, turn: Turn, view: ViewContext): Promise<Reply> {
    const found = await findVisit(idText, view, true);
    if ('reply' in found) return found.reply;
    const w = visitWords(view.language);
    if (found.visit.status === 'cancelled') return messageReply(w.alreadyCancelled(found.visit.id), view);
    const result = await cancelVisit(store, found.visit.id, { by: userKey(turn), now: clock.now() });
    if (!result) return notFoundReply(String(found.visit.id), view);
    visitsTotal.inc({ action: 'cancel' });
    log.info({ visitId: found.visit.id, action: 'cancel' }, 'visit cancelled');
    return withNote(detailsReply(result.visit, [], view), w.cancelled(found.visit.id), 'public');
  }

  async function reported(args: string, turn: Turn, view: ViewContext): Promise<Reply> {
    const [idText = '', ...dateWords] = args.split(/\s+/);
    const found = await findVisit(idText, view, true);
    if ('reply' in found) return found.reply;
    const w = visitWords(view.language);
    const dateText = dateWords.join(' ');
    const date = dateText ? parseDate(dateText, view.today) : view.today;
    if (!date) {
      return usageReply(
        view.language,
        `${texts(view.language).field.date}: ${texts(view.language).error.date(dateText.slice(0, 40))}`,
      );
    }
    const visit = found.visit;
    if (visit.status === 'cancelled') return messageReply(w.cancelledCannotReport(visit.id), view);
    if (date > view.today) return messageReply(w.futureReport, view);
    if (date < visit.startDate) return messageReply(w.reportBeforeStart(visit.id, visit.startDate), view);
    const result = await markVisitReported(store, visit.id, date, { by: userKey(turn), now: clock.now() });
    if (!result) return notFoundReply(String(visit.id), view);
    visitsTotal.inc({ action: 'reported' });
    log.info({ visitId: visit.id, action: 'reported' }, 'visit reported back');
    return withNote(detailsReply(result.visit, [], view), w.reported(visit.id, date), 'public');
  }

  async function list(filter: ListFilter, view: ViewContext, after?: ListCursor): Promise<Reply> {
    const page = await listVisits(store, {
      filter,
      today: view.today,
      userKey: view.userKey,
      limit: PAGE_SIZE,
      ...(after ? { after } : {}),
    });
    return listReply(filter, page, view);
  }

  async function exportVisits(args: string, view: ViewContext): Promise<Reply> {
    let format: 'csv' | 'ics' = 'csv';
    let year = Number(view.today.slice(0, 4));
    for (const word of args.toLowerCase().split(/\s+/).filter(Boolean)) {
      if (word === 'csv' || word === 'ics') format = word;
      else if (/^\d{4}$/.test(word) && Number(word) >= 2000 && Number(word) <= 2100) year = Number(word);
      else return usageReply(view.language);
    }
    const counts = await visitCountsForYear(store, { year });
    const rows = counts.total + counts.cancelled;
    let content: string | undefined;
    if (rows > 0 && rows <= MAX_CHAT_EXPORT_ROWS) {
      const visits = await visitsForYear(store, { year });
      const options = { language: view.language, today: view.today, organisations: view.organisations };
      const file = format === 'csv' ? visitsToCsv(visits, options) : visitsToIcs(visits, options);
      if (file.length <= MAX_FILE_CHARS) content = file;
    }
    return exportReply({ year, format, counts, rows, ...(content !== undefined ? { content } : {}) }, view);
  }

  async function saveSubmit(
    values: Record<string, string>,
    state: string | undefined,
    turn: Turn,
    view: ViewContext,
  ): Promise<Reply> {
    const kept = keptValues(values);
    const editingId = state && /^\d{1,10}$/.test(state) ? Number(state) : undefined;
    let existing: Visit | undefined;
    if (editingId !== undefined) {
      existing = await getVisit(store, editingId);
      if (!existing) return notFoundReply(String(editingId), view);
      if (!canChange(existing, view)) return refusedReply(existing.id, view);
    }
    const result = validateVisitValues(kept, validationContext(view));
    if (!result.ok) {
      return formReply(view, {
        values: kept,
        errors: result.errors,
        ...(existing ? { editingId: existing.id } : {}),
      });
    }
    if (!existing) return created(await createVisit(store, result.input, meta(turn)), view);

    const updated = await updateVisit(store, existing.id, result.input, {
      by: userKey(turn),
      now: clock.now(),
    });
    if (!updated) return notFoundReply(String(existing.id), view);
    if (updated.changed.length === 0)
      return messageReply(visitWords(view.language).nothingChanged(existing.id), view);
    visitsTotal.inc({ action: 'edit' });
    log.info({ visitId: existing.id, action: 'edit', fields: updated.changed }, 'visit edited');
    return savedReply(updated.visit, view, false);
  }

  return {
    words: ['visit', 'visits', 'besök'],
    namespace: 'visit',
    help: {
      en: [
        'visit  open the form to log an international visit or meeting',
        'visit add 3 dec 10:00 Vilnius — Study visit',
        'visit list [upcoming|past|mine|unreported|all] · visit show|edit|cancel ID · visit reported ID [DATE]',
        'visit export [csv|ics] [YEAR]',
      ],
      sv: [
        'besök  öppna formuläret för att registrera ett internationellt besök eller möte',
        'besök add 3 dec 10:00 Vilnius — Studiebesök',
        'besök list [upcoming|past|mine|unreported|all] · besök show|edit|cancel ID · besök reported ID [DATUM]',
        'besök export [csv|ics] [ÅR]',
      ],
    },

    async handleText(args, turn, word) {
      const baseLanguage = turnLanguage(turn, word);
      if (!args.trim()) return formReply(viewFor(turn, baseLanguage), {});
      const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim())!;
      let rest = match[2]!.trim();
      const entry = own(SUBCOMMANDS, foldText(match[1]!));
      const view = viewFor(turn, entry?.sv ? 'sv' : baseLanguage);
      if (!entry) {
        // `visit 3 dec Vilnius — …` without `add`
        const parsed = parseVisitAddText(args, view.today, view.language);
        if (parsed.type === 'values') return add(args, turn, view);
        return usageReply(view.language);
      }
      // Two-word Swedish forms: "lägg till …", "ställ in 12"
      if (
        (match[1]!.toLowerCase() === 'lägg' && /^till\b/i.test(rest)) ||
        (foldText(match[1]!) === 'stall' && /^in\b/i.test(rest))
      ) {
        rest = rest.replace(/^\S+\s*/, '');
      }
      switch (entry.sub) {
        case 'add':
          return add(rest, turn, view);
        case 'list': {
          const filter = rest ? own(FILTER_WORDS, foldText(rest)) : 'upcoming';
          return filter ? list(filter, view) : usageReply(view.language);
        }
        case 'show':
          return show(rest, view);
        case 'edit':
          return editForm(rest, view);
        case 'cancel':
          return cancel(rest, turn, view);
        case 'reported':
          return reported(rest, turn, view);
        case 'export':
          return exportVisits(rest, view);
        case 'help':
          return usageReply(view.language);
      }
    },

    async handleAction(action, value, turn) {
      const decoded = decodeValue(value);
      const view = viewFor(turn, decoded.language ?? turnLanguage(turn));
      const payload = decoded.payload;
      switch (action) {
        case 'visit.new':
          return formReply(view, {});
        case 'visit.show':
          return show(payload, view);
        case 'visit.edit':
          return editForm(payload, view);
        case 'visit.cancel':
          return cancel(payload, turn, view);
        case 'visit.reported':
          return reported(payload, turn, view);
        case 'visit.list': {
          const filter = (LIST_FILTERS as readonly string[]).includes(payload)
            ? (payload as ListFilter)
            : 'upcoming';
          return list(filter, view);
        }
        case 'visit.more': {
          const cursor = decodeCursor(payload);
          if (!cursor || !(LIST_FILTERS as readonly string[]).includes(cursor.filter))
            return usageReply(view.language);
          return list(cursor.filter as ListFilter, view, cursor.cursor);
        }
        default:
          return usageReply(view.language);
      }
    },

    async handleSubmit(form, values, state, turn) {
      const view = viewFor(turn, turnLanguage(turn));
      if (form !== VISIT_FORM_ID) return usageReply(view.language);
      return saveSubmit(values, state, turn, view);
    },

    async homeSection(turn) {
      const view = viewFor(turn, turnLanguage(turn));
      const common = { today: view.today, userKey: view.userKey, createdBy: view.userKey, limit: HOME_ITEMS };
      const [upcoming, unreported] = await Promise.all([
        listVisits(store, { ...common, filter: 'upcoming' }),
        listVisits(store, { ...common, filter: 'unreported' }),
      ]);
      return homeBlocks(upcoming.visits, unreported.visits, view);
    },
  };
}

function withNote(r: Reply, note: string, visibility: 'public' | 'private'): Reply {
  return {
    ...r,
    text: `${note}\n${r.text}`,
    visibility,
    blocks: [{ type: 'text', text: [note] }, ...r.blocks],
  };
}
