import type { Application, TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../../src/core/clock.js';
import { platformErrorsTotal } from '../../src/observability/metrics.js';
import type { Store } from '../../src/store/database.js';
import { claimEvent } from '../../src/store/processed-events.js';
import { PLATFORM } from './conversation-reference.js';
import { gateRequest } from './inbound/request-gate.js';

export const MESSAGES_PATH = '/api/messages';
/** Teams redelivers an activity it got no answer to within seconds; a day covers every retry. */
const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_BODY = '256kb';

export interface EndpointDeps {
  adapter: TeamsAdapter;
  app: Application;
  store: Store;
  clock: Clock;
  log: Logger;
  anonymous: boolean;
}

export interface MessagesEndpoint {
  router: Router;
  /** Refuses new requests and waits (up to `graceMs`) for those in flight. */
  drain(graceMs: number): Promise<void>;
}

/**
 * `POST /api/messages`: gate the request (credentials or loopback), then let the adapter verify and
 * run the turn. A redelivered activity (same id in the same conversation) is processed once.
 */
export function createMessagesEndpoint(deps: EndpointDeps): MessagesEndpoint {
  const { adapter, app, store, clock, log } = deps;
  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];

  async function runOnce(context: TurnContext): Promise<void> {
    const key = dedupeKey(context);
    if (key && !(await claimEvent(store, key, DEDUPE_TTL_MS, clock.now()))) {
      log.info({ key }, 'teams: duplicate delivery ignored');
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
      }
      return;
    }
    await app.run(context);
  }

  async function handle(req: Request, res: Response): Promise<void> {
    if (draining) {
      res.status(503).json({ error: 'shutting down' });
      return;
    }
    const gate = gateRequest(req.body, req.headers.authorization, { anonymous: deps.anonymous });
    if (!gate.ok) {
      platformErrorsTotal.inc({ platform: PLATFORM, kind: gate.status === 400 ? 'bad_request' : 'refused' });
      log.warn({ status: gate.status, reason: gate.reason }, 'teams: request refused');
      res.status(gate.status).json({ error: gate.reason });
      return;
    }
    inFlight++;
    try {
      await adapter.process(req, guardedResponse(res, log), runOnce);
    } finally {
      if (--inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
    }
  }

  const router = express.Router();
  router.post(MESSAGES_PATH, express.json({ limit: MAX_BODY }), (req, res, next) => {
    handle(req, res).catch(next);
  });
  router.all(MESSAGES_PATH, (_req, res) => {
    res.status(405).set('Allow', 'POST').json({ error: 'POST only' });
  });
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, _next) => {
    const status = error.status === 413 ? 413 : error.type === 'entity.parse.failed' ? 400 : 500;
    if (status === 500) {
      platformErrorsTotal.inc({ platform: PLATFORM, kind: 'endpoint' });
      log.error({ err: error }, 'teams: request failed');
    }
    if (!res.headersSent)
      res.status(status).json({ error: status === 500 ? 'internal error' : 'bad request' });
  };
  router.use(MESSAGES_PATH, onError);

  return {
    router,
    async drain(graceMs) {
      draining = true;
      if (inFlight === 0) return;
      await Promise.race([
        new Promise<void>((resolve) => idle.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    },
  };
}

/** jsonwebtoken's verification failures, which the adapter reports as 500 instead of 401. */
const TOKEN_FAILURE =
  /^(invalid signature|invalid token|invalid algorithm|jwt (malformed|expired|not active|signature is required|audience invalid|issuer invalid|id invalid|subject invalid)|The token has expired|Signing Key could not be retrieved)/i;

/**
 * The response the adapter writes to. It reports its own failures with the error's message as the
 * body (e.g. an unreachable OpenID endpoint); callers get a generic line instead, and a token that
 * fails verification gets 401 rather than a retry-inviting 500.
 */
function guardedResponse(res: Response, log: Logger) {
  let status = 200;
  return {
    socket: res.socket,
    header: (name: string, value: unknown) => res.header(name, String(value)),
    status(code: number) {
      status = code;
      res.status(code);
    },
    send(body: unknown) {
      if (status < 400) {
        res.send(body);
        return;
      }
      if (status >= 500 && typeof body === 'string' && TOKEN_FAILURE.test(body)) {
        status = 401;
        res.status(401);
      }
      if (status === 401) platformErrorsTotal.inc({ platform: PLATFORM, kind: 'unauthorized' });
      else platformErrorsTotal.inc({ platform: PLATFORM, kind: 'adapter' });
      log.warn(
        { status, detail: typeof body === 'string' ? body.slice(0, 300) : undefined },
        'teams: adapter refused the request',
      );
      res.json({ error: status === 401 ? 'unauthorized' : status < 500 ? 'bad request' : 'internal error' });
    },
    end() {
      if (!res.writableEnded) res.end();
    },
  };
}

function dedupeKey(context: TurnContext): string | undefined {
  const { id, conversation, type, name } = context.activity;
  if (!id || !conversation?.id) return undefined;
  // Typeahead searches are read-only and frequent: no claim needed.
  if (type === ActivityTypes.Invoke && name === 'application/search') return undefined;
  return `${PLATFORM}:${conversation.id}:${id}`;
}
