import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsSurface } from '../../adapters/teams/index.js';
import { parseConfig } from '../../src/config.js';
import type { Runtime } from '../../src/runtime.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { createTestRuntime, fixture, startTeamsHarness, type TeamsHarness } from './harness.js';

const BOT_ID = '6f1b2f51-3c0e-4a8f-9a55-2c1d0e7b9a10';
const credentials = { TEAMS_DEV_ANONYMOUS: '', BOT_ID, BOT_PASSWORD: 'not-a-real-secret' };

describe('Teams with BOT_ID set, on the real server', () => {
  const database = createSqliteTestDatabase();
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness(database, { env: credentials });
  });
  afterAll(async () => {
    await h?.close();
    await database.drop();
  });

  it('refuses a request without a Bearer token with 401, before anything is processed', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Basic dXNlcjpwYXNz' },
    ];
    for (const headers of attempts) {
      const response = await h.post(fixture('personal-message', { text: 'help' }), { headers });
      expect(response.status).toBe(401);
      expect(response.body).not.toMatch(/ at |Error:/);
    }
    expect(h.connector.calls).toHaveLength(0);
    expect(await h.store.db.selectFrom('processed_events').selectAll().execute()).toHaveLength(0);
    expect(await h.store.db.selectFrom('conversation_refs').selectAll().execute()).toHaveLength(0);
  });
});

describe('Teams with BOT_ID set, tokens checked against a local OpenID endpoint', () => {
  let database: TestDatabase;
  let identity: FakeIdentity;
  let connector: FakeTeamsConnector;
  let runtime: Runtime;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    database = createSqliteTestDatabase();
    identity = await startFakeIdentity();
    connector = await startFakeTeamsConnector();
    const config = parseConfig({ ...credentials, DATABASE_URL: database.url, PORT: '0', LOCAL_CHAT: '0' });
    const log = pino({ level: 'silent' });
    runtime = await createTestRuntime(config, log);
    const surface = await createTeamsSurface(
      { config, core: runtime.core, log },
      { authEndpoints: { ToBotFromChannelOpenIdMetadataUrl: identity.openIdMetadataUrl } },
    );
    const app = express();
    surface!.mount(app);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await runtime?.close();
    await connector?.close();
    await identity?.close();
    await database?.drop();
  });

  async function send(question: string, token: string) {
    const activity = { ...fixture('personal-message', { text: question }), serviceUrl: connector.serviceUrl };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    return response.status;
  }
  const logged = async (question: string) =>
    (
      await runtime.core.services.store.db
        .selectFrom('question_log')
        .select('id')
        .where('question', '=', question)
        .execute()
    ).length;

  it('accepts an activity whose token is signed by the channel for this bot and this service URL', async () => {
    const question = `who approves travel? ${randomUUID()}`;
    const status = await send(question, identity.sign({ aud: BOT_ID, serviceurl: connector.serviceUrl }));
    expect(status).toBe(200);
    expect(await logged(question)).toBe(1);
  });

  it('refuses tokens for another bot, for another service URL, or signed with an unknown key', async () => {
    const cases = [
      identity.sign({ aud: '00000000-0000-0000-0000-000000000000', serviceurl: connector.serviceUrl }),
      identity.sign({ aud: BOT_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' }),
      identity.sign({ aud: BOT_ID, serviceurl: connector.serviceUrl }, { foreignKey: true }),
      identity.sign({
        aud: BOT_ID,
        serviceurl: connector.serviceUrl,
        exp: Math.floor(Date.now() / 1000) - 3600,
      }),
    ];
    for (const token of cases) {
      const question = `who signs? ${randomUUID()}`;
      expect(await send(question, token)).toBe(401);
      expect(await logged(question)).toBe(0);
    }
    expect(connector.calls).toHaveLength(0);
  });
});
