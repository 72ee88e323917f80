import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { withRequestId } from '../logger.js';
import { httpRequestDuration, httpRequestsTotal } from '../observability/metrics.js';
import { requestIdFrom } from './request-id.js';
import { isQuietRoute, methodLabel, routeLabel } from './route-label.js';

/**
 * Gives every request an id (`x-request-id`, echoed in the response and available to handlers as
 * `res.locals.requestId`) and runs its handling with that id, so every log line written meanwhile, by
 * any module, carries `reqId` (see withRequestId); when it ends it logs one line (method, path without
 * the query string, status, duration) and records the HTTP metrics. Bodies, headers and query
 * strings are never logged: they may hold message text or secrets.
 */
export function observeRequests(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
    const method = req.method;
    res.locals.requestId = requestId;
    // `reqId` comes from the logger's mixin while the request is handled; a child binding would write it twice.
    res.locals.log = log;
    res.setHeader('x-request-id', requestId);

    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(path);
      const status = aborted && !res.headersSent ? 499 : res.statusCode;
      httpRequestsTotal.inc({ method: methodLabel(method), route, status: String(status) });
      httpRequestDuration.observe({ route }, seconds);
      // Response events fire from the socket, outside the request's async context: name the id here.
      const line = { reqId: requestId, method, path, status, durationMs: Math.round(seconds * 10_000) / 10 };
      if (isQuietRoute(route)) log.debug(line, 'request');
      else if (status >= 500) log.error(line, 'request failed');
      else if (aborted) log.info(line, 'request aborted by client');
      else log.info(line, 'request');
    };
    res.once('finish', () => finish(false));
    res.once('close', () => finish(!res.writableFinished));
    withRequestId(requestId, next);
  };
}
