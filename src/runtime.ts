import type { Logger } from 'pino';
import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import { createCore, type Core } from './core/create-core.js';
import { createKnowledgeService } from './knowledge/service.js';
import { openStore } from './store/database.js';

/** Everything a composition root needs: the database, the knowledge base and the core over them. */
export interface Runtime {
  core: Core;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  log: Logger,
  options: { watchKnowledge?: boolean; clock?: Clock } = {},
): Promise<Runtime> {
  const store = await openStore(config.databaseUrl);
  try {
    const knowledge = await createKnowledgeService({
      dir: config.knowledgeDir,
      log,
      watch: options.watchKnowledge ?? false,
    });
    const core = createCore({ config, store, knowledge, clock: options.clock ?? systemClock, log });
    return {
      core,
      async close() {
        await knowledge.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
