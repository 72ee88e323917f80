import type { QuestionHandler } from './command.js';
import { detectLanguage } from './language.js';
import { reply } from './reply.js';
import type { CoreServices } from './services.js';

// Placeholder until the knowledge answers land.
export function createQuestionHandler(_services: CoreServices): QuestionHandler {
  return {
    async answer(question) {
      const language = detectLanguage(question);
      const text = language === 'sv' ? 'Policyerna säger inget om det.' : 'The policies do not cover that.';
      return reply({ text, language, blocks: [{ type: 'text', text: [text] }] });
    },
    async share() {
      return reply({ text: 'The policies do not cover that.', blocks: [] });
    },
    async recordFeedback() {
      return reply({ text: 'Thanks for the feedback.', blocks: [{ type: 'context', text: ['Thanks for the feedback.'] }] });
    },
  };
}
