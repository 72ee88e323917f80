import type { Core } from '../core/create-core.js';
import type { InFlight } from './in-flight.js';

/** The same core, with every turn counted as in-flight work so shutdown can wait for it. */
export function trackTurns(core: Core, inFlight: InFlight): Core {
  return {
    ...core,
    router: {
      handle: (turn) => inFlight.track(core.router.handle(turn)),
    },
  };
}
