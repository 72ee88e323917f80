import type { CommandModule } from '../core/command.js';
import { reply } from '../core/reply.js';
import type { CoreServices } from '../core/services.js';

// Placeholder until the visit register lands.
export function createVisitCommand(_services: CoreServices): CommandModule {
  return {
    words: ['visit', 'visits', 'besök'],
    namespace: 'visit',
    help: { en: ['visit …  log and list international visits'], sv: ['besök …  registrera och lista internationella besök'] },
    async handleText() {
      return reply({ text: 'The visit register is not available yet.', blocks: [] });
    },
  };
}
