import type { CommandModule, QuestionHandler } from '../../../src/core/command.js';
import type { Core } from '../../../src/core/create-core.js';
import { detectLanguage } from '../../../src/core/language.js';
import { reply, type Block, type Form, type Reply } from '../../../src/core/reply.js';
import { createRouter } from '../../../src/core/router.js';
import type { CoreServices } from '../../../src/core/services.js';
import type { Turn } from '../../../src/core/turn.js';
import { logQuestion, recordQuestionFeedback } from '../../../src/store/question-log.js';

/**
 * A core for the Slack adapter tests: the real router and the real question log in the real store,
 * with a small question handler and a scripted `visit` / `digest` module that exercise every part of
 * the Reply contract (forms with errors, lists with confirm buttons, replaceOriginal, home sections).
 * The turns each module saw are kept so tests can check what the adapter handed the core.
 */
export interface TestCore extends Core {
  readonly turns: Turn[];
  readonly visits: Map<number, { title: string; date: string; owner: string; cancelled: boolean }>;
}

export const ZONES = Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone }));
export const COUNTRIES = Array.from({ length: 150 }, (_, i) => ({
  value: `C${i}`,
  label: `${String.fromCharCode(65 + (i % 26))}country ${i}`,
}));

export function createTestCore(services: CoreServices): TestCore {
  const turns: Turn[] = [];
  const visits: TestCore['visits'] = new Map();
  let nextId = 1;
  const see = (turn: Turn) => turns.push(turn);

  const questions: QuestionHandler = {
    async answer(question, turn) {
      see(turn);
      // A question that takes longer than Slack waits for an ack.
      if (question.includes('slowly')) await new Promise((resolve) => setTimeout(resolve, 2000));
      const language = detectLanguage(question, turn.locale);
      const id = await logQuestion(services.store, {
        askedAt: new Date(),
        platform: turn.platform,
        userKey: `${turn.platform}:${turn.userId}`,
        channel: turn.channelId,
        question,
        language,
        orgScope: null,
        status: 'answered',
        actor: 'Regionstyrelsen',
      });
      return answerReply(question, id, language);
    },
    async share(questionId, turn) {
      see(turn);
      const row = await services.store.db
        .selectFrom('question_log')
        .select(['question', 'language'])
        .where('id', '=', Number(questionId))
        .executeTakeFirst();
      if (!row) return reply({ text: 'That answer is gone.', blocks: [], visibility: 'private' });
      return answerReply(row.question, questionId, row.language === 'sv' ? 'sv' : 'en');
    },
    async recordFeedback(questionId, vote, text, turn) {
      see(turn);
      await recordQuestionFeedback(services.store, questionId, vote, text);
      return reply({ text: vote === 'up' ? 'Thanks for the feedback!' : 'Thanks, noted.', blocks: [] });
    },
  };

  const visitModule: CommandModule = {
    words: ['visit', 'besök'],
    namespace: 'visit',
    help: { en: ['visit list'], sv: ['besök list'] },
    async handleText(args, turn) {
      see(turn);
      const [sub, ...rest] = args.split(/\s+/);
      if (!sub || sub === 'add') return formReply(visitForm({}));
      if (sub === 'list')
        return listReply(
          [...visits.entries()].filter(([, v]) => !v.cancelled),
          turn,
        );
      if (sub === 'edit') {
        const id = Number(rest[0]);
        const visit = visits.get(id);
        if (!visit) return reply({ text: `No visit #${rest[0]}.`, blocks: [], visibility: 'private' });
        return formReply(visitForm({ title: visit.title, date: visit.date }, String(id)));
      }
      return reply({
        text: `Unknown: visit ${args}`,
        blocks: [{ type: 'text', text: [`Unknown: visit ${args}`] }],
        visibility: 'private',
      });
    },
    async handleAction(action, value, turn) {
      see(turn);
      const id = Number(value);
      const visit = visits.get(id);
      if (action === 'visit.add') return formReply(visitForm({}));
      if (!visit) return reply({ text: 'No such visit.', blocks: [], visibility: 'private' });
      if (action === 'visit.edit')
        return formReply(visitForm({ title: visit.title, date: visit.date }, String(id)));
      if (action === 'visit.cancel') {
        visit.cancelled = true;
        return reply({
          text: `Cancelled ${visit.title}`,
          blocks: [{ type: 'text', text: ['Cancelled ', { text: visit.title, bold: true }] }],
          replaceOriginal: true,
          visibility: 'private',
        });
      }
      return reply({
        text: 'Marked as reported.',
        blocks: [{ type: 'context', text: ['Marked as reported.'] }],
        visibility: 'private',
      });
    },
    async handleSubmit(form, values, state, turn) {
      see(turn);
      // A submission the core takes longer over than Slack waits for the acknowledgement.
      if (values.title?.includes('slowly')) await new Promise((resolve) => setTimeout(resolve, 2400));
      // A next step whose state is more than a modal's private_metadata can carry.
      if (values.title === 'bigstate') return formReply(visitForm(values, 'x'.repeat(4000)));
      const errors: Record<string, string> = {};
      if (!values.title?.trim()) errors.title = 'Give the visit a title.';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? '')) errors.date = 'Pick a date.';
      if (values.kind === 'bogus') errors.nonexistent = 'Unknown problem.';
      if (Object.keys(errors).length > 0) return formReply(visitForm(values, state, errors));
      const id = state ? Number(state) : nextId++;
      visits.set(id, { title: values.title!, date: values.date!, owner: turn.userId, cancelled: false });
      return reply({
        text: `Visit logged: ${values.title}`,
        blocks: [
          { type: 'header', text: values.title! },
          {
            type: 'text',
            text: [
              'Logged ',
              { text: values.title!, bold: true },
              ` on ${values.date} (${turn.timezone ?? 'no zone'})`,
            ],
          },
        ],
      });
    },
    async homeSection(turn) {
      const mine = [...visits.entries()].filter(([, v]) => v.owner === turn.userId && !v.cancelled);
      return [
        { type: 'header', text: 'Your visits' },
        ...mine.map(([id, v]): Block => ({ type: 'text', text: [`#${id} `, { text: v.title, bold: true }] })),
        {
          type: 'buttons',
          buttons: [{ label: 'Log a visit', action: 'visit.add', value: '', style: 'primary' }],
        },
      ];
    },
  };

  const digestModule: CommandModule = {
    words: ['digest'],
    namespace: 'digest',
    help: { en: ['digest status'], sv: ['digest status'] },
    async handleText(args, turn) {
      see(turn);
      return reply({
        text: `digest ${args} for ${turn.channelId}`,
        blocks: [{ type: 'text', text: [`digest ${args} for ${turn.channelId}`] }],
      });
    },
  };

  const commands = [visitModule, digestModule];
  return {
    router: createRouter({ questions, commands, log: services.log }),
    services,
    questions,
    commands,
    turns,
    visits,
  };
}

