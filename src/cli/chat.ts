import { parseArgs } from 'node:util';
import { replyToPlainText } from '../core/reply.js';
import { makeTurn, platformSchema } from '../core/turn.js';
import type { Runtime } from '../runtime.js';
import { createCliLogger, loadCliConfig, type CliCommand } from './io.js';
import { openRuntime, reportStartupError } from './startup.js';

const USAGE = 'usage: ansvar chat [--as PLATFORM:USER] [--channel ID] [--json] "message"';

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
  const [platformText, ...userParts] = (parsed.values.as ?? 'cli:cli').split(':');
  const platform = platformSchema.safeParse(platformText);
  const userId = userParts.join(':');
  if (!platform.success || !userId) {
    io.stderr(
      `--as must be PLATFORM:USER with PLATFORM one of slack, teams, cli, web (got '${parsed.values.as}')\n`,
    );
    return 2;
  }

  const config = loadCliConfig(io);
  if (!config) return 2;
  const log = createCliLogger(config, io);
  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, log);
  } catch (error) {
    return reportStartupError('chat', error, io);
  }
  try {
    const turn = makeTurn({
      platform: platform.data,
      userId,
      channelId: parsed.values.channel ?? 'cli',
      channelKind: 'dm',
      timezone: parsed.values.timezone ?? config.timezone,
      input: { type: 'text', text: message },
    });
    const result = await runtime.core.router.handle(turn);
    io.stdout(parsed.values.json ? `${JSON.stringify(result)}\n` : `${replyToPlainText(result)}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
};
