import type { Config } from '../config.js';
import type { ComponentContext, ServerComponent } from '../server/components.js';
import { createDigestScheduler, type DigestScheduler, type SchedulerOptions } from './scheduler.js';

/**
 * The digest scheduler as a server component: started once the server listens and its surfaces
 * have posters (it ticks at once, catching up on a digest missed while every process was down),
 * stopped first at shutdown, releasing claims it has not started posting.
 */
export function createDigestSchedulerComponent(
  config: Pick<Config, 'digestTick'>,
  overrides: Partial<Pick<SchedulerOptions, 'clock' | 'owner' | 'maxAttempts' | 'retryBaseMs'>> = {},
): ServerComponent & { readonly scheduler: DigestScheduler | undefined } {
  let scheduler: DigestScheduler | undefined;
  return {
    name: 'digest-scheduler',
    get scheduler() {
      return scheduler;
    },
    async start({ core, log, posters }: ComponentContext) {
      if (config.digestTick === 'off') {
        log.info('digest scheduler off (ANSVAR_DIGEST_TICK=off)');
        return;
      }
      const { store, knowledge, clock } = core.services;
      scheduler = createDigestScheduler({
        store,
        knowledge,
        clock,
        log,
        posters,
        ...(config.digestTick ? { tick: config.digestTick } : {}),
        ...overrides,
      });
      await scheduler.start();
    },
    async stop() {
      await scheduler?.stop();
    },
  };
}
