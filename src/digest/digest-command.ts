import type { CommandModule } from '../core/command.js';
import { reply } from '../core/reply.js';
import type { CoreServices } from '../core/services.js';

// Placeholder until the weekly digest lands.
export function createDigestCommand(_services: CoreServices): CommandModule {
  return {
    words: ['digest'],
    namespace: 'digest',
    help: { en: ['digest …  weekly digest for this channel'], sv: ['digest …  veckosammanfattning för kanalen'] },
    async handleText() {
      return reply({ text: 'The digest is not available yet.', blocks: [] });
    },
  };
}