function answerReply(question: string, questionId: string, language: 'en' | 'sv'): Reply {
  return reply({
    text: `Regionstyrelsen: ${question}`,
    language,
    feedback: { questionId },
    blocks: [
      { type: 'text', text: [{ text: 'Regionstyrelsen', bold: true }, ` answers: ${question}`] },
      {
        type: 'quote',
        text: 'Partneravtal sluts via regionstyrelsen.',
        cite: ['Internationell policy, Definitioner'],
      },
    ],
  });
}

function formReply(form: Form): Reply {
  return reply({ text: form.title, blocks: [{ type: 'form', form }], visibility: 'private' });
}

function visitForm(values: Record<string, string>, state?: string, errors?: Record<string, string>): Form {
  return {
    id: 'visit',
    title: state ? `Edit visit #${state}` : 'Log a visit',
    submitLabel: 'Save',
    ...(state ? { state } : {}),
    intro: 'Times are in the venue time zone.',
    fields: [
      {
        name: 'title',
        label: 'Title',
        kind: 'text',
        required: true,
        maxLength: 200,
        ...(values.title ? { value: values.title } : {}),
      },
      {
        name: 'date',
        label: 'Date',
        kind: 'date',
        required: true,
        ...(values.date ? { value: values.date } : {}),
      },
      { name: 'time', label: 'Time', kind: 'time', required: false },
      { name: 'timezone', label: 'Time zone', kind: 'select', required: false, options: ZONES },
      { name: 'country', label: 'Country', kind: 'select', required: false, options: COUNTRIES },
      {
        name: 'kind',
        label: 'Kind',
        kind: 'radio',
        required: true,
        options: [
          { value: 'incoming', label: 'Incoming' },
          { value: 'outgoing', label: 'Outgoing' },
          { value: 'digital', label: 'Digital' },
        ],
      },
    ],
    ...(errors ? { errors } : {}),
  };
}

function listReply(entries: [number, { title: string; date: string }][], turn: Turn): Reply {
  const blocks: Block[] = [{ type: 'header', text: 'Visits' }];
  for (const [id, v] of entries) {
    blocks.push({ type: 'text', text: [{ text: v.title, bold: true }, ` — ${v.date}`] });
    blocks.push({
      type: 'buttons',
      buttons: [
        { label: 'Mark reported', action: 'visit.reported', value: String(id) },
        { label: 'Edit', action: 'visit.edit', value: String(id) },
        {
          label: 'Cancel',
          action: 'visit.cancel',
          value: String(id),
          style: 'danger',
          confirm: {
            title: 'Cancel the visit?',
            text: `Cancel ${v.title}?`,
            confirm: 'Cancel it',
            deny: 'Keep it',
          },
        },
      ],
    });
  }
  blocks.push({ type: 'context', text: [`Times in ${turn.timezone ?? 'no zone'}`] });
  return reply({ text: `${entries.length} visits`, blocks, visibility: 'private' });
}
