import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service (Teams' `serviceUrl`) on 127.0.0.1. It records
 * every call the bot makes and answers `{"id": "..."}` like the real one; tests can queue failures
 * (429 with Retry-After, 5xx) for the next calls.
 */
export interface ConnectorCall {
  method: string;
  path: string;
  /** Decoded conversation id from `/v3/conversations/{id}/…`. */
  conversationId?: string;
  /** The activity id in the path: the replied-to activity (POST) or the updated one (PUT). */
  activityId?: string;
  /** `reply` (POST …/activities/{id}), `send` (POST …/activities), `update` (PUT …/activities/{id}). */
  kind: 'reply' | 'send' | 'update' | 'other';
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
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
  /** The next calls get these responses, in order, instead of success. */
  failNext(...responses: QueuedResponse[]): void;
  /** Resolves when `count` activities have been delivered (or rejects after `timeoutMs`). */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<ConnectorCall[]>;
  reset(): void;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** `host`: where to listen (default 127.0.0.1); the serviceUrl names `advertise` (default: the host). */
export async function startFakeTeamsConnector(
  host = '127.0.0.1',
  advertise = host,
): Promise<FakeTeamsConnector> {
  const calls: ConnectorCall[] = [];
  const queue: QueuedResponse[] = [];
  const waiters: (() => void)[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the raw text
      }
      const path = (req.url ?? '/').split('?')[0]!;
      const match = ACTIVITY_PATH.exec(path);
      const method = req.method ?? 'GET';
      const kind: ConnectorCall['kind'] = !match
        ? 'other'
        : method === 'PUT'
          ? 'update'
          : method === 'POST'
            ? match[2]
              ? 'reply'
              : 'send'
            : 'other';
      const queued = queue.shift();
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
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;

  const delivered = () => calls.filter((c) => c.kind !== 'other' && c.status >= 200 && c.status < 300);

  return {
    serviceUrl: `http://${advertise.includes(':') ? `[${advertise}]` : advertise}:${port}/`,
    calls,
    delivered,
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
