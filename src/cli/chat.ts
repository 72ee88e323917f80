import { parseArgs } from 'node:util';
import { findFiles, replyToPlainText } from '../core/reply.js';
import { makeTurn, platformSchema } from '../core/turn.js';
import type { CliCommand } from './io.js';
import { saveFiles } from './save-files.js';
import { withCliRuntime } from './startup.js';

const USAGE = 'usage: ansvar chat [--as PLATFORM:USER] [--channel ID] [--json] [--save-files DIR] "message"';

/** Sends one message through the same router the adapters use and prints the reply. */
export const chatCommand: CliCommand = async (args, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        as: { type: 'string' },
        channel: { type: 'string' },
        json: { type: 'boolean', default: false },
        timezone: { type: 'string' },
        'save-files': { type: 'string' },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const message = parsed.positionals.join(' ').trim();
  if (!message) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const saveDir = parsed.values['save-files'];
  if (saveDir !== undefined && !saveDir.trim()) {
    io.stderr(`--save-files needs a folder\n${USAGE}\n`);
    return 2;
  }
  const [platformText, ...userParts] = (parsed.values.as ?? 'cli:cli').split(':');
  const platform = platformSchema.safeParse(platformText);
  const userId = userParts.join(':');
  if (!platform.success || !userId) {
    io.stderr(
      `--as must be PLATFORM:USER with PLATFORM one of slack, teams, cli, web (got '${parsed.values.as}')\n`,
    );
    return 2;
  }

  return withCliRuntime('chat', io, async (runtime, config) => {
    const turn = makeTurn({
      platform: platform.data,
      userId,
      channelId: parsed.values.channel ?? 'cli',
      channelKind: 'dm',
      timezone: parsed.values.timezone ?? config.timezone,
      input: { type: 'text', text: message },
    });
    const result = await runtime.core.router.handle(turn);
    const files = findFiles(result);
    if (parsed.values.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      const hint =
        files.length > 0 && saveDir === undefined
          ? `\n(use --save-files DIR to save ${files.length === 1 ? 'it' : 'them'})`
          : '';
      io.stdout(`${replyToPlainText(result)}${hint}\n`);
    }
    if (saveDir === undefined) return 0;
    if (files.length === 0) {
      io.stderr('the reply has no files to save\n');
      return 0;
    }
    // With --json, stdout holds only the reply; the report goes to stderr.
    const report = parsed.values.json ? io.stderr : io.stdout;
    let ok = true;
    for (const outcome of await saveFiles(saveDir, files)) {
      (outcome.ok ? report : io.stderr)(`${outcome.line}\n`);
      ok &&= outcome.ok;
    }
    return ok ? 0 : 1;
  });
};
