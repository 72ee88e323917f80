import { createDigestCommand } from '../digest/digest-command.js';
import { turnsTotal } from '../observability/metrics.js';
import { createVisitCommand } from '../visits/visit-command.js';
import type { CommandModule, QuestionHandler } from './command.js';
import { createQuestionHandler } from './question-handler.js';
import { createRouter, type Router } from './router.js';
import type { CoreServices } from './services.js';

/** The shared core every surface talks to: one router over the question handler and the command modules. */
export interface Core {
  readonly router: Router;
  readonly services: CoreServices;
  readonly questions: QuestionHandler;
  readonly commands: readonly CommandModule[];
}

export function createCore(services: CoreServices): Core {
  const questions = createQuestionHandler(services);
  const commands = [createVisitCommand(services), createDigestCommand(services)];
  const inner = createRouter({ questions, commands, log: services.log });
  const router: Router = {
    handle(turn) {
      turnsTotal.inc({ platform: turn.platform, type: turn.input.type });
      return inner.handle(turn);
    },
  };
  return { router, services, questions, commands };
}
