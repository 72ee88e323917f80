import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** A short, safe message for a client error raised by body parsing or a handler (never a stack trace). */
export function clientErrorMessage(status: number, type: string | undefined): string {
  if (status === 413 || type === 'entity.too.large') return 'request body too large';
  if (type === 'entity.parse.failed') return 'request body is not valid JSON';
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return 'unsupported body encoding';
  if (status === 415) return 'unsupported content type';
  if (status === 404) return 'not found';
  if (status === 405) return 'method not allowed';
  return 'bad request';
}

export function notFound(_req: Request, res: Response): void {
  res.status(404).json({ error: 'not found' });
}

/** The last middleware: answers any error with a short JSON message; details go to the log only. */
export function errorHandler(log: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const e = (error ?? {}) as HttpishError;
    const candidate = e.status ?? e.statusCode;
    const status = typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : 500;
    const requestLog: Logger = res.locals.log ?? log;
    const reqId: unknown = res.locals.requestId;
    if (status >= 500) requestLog.error({ reqId, err: error }, 'request handler failed');
    else requestLog.debug({ reqId, status, type: e.type }, 'client error');
    if (res.headersSent) {
      res.socket?.destroy();
      return;
    }
    const message = status >= 500 ? 'internal error' : clientErrorMessage(status, e.type);
    res.status(status).json({ error: message, requestId: res.locals.requestId });
  };
}
