import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Store } from '../../src/store/database.js';
import { claimEvent } from '../../src/store/processed-events.js';

/** Slack retries an event for up to about an hour with the same event_id; keep the claim longer. */
export const EVENT_CLAIM_TTL_MS = 2 * 60 * 60_000;

export interface InFlight {
  /** Listener runs not yet finished (a graceful stop waits for them). */
  readonly count: number;
}

/**
 * Global Bolt middleware: an Events API delivery is processed once per `event_id`, across retries
 * (`X-Slack-Retry-Num`, Socket Mode `retry_attempt`) and across replicas, through the shared database;
 * and every run is counted while it lasts.
 */
export function eventDedupe(store: Store, log: Logger): Middleware<AnyMiddlewareArgs> & InFlight {
  let running = 0;
  const middleware: Middleware<AnyMiddlewareArgs> = async ({ body, next, context }) => {
    running += 1;
    try {
      const envelope = body as { type?: string; event_id?: string };
      if (envelope.type === 'event_callback' && typeof envelope.event_id === 'string') {
        const first = await claimEvent(store, `slack:${envelope.event_id}`, EVENT_CLAIM_TTL_MS);
        if (!first) {
          log.debug(
            { eventId: envelope.event_id, retryNum: context.retryNum },
            'duplicate Slack event ignored',
          );
          return;
        }
      }
      await next();
    } finally {
      running -= 1;
    }
  };
  return Object.defineProperty(middleware, 'count', { get: () => running }) as Middleware<AnyMiddlewareArgs> &
    InFlight;
}
