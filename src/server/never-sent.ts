/** Errors from before a connection existed: the request never left (nothing can have happened). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a network-level error proves an outgoing request was never sent, so retrying it cannot
 * act twice. Looks through the wrappers clients put around the cause (fetch's `cause`, Slack's
 * web-api `original`).
 */
export function neverSent(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, cause, original } = e as { code?: unknown; cause?: unknown; original?: unknown };
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    e = original ?? cause;
  }
  return false;
}
