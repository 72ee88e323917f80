import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Core } from '../core/create-core.js';
import type { Poster } from '../core/poster.js';

/** One way in: Slack, Teams or the local try-out page, mounted on the one HTTP server. */
export interface Surface {
  readonly name: 'slack' | 'teams' | 'local-chat';
  /** One line for the start-up log, e.g. "Slack over HTTP at POST /slack/events". */
  readonly description: string;
  /** Adds the surface's HTTP routes. */
  mount(app: Express): void;
  /** Starts background connections (Socket Mode) after the server listens. */
  start?(): Promise<void>;
  /** Stops accepting work and finishes what is in flight. */
  stop?(): Promise<void>;
  /** Posts unprompted messages (digests) to this platform's channels. */
  readonly poster?: Poster;
}

export interface SurfaceContext {
  config: Config;
  core: Core;
  log: Logger;
}
