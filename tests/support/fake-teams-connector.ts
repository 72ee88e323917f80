import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service (Teams' `serviceUrl`) on 127.0.0.1. It records
 * every call the bot makes and answers `{"id": "..."}` like the real one; tests can queue failures
 * (429 with Retry-After, 5xx) for the next calls. It also creates 1:1 conversations
 * (`POST /v3/conversations`, one id per user, as Teams reuses the existing chat) and stands in for
 * the OneDrive upload session of a file consent (`PUT /upload/{name}`, see `uploadUrl`).
 */
export interface ConnectorCall {
  method: string;
  path: string;
  /** Decoded conversation id from `/v3/conversations/{id}/…`. */
  conversationId?: string;
  /** The activity id in the path: the replied-to activity (POST) or the updated one (PUT). */
  activityId?: string;
  /**
   * `reply` (POST …/activities/{id}), `send` (POST …/activities), `update` (PUT …/activities/{id}),
   * `create` (POST /v3/conversations), `upload` (PUT /upload/{name}).
   */
  kind: 'reply' | 'send' | 'update' | 'create' | 'upload' | 'other';
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The body's bytes as received. */
  raw: Buffer;
  /** The status the fake answered with. */
  status: number;
  /** The id the fake gave the posted activity (successful posts only). */
  id?: string;
}

export interface QueuedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeTeamsConnector {
  /** The `serviceUrl` to put into activities (with trailing slash, like Teams'). */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** Successful posts and updates of activities. */
  delivered(): ConnectorCall[];
  /** Calls of one kind (any status). */
  callsOf(kind: ConnectorCall['kind']): ConnectorCall[];
  /** An upload URL on this fake, as Teams puts into a file consent accept. */
  uploadUrl(name: string): string;
  /** The next calls get these responses, in order, instead of success. */
  failNext(...responses: QueuedResponse[]): void;
  /** Resolves when `count` activities have been delivered (or rejects after `timeoutMs`). */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<ConnectorCall[]>;
  reset(): void;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const CREATE_PATH = /^\/v3\/conversations\/?$/;
const UPLOAD_PATH = /^\/upload\/[^/]+$/;

/** `host`: where to listen (default 127.0.0.1); the serviceUrl names `advertise` (default: the host). */
export async function startFakeTeamsConnector(
  host = '127.0.0.1',
  advertise = host,
): Promise<FakeTeamsConnector> {
  const calls: ConnectorCall[] = [];
  const queue: QueuedResponse[] = [];
  const waiters: (() => void)[] = [];
  const personalChats = new Map<string, string>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the raw text
      }
      const path = (req.url ?? '/').split('?')[0]!;
      const match = ACTIVITY_PATH.exec(path);
      const method = req.method ?? 'GET';
      const special: ConnectorCall['kind'] | undefined =
        method === 'POST' && CREATE_PATH.test(path)
          ? 'create'
          : method === 'PUT' && UPLOAD_PATH.test(path)
            ? 'upload'
            : undefined;
      const kind: ConnectorCall['kind'] = special
        ? special
        : !match
          ? 'other'
          : method === 'PUT'
            ? 'update'
            : method === 'POST'
              ? match[2]
                ? 'reply'
                : 'send'
              : 'other';
      const queued = queue.shift();
      if (!queued && special) {
        const answer = kind === 'create' ? createConversation(body) : { id: randomUUID() };
        const status = kind === 'create' && !answer ? 400 : 201;
        calls.push({ method, path, kind, headers: req.headers, body, raw, status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer ?? { error: { code: 'BadArgument', message: 'no member' } }));
        waiters.splice(0).forEach((wake) => wake());
        return;
      }
      const status = queued?.status ?? (match ? 200 : 404);
      const id =
        !queued && match
          ? kind === 'update'
            ? decodeURIComponent(match[2]!)
            : `fake-${randomUUID()}`
          : undefined;
      calls.push({
        method,
        path,
        ...(match ? { conversationId: decodeURIComponent(match[1]!) } : {}),
        ...(match?.[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
        kind,
        headers: req.headers,
        body,
        raw,
        status,
        ...(id ? { id } : {}),
      });
      res.writeHead(status, { 'content-type': 'application/json', ...(queued?.headers ?? {}) });
      res.end(
        JSON.stringify(
          queued
            ? (queued.body ?? { error: { code: 'Fake', message: `status ${status}` } })
            : id
              ? { id }
              : {},
        ),
      );
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  /** Teams answers a create for the same user with the same 1:1 chat. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function createConversation(body: any): { id: string } | undefined {
    const member = body?.members?.[0]?.id;
    if (typeof member !== 'string' || body?.isGroup !== false) return undefined;
    let id = personalChats.get(member);
    if (!id) personalChats.set(member, (id = `a:fake-personal-${randomUUID()}`));
    return { id };
  }

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;

  const activityKinds = new Set<ConnectorCall['kind']>(['reply', 'send', 'update']);
  const delivered = () => calls.filter((c) => activityKinds.has(c.kind) && c.status >= 200 && c.status < 300);
  const serviceUrl = `http://${advertise.includes(':') ? `[${advertise}]` : advertise}:${port}/`;

  return {
    serviceUrl,
    calls,
    delivered,
    callsOf: (kind) => calls.filter((c) => c.kind === kind),
    uploadUrl: (name) => `${serviceUrl}upload/${encodeURIComponent(name)}`,
    failNext(...responses) {
      queue.push(...responses);
    },
    async waitForDeliveries(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (delivered().length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} deliveries, got ${delivered().length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return delivered();
    },
    reset() {
      calls.length = 0;
      queue.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
