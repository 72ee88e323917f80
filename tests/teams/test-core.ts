import type { CommandModule, QuestionHandler } from '../../src/core/command.js';
import type { Core } from '../../src/core/create-core.js';
import { reply } from '../../src/core/reply.js';
import { createRouter } from '../../src/core/router.js';
import type { CoreServices } from '../../src/core/services.js';
import { userKey } from '../../src/core/turn.js';
import { logQuestion, recordQuestionFeedback } from '../../src/store/question-log.js';
import { keptValues, visitForm } from '../../src/visits/visit-form.js';

/**
 * The real router over a question handler and a visit module written for these tests: they return
 * Replies shaped like the real ones (an answer with quote, citation and feedback; the visit form;
 * a saved visit with buttons) so the Teams adapter can be exercised end to end while the real
 * modules are built elsewhere. Questions and feedback go through the real question-log store.
 */
export function createTestCore(services: CoreServices): Core {
  const { store } = services;
  const questions: QuestionHandler = {
    async answer(question, turn) {
      const sv = /\b(vem|sluter)\b/i.test(question);
      const questionId = await logQuestion(store, {
        askedAt: services.clock.now(),
        platform: turn.platform,
        userKey: userKey(turn),
        channel: turn.channelId,
        question,
        language: sv ? 'sv' : 'en',
        orgScope: null,
        status: 'answered',
        actor: 'Regionstyrelsen',
      });
      return reply({
        text: 'Regionstyrelsen (Regional Executive Board) signs partner agreements.',
        language: sv ? 'sv' : 'en',
        feedback: { questionId },
        blocks: [
          { type: 'header', text: 'Region Jönköpings län' },
          {
            type: 'text',
            text: [
              { text: 'Regionstyrelsen', bold: true },
              ' (Regional Executive Board) signs partner agreements.',
            ],
          },
          {
            type: 'quote',
            text: 'Enskilda verksamheter kan inte sluta partneravtal med andra regioner eller städer utan avtal sluts via regionstyrelsen.',
            cite: [
              'Internationell policy för Region Jönköpings län, Definitioner (knowledge/region-jonkopings-lan/internationell-policy.md:142)',
            ],
          },
          {
            type: 'buttons',
            buttons: [{ label: 'Share in channel', action: 'answer.share', value: questionId }],
          },
        ],
      });
    },
    async recordFeedback(questionId, vote, text) {
      const known = await recordQuestionFeedback(store, questionId, vote, text, services.clock.now());
      return reply({ text: known ? 'Thanks for the feedback.' : 'Unknown answer.', blocks: [] });
    },
    async share(questionId) {
      return reply({ text: `Shared ${questionId}`, blocks: [] });
    },
  };

  const saved: Record<string, string>[] = [];
  const visit: CommandModule = {
    words: ['visit', 'besök'],
    namespace: 'visit',
    help: { en: ['visit  log a visit'], sv: ['besök  registrera ett besök'] },
    async handleText(args, turn, word) {
      const language = word === 'besök' || turn.locale?.startsWith('sv') ? 'sv' : 'en';
      if (args === '')
        return reply({
          text: 'Log a visit',
          language,
          blocks: [{ type: 'form', form: visitForm({ language, organisations: [] }) }],
        });
      return reply({ text: `visit ${args}`, blocks: [{ type: 'text', text: [`visit ${args}`] }] });
    },
    async handleSubmit(_form, values, state) {
      const errors: Record<string, string> = {};
      if (!values.title?.trim()) errors.title = 'required: a short title';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? ''))
        errors.date = `'${values.date ?? ''}' is not a date (YYYY-MM-DD)`;
      if (Object.keys(errors).length > 0) {
        const form = visitForm({
          language: 'en',
          organisations: [],
          values: keptValues(values),
          errors,
          ...(state ? { editingId: Number(state) } : {}),
        });
        return reply({ text: 'Please correct the form', blocks: [{ type: 'form', form }] });
      }
      saved.push(values);
      const id = String(saved.length);
      return reply({
        text: `Saved visit #${id}: ${values.title}`,
        replaceOriginal: true,
        blocks: [
          { type: 'header', text: `Visit #${id}` },
          {
            type: 'fields',
            fields: [
              { label: 'Title', value: [values.title ?? ''] },
              {
                label: 'When',
                value: [`${values.date} ${values.time ?? ''} ${values.timezone ?? ''}`.trim()],
              },
            ],
          },
          {
            type: 'buttons',
            buttons: [
              { label: 'Mark reported', action: 'visit.reported', value: id, style: 'primary' },
              { label: 'Edit', action: 'visit.edit', value: id },
              {
                label: 'Cancel visit',
                action: 'visit.cancel',
                value: id,
                style: 'danger',
                confirm: {
                  title: 'Cancel the visit?',
                  text: 'It stays in the register as cancelled.',
                  confirm: 'Cancel it',
                  deny: 'Keep it',
                },
              },
            ],
          },
        ],
      });
    },
    async handleAction(action, value) {
      if (action === 'visit.boom') throw new Error('secret internal detail at visit-repository.ts:42');
      if (action === 'visit.unrenderable') {
        // A Reply the core accepts but the card renderer refuses: the field name collides with the submit data.
        const form = {
          ...visitForm({ language: 'en', organisations: [] }),
          fields: [{ name: 'verb', label: 'Secret label', kind: 'text' as const, required: false }],
        };
        return reply({ text: 'unrenderable', blocks: [{ type: 'form', form }] });
      }
      return reply({
        text: `${action} ${value}`,
        replaceOriginal: true,
        blocks: [{ type: 'text', text: [`${action} ${value} done`] }],
      });
    },
  };

  const commands = [visit];
  return { router: createRouter({ questions, commands, log: services.log }), services, questions, commands };
}
