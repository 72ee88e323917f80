import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Slack's servers on 127.0.0.1: the Web API (`POST /api/<method>`), response
 * URLs (`POST /response/<id>`), file upload URLs (`POST /upload/<file id>`, handed out by
 * `files.getUploadURLExternal`) and a Socket Mode WebSocket (`/socket`, handed out by
 * `apps.connections.open`). It records every call, answers like Slack does, and can be told to fail
 * (rate limits with Retry-After, `not_in_channel`, `missing_scope`, expired triggers, …).
 */

export interface RecordedCall {
  method: string;
  /** Form or JSON arguments; values that were JSON (blocks, view) are parsed. */
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** Position among all requests the fake received (API calls, response_url and upload posts). */
  seq: number;
}

/** A file announced with `files.getUploadURLExternal`, its bytes and where it was shared. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  length: number;
  /** The raw bytes POSTed to the upload URL (absent until they arrive). */
  bytes?: Buffer;
  contentType?: string;
  /** `seq` of the upload POST. */
  uploadSeq?: number;
  /** Set by `files.completeUploadExternal`. */
  shared?: {
    channelId?: string;
    threadTs?: string;
    title?: string;
    initialComment?: string;
    seq: number;
  };
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ScriptedAnswer {
  /** Answer only after this long (a slow Slack). */
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeUser {
  tz?: string;
  locale?: string;
  name?: string;
}

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** users.info answers; unknown users get Europe/Stockholm and en-US. */
  users?: Record<string, FakeUser>;
  /** Stop recording after this many calls (benchmarks). */
  maxRecords?: number;
}

