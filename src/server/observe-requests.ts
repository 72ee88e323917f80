import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { httpRequestDuration, httpRequestsTotal } from '../observability/metrics.js';
import { requestIdFrom } from './request-id.js';
import { isQuietRoute, methodLabel, routeLabel } from './route-label.js';

/**
 * Gives every request an id (`x-request-id`, echoed in the response and available to handlers as
 * `res.locals.requestId` / `res.locals.log`), and when it ends logs one line (method, path without
 * the query string, status, duration) and records the HTTP metrics. Bodies, headers and query
 * strings are never logged: they may hold message text or secrets.
 */
export function observeRequests(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
    const method = req.method;
    const requestLog = log.child({ reqId: requestId });
    res.locals.requestId = requestId;
    res.locals.log = requestLog;
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
      const line = { method, path, status, durationMs: Math.round(seconds * 10_000) / 10 };
      if (isQuietRoute(route)) requestLog.debug(line, 'request');
      else if (status >= 500) requestLog.error(line, 'request failed');
      else if (aborted) requestLog.info(line, 'request aborted by client');
      else requestLog.info(line, 'request');
    };
    res.once('finish', () => finish(false));
    res.once('close', () => finish(!res.writableFinished));
    next();
  };
}
