import type { Logger } from 'pino';
import type { Core } from '../../src/core/create-core.js';
import type { SlackApi } from './slack-api.js';
import type { UserProfiles } from './user-profiles.js';

/** What every Slack listener works with. */
export interface SlackDeps {
  core: Core;
  api: SlackApi;
  profiles: UserProfiles;
  log: Logger;
}