export interface FakeSlack {
  readonly url: string;
  /** The value for SLACK_API_URL. */
  readonly apiUrl: string;
  readonly calls: RecordedCall[];
  readonly responses: RecordedResponse[];
  /** Every file announced with files.getUploadURLExternal, in order. */
  readonly uploads: FakeUpload[];
  users: Record<string, FakeUser>;
  /** A fresh response_url on this fake. */
  responseUrl(id?: string): string;
  /**
   * The next `times` calls of `method` get this answer instead of the default; `upload_url` scripts
   * the POSTs of file bytes (a scripted upload stores nothing).
   */
  script(method: string, answer: ScriptedAnswer, times?: number): void;
  callsTo(method: string): RecordedCall[];
  /** How many calls of a method (or `response_url` posts) arrived, recorded or not. */
  received(method: string): number;
  responsesTo(id: string): RecordedResponse[];
  /** Files shared with `files.completeUploadExternal` (with their bytes). */
  sharedFiles(): FakeUpload[];
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Socket Mode: sends an envelope to the connected app and resolves with its ack. */
  sendEnvelope(envelope: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  socketConnected(timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const teamId = options.teamId ?? 'T123ABC456';
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const uploads: FakeUpload[] = [];
  let seq = 0;
  const scripts = new Map<string, ScriptedAnswer[]>();
  const counts = new Map<string, number>();
  const tally = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let counter = 0;
  let sockets: WebSocket[] = [];
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, res, raw))
      .catch(() => {
        res.statusCode = 500;
        res.end();
      });
  });
  const wss = new WebSocketServer({ server, path: '/socket' });
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      try {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        const id = message.envelope_id;
        if (typeof id === 'string') acks.get(id)?.(message);
      } catch {
        // not JSON: ignore
      }
    });
    socket.on('close', () => {
      sockets = sockets.filter((s) => s !== socket);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A123' },
        debug_info: {},
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  function nextTs(): string {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`;
  }

  function defaultAnswer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'ansvar',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
        };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/socket` };
      case 'chat.postMessage': {
        const ts = nextTs();
        return { ok: true, channel: args.channel, ts, message: { text: args.text, ts, bot_id: botId } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${++counter}`, ...(args.view as object) } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++counter).padStart(8, '0')}`;
        uploads.push({ fileId, filename: String(args.filename ?? ''), length: Number(args.length ?? 0) });
        return { ok: true, upload_url: `${url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : [];
        const found = files.map((f) => uploads.find((u) => u.fileId === f.id && u.bytes && !u.shared));
        // Like Slack: only files whose bytes arrived can be completed, and each only once.
        if (files.length === 0 || found.some((u) => !u)) return { ok: false, error: 'file_not_found' };
        found.forEach((upload, i) => {
          const title = files[i]?.title;
          upload!.shared = {
            ...(typeof args.channel_id === 'string' ? { channelId: args.channel_id } : {}),
            ...(typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {}),
            ...(typeof title === 'string' ? { title } : {}),
            ...(typeof args.initial_comment === 'string' ? { initialComment: args.initial_comment } : {}),
            seq,
          };
        });
        return { ok: true, files: found.map((u) => ({ id: u!.fileId, name: u!.filename })) };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users || users.includes(',')) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, channel: { id: `D${users}` } };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const user = state.users[id] ?? {};
        return {
          ok: true,
          user: {
            id,
            name: user.name ?? id.toLowerCase(),
            tz: user.tz ?? 'Europe/Stockholm',
            locale: user.locale ?? 'en-US',
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    seq += 1;
    if (path.startsWith('/upload/')) {
      tally('upload_url');
      const scripted = scripts.get('upload_url')?.shift();
      if (scripted) return answer(res, scripted);
      const upload = uploads.find((u) => u.fileId === decodeURIComponent(path.slice('/upload/'.length)));
      if (!upload) {
        res.statusCode = 404;
        return void res.end('Not Found');
      }
      upload.bytes = body;
      upload.contentType = String(req.headers['content-type'] ?? '');
      upload.uploadSeq = seq;
      res.setHeader('content-type', 'text/plain');
      return void res.end(`OK - ${body.length}`);
    }
    const raw = body.toString('utf8');
    if (path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      tally('response_url');
      if (responses.length < maxRecords) responses.push({ id, body: parseJson(raw), at: Date.now() });
      const scripted = scripts.get(`response:${id}`)?.shift();
      if (scripted) return answer(res, scripted);
      return answer(res, { body: { ok: true } });
    }
    if (path === '/_stats') return answer(res, { body: Object.fromEntries(counts) });
    if (!path.startsWith('/api/'))
      return answer(res, { status: 404, body: { ok: false, error: 'not_found' } });
    const method = path.slice('/api/'.length);
    tally(method);
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const token =
      String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') ||
      (args.token as string | undefined);
    if (calls.length < maxRecords)
      calls.push({ method, args, ...(token ? { token } : {}), at: Date.now(), seq });
    const scripted = scripts.get(method)?.shift();
    if (scripted) return answer(res, scripted);
    if (!token) return answer(res, { body: { ok: false, error: 'not_authed' } });
    return answer(res, { body: defaultAnswer(method, args) });
  }

  const state = {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    uploads,
    users: options.users ?? {},
    responseUrl(id = `r${++counter}`) {
      return `${url}/response/${encodeURIComponent(id)}`;
    },
    script(method: string, scripted: ScriptedAnswer, times = 1) {
      const list = scripts.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(scripted);
      scripts.set(method, list);
    },
    callsTo(method: string) {
      return calls.filter((c) => c.method === method);
    },
    received(method: string) {
      return counts.get(method) ?? 0;
    },
    responsesTo(id: string) {
      return responses.filter((r) => r.id === id);
    },
    sharedFiles() {
      return uploads.filter((u) => u.shared);
    },
    async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error('fake Slack: timed out waiting for the expected call');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async socketConnected(timeoutMs = 5000) {
      await state.waitFor(() => sockets.length > 0, timeoutMs);
    },
    sendEnvelope(envelope: Record<string, unknown>, timeoutMs = 5000) {
      const socket = sockets[0];
      if (!socket) return Promise.reject(new Error('fake Slack: no Socket Mode connection'));
      const id = String(envelope.envelope_id);
      return new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => {
          acks.delete(id);
          reject(new Error(`fake Slack: no ack for envelope ${id}`));
        }, timeoutMs);
        acks.set(id, (ack) => {
          clearTimeout(timer);
          acks.delete(id);
          resolve(ack);
        });
        socket.send(JSON.stringify(envelope));
      });
    },
    reset() {
      counts.clear();
      calls.length = 0;
      responses.length = 0;
      uploads.length = 0;
      scripts.clear();
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

function answer(res: ServerResponse, scripted: ScriptedAnswer): void {
  if (scripted.delayMs) {
    const { delayMs, ...rest } = scripted;
    setTimeout(() => answer(res, rest), delayMs);
    return;
  }
  res.statusCode = scripted.status ?? 200;
  for (const [name, value] of Object.entries(scripted.headers ?? {})) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(scripted.body ?? { ok: true }));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return parseJson(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value)
      ? (() => {
          try {
            return JSON.parse(value) as unknown;
          } catch {
            return value;
          }
        })()
      : value;
  }
  return args;
}
