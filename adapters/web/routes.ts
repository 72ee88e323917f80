import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Core } from '../../src/core/create-core.js';
import { findForm } from '../../src/core/reply.js';
import { decideAccess } from './access.js';
import { identityCookie, newVisitorId, visitorIdFromCookies } from './identity.js';
import { renderReplyHtml } from './render-html.js';
import { securityHeaders } from './security-headers.js';
import { toTurn, turnRequestSchema } from './turn-request.js';

/** Largest request body `/chat/turn` reads; far above any real message or form. */
export const TURN_BODY_LIMIT = '32kb';

export interface LocalChatOptions {
  core: Core;
  log: Logger;
  assetsDir: string;
  public: boolean;
  now?: () => Date;
}

/** The routes of the local chat page: `/` (the page), `/chat/assets/*`, `/chat/session`, `/chat/turn`. */
export function localChatRoutes(options: LocalChatOptions): Router {
  const router = express.Router();
  const guard = accessGuard(options.public, options.log);
  const now = options.now ?? (() => new Date());

  router.get('/', guard, securityHeaders, (_req, res) => {
    res.sendFile(join(options.assetsDir, 'index.html'));
  });
  router.use('/chat', guard, securityHeaders);
  router.use(
    '/chat/assets',
    express.static(options.assetsDir, { index: false, dotfiles: 'ignore', fallthrough: false }),
  );

  router.get('/chat/session', (req, res) => {
    res.json({ user: `web:${visitorId(req, res)}` });
  });

  router.post('/chat/turn', express.json({ limit: TURN_BODY_LIMIT, strict: true }), async (req, res) => {
    if (!req.is('application/json')) {
      res.status(415).json({ error: 'send the message as application/json' });
      return;
    }
    const parsed = turnRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      res
        .status(400)
        .json({ error: first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'bad request' });
      return;
    }
    const id = visitorId(req, res);
    const turn = toTurn(parsed.data, id, now());
    const log: Logger = res.locals.log ?? options.log;
    log.debug({ input: turn.input }, 'local chat turn');
    const reply = await options.core.router.handle(turn);
    res.json({
      html: renderReplyHtml(reply, { idPrefix: `m${randomBytes(4).toString('hex')}` }),
      text: reply.text,
      visibility: reply.visibility,
      replaceOriginal: reply.replaceOriginal === true,
      hasForm: findForm(reply) !== undefined,
      reply,
    });
  });

  return router;
}

function visitorId(req: Request, res: Response): string {
  const existing = visitorIdFromCookies(req.headers.cookie);
  if (existing) return existing;
  const id = newVisitorId();
  const https = req.secure || req.headers['x-forwarded-proto'] === 'https';
  res.setHeader('set-cookie', identityCookie(id, { secure: https }));
  return id;
}

function accessGuard(isPublic: boolean, log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const decision = decideAccess(
      { remoteAddress: req.socket.remoteAddress, headers: req.headers, method: req.method },
      { public: isPublic },
    );
    if (decision.allowed) {
      next();
      return;
    }
    const requestLog: Logger = res.locals.log ?? log;
    requestLog.warn({ reason: decision.reason }, 'local chat request refused');
    const message = isPublic
      ? 'Requests from other sites are refused.'
      : 'The local chat page only answers on this machine (set LOCAL_CHAT_PUBLIC=1 to open it to others).';
    res.status(403).type('text/plain').send(message);
  };
}
