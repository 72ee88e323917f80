import { DateTime } from 'luxon';
import type { Language } from '../core/language.js';
import { plain, reply, type Block, type Reply, type Rich } from '../core/reply.js';
import { countryName } from '../visits/countries.js';
import { VISIT_KINDS, type Visit } from '../visits/visit-model.js';
import { texts as visitTexts } from '../visits/visit-text.js';
import { MAX_ITEMS, type DigestContent } from './digest-content.js';
import { clip, dateText, luxonLocale, shortDay, zoneCity } from './format.js';

/**
 * Renders gathered digest content as a neutral Reply. Pure. Every list shows at most MAX_ITEMS
 * lines plus "and N more"; when the whole message would exceed MESSAGE_BUDGET characters (Slack
 * refuses messages with more than about 12,000 characters of block text) the lists are shortened.
 */

export const MESSAGE_BUDGET = 10_000;
/** Slack's section text limit is 3,000 characters; keep each text block below it. */
export const TEXT_BLOCK_BUDGET = 2_800;

const T = {
  en: {
    header: (week: number) => `Weekly digest · week ${week}`,
    allOrgs: 'All organisations',
    timesIn: (zone: string) => `times in ${zone}`,
    upcoming: 'Coming up in the next 7 days',
    upcomingNone: 'No meetings or visits planned.',
    venueTime: (zone: string) => `${zone} time`,
    unreported: 'Held but not yet reported back',
    loggedBy: (who: string) => `logged by ${who}`,
    rulesIntro: 'What the policies say about reporting back:',
    newSinceLast: 'New registrations since the last digest',
    newLastWeek: 'New registrations in the last 7 days',
    year: (year: number) => `This year so far (${year})`,
    yearTotal: (n: number) =>
      `${n} ${n === 1 ? 'meeting or visit' : 'meetings and visits'} held or under way`,
    byCountry: 'By country',
    unknownCountry: 'country not given',
    questions: 'Questions last week',
    questionCounts: (total: number, answered: number, unanswered: number) =>
      `${total} asked, ${answered} answered, ${unanswered} not covered by the policies.`,
    gaps: 'Not covered, for the policy owners:',
    more: (n: number) => `…and ${n} more`,
    nothing:
      'Nothing to report this week: no meetings or visits coming up, none waiting to be reported back, no new registrations and no questions.',
    summary: (c: DigestContent) =>
      `Weekly digest: ${c.upcoming.total} coming up, ${c.unreported.total} not reported back, ${c.registrations.total} new, ${c.questions.total} questions (${c.questions.unanswered} unanswered).`,
    nothingSummary: 'Weekly digest: nothing to report this week.',
  },
  sv: {
    header: (week: number) => `Veckosammanfattning · vecka ${week}`,
    allOrgs: 'Alla organisationer',
    timesIn: (zone: string) => `tider i ${zone}`,
    upcoming: 'De kommande 7 dagarna',
    upcomingNone: 'Inga möten eller besök planerade.',
    venueTime: (zone: string) => `${zone}-tid`,
    unreported: 'Genomförda men inte återrapporterade',
    loggedBy: (who: string) => `registrerat av ${who}`,
    rulesIntro: 'Det här säger policyerna om återrapportering:',
    newSinceLast: 'Nya registreringar sedan förra sammanfattningen',
    newLastWeek: 'Nya registreringar de senaste 7 dagarna',
    year: (year: number) => `Hittills i år (${year})`,
    yearTotal: (n: number) =>
      `${n} ${n === 1 ? 'möte eller besök genomfört eller pågående' : 'möten och besök genomförda eller pågående'}`,
    byCountry: 'Per land',
    unknownCountry: 'land ej angivet',
    questions: 'Frågor senaste veckan',
    questionCounts: (total: number, answered: number, unanswered: number) =>
      `${total} ställda, ${answered} besvarade, ${unanswered} som policyerna inte täcker.`,
    gaps: 'Saknar svar, till policyägarna:',
    more: (n: number) => `…och ${n} till`,
    nothing:
      'Inget att rapportera den här veckan: inga kommande möten eller besök, inga som väntar på återrapportering, inga nya registreringar och inga frågor.',
    summary: (c: DigestContent) =>
      `Veckosammanfattning: ${c.upcoming.total} kommande, ${c.unreported.total} ej återrapporterade, ${c.registrations.total} nya, ${c.questions.total} frågor (${c.questions.unanswered} utan svar).`,
    nothingSummary: 'Veckosammanfattning: inget att rapportera den här veckan.',
  },
};

type Texts = (typeof T)['en'];

