import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Core } from '../core/create-core.js';
import type { Poster } from '../core/poster.js';
import type { Runtime } from '../runtime.js';
import { createDigestSchedulerComponent } from '../digest/scheduler-component.js';

/** What a background component gets when the server has started. */
export interface ComponentContext {
  config: Config;
  core: Core;
  log: Logger;
  /** One poster per platform surface that can post unprompted (Slack, Teams). */
  posters: readonly Poster[];
}

/**
 * Something that runs beside the HTTP server for the life of the process, e.g. the digest
 * scheduler. Started after the server listens (in order), stopped at shutdown (in reverse order)
 * before the surfaces and the database close; `stop` must release anything it holds in the
 * database (scheduler claims) so another replica can take over.
 */
export interface ServerComponent {
  readonly name: string;
  start(context: ComponentContext): Promise<void> | void;
  stop(): Promise<void> | void;
}

/**
 * The components `ansvar serve` runs. Modules with background work add theirs here (one line
 * each); tests pass their own list to `startServer`.
 */
export async function createServerComponents(
  config: Config,
  _runtime: Runtime,
  _log: Logger,
): Promise<ServerComponent[]> {
  return [createDigestSchedulerComponent(config)];
}
