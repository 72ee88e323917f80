import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { Store } from '../store/database.js';
import type { Clock } from './clock.js';

/** What command modules and the question handler are built from. */
export interface CoreServices {
  config: Config;
  store: Store;
  knowledge: KnowledgeService;
  clock: Clock;
  log: Logger;
}
