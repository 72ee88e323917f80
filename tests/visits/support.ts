import { pino } from 'pino';
import { parseConfig } from '../../src/config.js';
import { manualClock } from '../../src/core/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import type { Reply } from '../../src/core/reply.js';
import { makeTurn, type TurnInit, type TurnInput } from '../../src/core/turn.js';
import type { KnowledgeService } from '../../src/knowledge/service.js';
import type { Store } from '../../src/store/database.js';

/** A knowledge service that knows nothing: the visit register must not depend on the answers. */
export const emptyKnowledge: KnowledgeService = {
  answer: (question) => ({ question, language: 'en', status: 'no_answer', answers: [] }),
  search: () => [],
  organizations: () => [],
  stats: () => ({ organizations: 0, documents: 0, passages: 0, statements: 0 }),
  close: async () => undefined,
};

export interface TestCore {
  core: Core;
  clock: ReturnType<typeof manualClock>;
  /** Sends one turn through the real router. */
  send(input: TurnInput | string, as?: Partial<TurnInit>): Promise<Reply>;
}

export function createTestCore(
  store: Store,
  options: { now?: string; admins?: string; timezone?: string } = {},
): TestCore {
  const config = parseConfig({
    DATABASE_URL: 'sqlite::memory:',
    ANSVAR_TIMEZONE: options.timezone ?? 'Europe/Stockholm',
    ...(options.admins ? { ANSVAR_ADMINS: options.admins } : {}),
  });
  const clock = manualClock(options.now ?? '2026-11-22T09:00:00Z');
  const core = createCore({
    config,
    store,
    knowledge: emptyKnowledge,
    clock,
    log: pino({ level: 'silent' }),
  });
  return {
    core,
    clock,
    send(input, as = {}) {
      const turnInput: TurnInput = typeof input === 'string' ? { type: 'text', text: input } : input;
      return core.router.handle(
        makeTurn({
          platform: 'cli',
          userId: 'anna',
          channelId: 'C1',
          channelKind: 'channel',
          ...as,
          input: turnInput,
        }),
      );
    },
  };
}

/** A minimal RFC 4180 reader (test-only) to check what spreadsheets will see. */
export function readCsv(text: string, delimiter = ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