function kindLabel(kind: string, language: Language): string {
  const labels: Record<string, string> = visitTexts(language).kind;
  return (labels[kind] ?? kind).toLocaleLowerCase(luxonLocale(language));
}

function place(visit: Visit, language: Language): string | undefined {
  const parts = [
    visit.city ? clip(visit.city, 30) : undefined,
    visit.country ? countryName(visit.country, language) : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** When a visit happens: venue-local, plus the channel's local time when that differs. */
function whenText(
  visit: Visit,
  timezone: string,
  language: Language,
  t: Texts,
): { day: string; rest: string } {
  const locale = luxonLocale(language);
  const start = DateTime.fromISO(visit.startDate, { zone: 'utc' }).setLocale(locale);
  let day = shortDay(start, language);
  if (visit.endDate && visit.endDate > visit.startDate) {
    day = `${day} – ${shortDay(DateTime.fromISO(visit.endDate, { zone: 'utc' }), language)}`;
  }
  if (!visit.startTime) return { day, rest: '' };
  const startsAt = DateTime.fromISO(visit.startsAt);
  const venue = startsAt.setZone(visit.timezone).setLocale(locale);
  const channel = startsAt.setZone(timezone).setLocale(locale);
  if (venue.toFormat('yyyy-MM-dd HH:mm') === channel.toFormat('yyyy-MM-dd HH:mm'))
    return { day: `${day} ${visit.startTime}`, rest: '' };
  const channelText =
    channel.toISODate() === venue.toISODate()
      ? channel.toFormat('HH:mm')
      : `${shortDay(channel, language)} ${channel.toFormat('HH:mm')}`;
  return {
    day: `${day} ${visit.startTime}`,
    rest: ` ${t.venueTime(zoneCity(visit.timezone))} (${channelText} ${zoneCity(timezone)})`,
  };
}

function bulletLines(lines: Rich[]): Rich {
  return lines.flatMap((line, i) => (i === 0 ? ['• ', ...line] : ['\n• ', ...line]));
}

/** A titled list as text blocks of at most TEXT_BLOCK_BUDGET characters each. */
function listBlocks(title: string, lines: Rich[], total: number, t: Texts, intro?: string): Block[] {
  const head: Rich = [{ text: title, bold: true }, ...(intro ? [] : [` (${total})`])];
  if (intro) head.push('\n', intro);
  const tail: Rich[] = total > lines.length ? [[t.more(total - lines.length)]] : [];
  const blocks: Block[] = [];
  let current: Rich[] = [];
  let size = plain(head).length;
  const flush = (first: boolean) => {
    if (current.length === 0 && !first) return;
    const body = current.length > 0 ? bulletLines(current) : [];
    blocks.push({
      type: 'text',
      text: first ? [...head, ...(body.length > 0 ? ['\n', ...body] : [])] : body,
    });
    current = [];
    size = 0;
  };
  for (const line of [...lines, ...tail]) {
    const length = plain(line).length + 3;
    if (current.length > 0 && size + length > TEXT_BLOCK_BUDGET) flush(blocks.length === 0);
    current.push(line);
    size += length;
  }
  flush(blocks.length === 0);
  return blocks;
}

function visitTitle(visit: Visit): string {
  return clip(visit.title, 60);
}

function renderWith(content: DigestContent, language: Language, maxItems: number): Reply {
  const t = T[language];
  const now = DateTime.fromJSDate(content.builtAt, { zone: content.timezone }).setLocale(
    luxonLocale(language),
  );
  const scope = content.organization ?? t.allOrgs;
  const blocks: Block[] = [
    { type: 'header', text: t.header(now.weekNumber) },
    {
      type: 'context',
      text: [`${clip(scope, 80)} · ${now.toFormat('cccc d LLLL yyyy')} · ${t.timesIn(content.timezone)}`],
    },
  ];

  const { upcoming, unreported, registrations, year, questions } = content;
  const nothing =
    upcoming.total === 0 && unreported.total === 0 && registrations.total === 0 && questions.total === 0;
  if (nothing) {
    blocks.push({ type: 'text', text: [t.nothing] });
    if (year.total > 0)
      blocks.push({ type: 'context', text: [`${t.year(year.year)}: ${t.yearTotal(year.total)}.`] });
    return reply({ text: t.nothingSummary, blocks, language });
  }

  // Coming up.
  const upcomingLines = upcoming.items.slice(0, maxItems).map((visit): Rich => {
    const when = whenText(visit, content.timezone, language, t);
    const details = [
      visit.counterpart ? clip(visit.counterpart, 40) : undefined,
      place(visit, language),
      kindLabel(visit.kind, language),
    ].filter(Boolean);
    return [
      { text: when.day, bold: true },
      `${when.rest} — ${visitTitle(visit)}`,
      ...(details.length > 0 ? [` · ${details.join(' · ')}`] : []),
    ];
  });
  blocks.push(
    ...(upcoming.total === 0
      ? [{ type: 'text' as const, text: [{ text: t.upcoming, bold: true }, '\n', t.upcomingNone] }]
      : listBlocks(t.upcoming, upcomingLines, upcoming.total, t)),
  );

  // Held, not reported back, with each organisation's own rule.
  if (unreported.total > 0) {
    blocks.push({ type: 'divider' });
    const lines = unreported.items.slice(0, maxItems).map((visit): Rich => {
      const where = place(visit, language);
      return [
        { text: dateText(visit.endDate ?? visit.startDate, language, year.year), bold: true },
        ` — ${visitTitle(visit)}${where ? ` (${where})` : ''} · ${t.loggedBy(clip(visit.createdBy, 40))}`,
      ];
    });
    blocks.push(...listBlocks(t.unreported, lines, unreported.total, t));
    if (content.rules.length > 0) {
      blocks.push({ type: 'context', text: [t.rulesIntro] });
      for (const rule of content.rules) {
        blocks.push({
          type: 'quote',
          text: rule.quote,
          cite: [
            { text: rule.organization, bold: true },
            `, ${clip(rule.document, 80)}${rule.section ? `, ${clip(rule.section, 60)}` : ''} (${rule.source})`,
          ],
        });
      }
    }
  }

  // New registrations.
  if (registrations.total > 0) {
    blocks.push({ type: 'divider' });
    const lines = registrations.items.slice(0, maxItems).map((visit): Rich => {
      const where = place(visit, language);
      return [
        { text: visitTitle(visit), bold: true },
        ` — ${dateText(visit.startDate, language, year.year)}${where ? ` · ${where}` : ''} · ${kindLabel(visit.kind, language)} · ${t.loggedBy(clip(visit.createdBy, 40))}`,
      ];
    });
    blocks.push(
      ...listBlocks(
        registrations.sinceLastDigest ? t.newSinceLast : t.newLastWeek,
        lines,
        registrations.total,
        t,
      ),
    );
  }

  // The year so far.
  if (year.total > 0) {
    blocks.push({ type: 'divider' });
    const kinds = VISIT_KINDS.filter((kind) => year.byKind[kind] > 0)
      .map((kind) => `${visitTexts(language).kind[kind]}: ${year.byKind[kind]}`)
      .join(' · ');
    const shown = year.byCountry.slice(0, maxItems);
    const countries = shown
      .map((c) => `${c.country ? countryName(c.country, language) : t.unknownCountry} ${c.count}`)
      .join(', ');
    const more =
      year.byCountry.length > shown.length ? `, ${t.more(year.byCountry.length - shown.length)}` : '';
    blocks.push({
      type: 'text',
      text: [
        { text: t.year(year.year), bold: true },
        '\n',
        `${t.yearTotal(year.total)}. ${kinds}.`,
        '\n',
        `${t.byCountry}: ${countries}${more}.`,
      ],
    });
  }

  // Last week's questions and the gaps they revealed.
  if (questions.total > 0) {
    blocks.push({ type: 'divider' });
    const counts = t.questionCounts(questions.total, questions.answered, questions.unanswered);
    if (questions.gaps.length === 0) {
      blocks.push({ type: 'text', text: [{ text: t.questions, bold: true }, '\n', counts] });
    } else {
      const lines = questions.gaps
        .slice(0, maxItems)
        .map((gap): Rich => [`“${gap.text}”${gap.count > 1 ? ` (×${gap.count})` : ''}`]);
      blocks.push(...listBlocks(t.questions, lines, questions.gaps.length, t, `${counts}\n${t.gaps}`));
    }
  }

  return reply({ text: t.summary(content), blocks, language });
}

/** All plain text a renderer will put into the message (for the size budget). */
export function replyTextSize(r: Reply): number {
  let size = r.text.length;
  for (const block of r.blocks) {
    if (block.type === 'header') size += block.text.length;
    else if (block.type === 'text' || block.type === 'context') size += plain(block.text).length;
    else if (block.type === 'quote') size += block.text.length + (block.cite ? plain(block.cite).length : 0);
  }
  return size;
}

export function renderDigest(content: DigestContent, language: Language): Reply {
  let rendered = renderWith(content, language, MAX_ITEMS);
  for (const maxItems of [10, 7, 5, 3]) {
    if (replyTextSize(rendered) <= MESSAGE_BUDGET) break;
    rendered = renderWith(content, language, maxItems);
  }
  return rendered;
}
