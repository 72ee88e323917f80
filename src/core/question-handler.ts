import { answerToReply } from '../knowledge/answer-reply.js';
import { answerDuration, questionsTotal } from '../observability/metrics.js';
import {
  findQuestion,
  logQuestion,
  recordQuestionFeedback,
  type LoggedQuestionRow,
} from '../store/question-log.js';
import type { QuestionHandler } from './command.js';
import { turnLanguage } from './language.js';
import { reply, type Reply } from './reply.js';
import type { CoreServices } from './services.js';
import { channelKey, userKey, type Turn } from './turn.js';

/**
 * Answers questions from the knowledge base: answer → log in question_log → neutral Reply with
 * feedback buttons; records thumbs up/down; re-answers a logged question publicly for "Share".
 */
export function createQuestionHandler(services: CoreServices): QuestionHandler {
  const { knowledge, store, clock } = services;

  return {
    async answer(question, turn) {
      const started = process.hrtime.bigint();
      const answer = knowledge.answer(question);
      answerDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
      questionsTotal.inc({ status: answer.status, language: answer.language });
      const questionId = await logQuestion(store, {
        askedAt: clock.now(),
        platform: turn.platform,
        userKey: userKey(turn),
        channel: channelKey(turn),
        question,
        language: answer.language,
        orgScope: answer.scope?.join(',') ?? null,
        status: answer.status,
        actor: answer.answers[0]?.actor ?? null,
      });
      return answerToReply(answer, { questionId });
    },

    async share(questionId, turn) {
      const row = await findQuestion(store, questionId);
      if (!row || !belongsTo(row, turn)) return notFound(turnLanguage(turn));
      const scope = row.orgScope?.split(',') ?? [];
      const answer = knowledge.answer(row.question, scope.length === 1 ? { org: scope[0]! } : {});
      return answerToReply(answer, { visibility: 'public' });
    },

    async recordFeedback(questionId, vote, text, turn) {
      const sv = turnLanguage(turn) === 'sv';
      const row = await findQuestion(store, questionId);
      const saved =
        row !== undefined &&
        belongsTo(row, turn) &&
        (await recordQuestionFeedback(store, questionId, vote, text, clock.now()));
      if (!saved) return notFound(sv ? 'sv' : 'en');
      const thanks = sv ? 'Tack för återkopplingen!' : 'Thanks for the feedback!';
      return reply({
        text: thanks,
        blocks: [{ type: 'context', text: [thanks] }],
        visibility: 'private',
        language: sv ? 'sv' : 'en',
      });
    },
  };
}

/**
 * Votes and shares come from buttons under an answer: only the asker, or someone in the conversation
 * where it was answered, can use them (button values are ids anyone could type).
 */
function belongsTo(row: LoggedQuestionRow, turn: Turn): boolean {
  return row.userKey === userKey(turn) || row.channel === channelKey(turn);
}

function notFound(language: 'en' | 'sv'): Reply {
  const text =
    language === 'sv'
      ? 'Jag hittar inte den frågan längre. Ställ den gärna igen.'
      : 'I cannot find that question any more. Please ask it again.';
  return reply({ text, blocks: [{ type: 'context', text: [text] }], visibility: 'private', language });
}
