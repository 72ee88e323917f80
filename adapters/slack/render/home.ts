import type { types as slack } from '@slack/bolt';
import type { Language } from '../../../src/core/language.js';
import type { Reply } from '../../../src/core/reply.js';
import { LIMITS } from './limits.js';
import { renderBlocks } from './message.js';

const MORE = {
  en: 'More in the register: type `/visit list`.',
  sv: 'Mer i registret: skriv `/visit list`.',
} as const;

/** The App Home tab for one user: the reply's blocks, cut to the 100-block limit of a view. */
export function renderHome(reply: Reply, language: Language): slack.HomeView {
  let blocks = renderBlocks(reply, { language });
  if (blocks.length > LIMITS.viewBlocks) {
    blocks = [
      ...blocks.slice(0, LIMITS.viewBlocks - 1),
      { type: 'context', elements: [{ type: 'mrkdwn', text: MORE[language] }] },
    ];
  }
  return { type: 'home', blocks };
}
