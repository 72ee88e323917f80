/**
 * Teams surface: one message turn over real HTTP (POST /api/messages → core → reply posted to a
 * local fake Bot Connector → 200), sequentially and 10 at a time, on the application runtime and a
 * fresh SQLite file; and the cost and size of rendering the visit form as an Adaptive Card.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { replyToMessage } from '../adapters/teams/render/activity.js';
import { parseConfig } from '../src/config.js';
import { reply } from '../src/core/reply.js';
import { createRuntime } from '../src/runtime.js';
import { startServer } from '../src/server.js';
import { visitForm } from '../src/visits/visit-form.js';
import { startFakeTeamsConnector } from '../tests/support/fake-teams-connector.js';
import { summarize, timeMs } from './stats.js';

function message(serviceUrl: string, text: string) {
  return {
    type: 'message',
    id: `${Date.now()}-${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:bench-user', name: 'Bench' },
    recipient: { id: '28:bench-bot', name: 'Ansvar' },
    conversation: { id: 'a:bench-chat', conversationType: 'personal' },
    locale: 'en-US',
    text,
    entities: [{ type: 'clientInfo', locale: 'en-US', timezone: 'Europe/Stockholm' }],
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ansvar-bench-teams-'));
  const connector = await startFakeTeamsConnector();
  const config = parseConfig({
    TEAMS_DEV_ANONYMOUS: '1',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    LOCAL_CHAT: '0',
    LOG_LEVEL: 'silent',
  });
  const log = pino({ level: 'silent' });
  const runtime = await createRuntime(config, log);
  const server = await startServer(config, runtime, log);
  const post = async (text: string) => {
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(connector.serviceUrl, text)),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    await response.arrayBuffer();
  };

  try {
    for (let i = 0; i < 20; i++) await post('help');
    const sequential: number[] = [];
    for (let i = 0; i < 300; i++)
      sequential.push(await timeMs(() => post(i % 2 ? 'help' : 'visit list upcoming')));

    const concurrency = 10;
    const total = 300;
    let next = 0;
    const parallel: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next++;
          parallel.push(await timeMs(() => post('help')));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const delivered = connector.delivered().length;

    const form = reply({
      text: 'Log a visit',
      blocks: [{ type: 'form', form: visitForm({ language: 'sv', organisations: [] }) }],
    });
    const render: number[] = [];
    for (let i = 0; i < 2000; i++) render.push(await timeMs(() => replyToMessage(form)));
    const { message: card, optionLists } = replyToMessage(form);

    return {
      turnMs: summarize(sequential),
      concurrent10: { ...summarize(parallel), turnsPerSecond: Math.round(total / seconds) },
      repliesDelivered: delivered,
      visitFormCard: {
        renderMs: summarize(render),
        bytes: Buffer.byteLength(JSON.stringify(card)),
        optionListsByReference: optionLists.map((l) => l.options.length),
      },
    };
  } finally {
    await server.close();
    await runtime.close();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
