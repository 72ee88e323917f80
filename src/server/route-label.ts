/** Routes with their own metrics series; anything else is `other`, so scanners cannot blow up cardinality. */
const KNOWN_ROUTES = new Set([
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/slack/events',
  '/api/messages',
  '/chat/turn',
  '/chat/session',
]);
const KNOWN_PREFIXES = ['/chat/assets/'];
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function routeLabel(path: string): string {
  if (KNOWN_ROUTES.has(path)) return path;
  const prefix = KNOWN_PREFIXES.find((p) => path.startsWith(p));
  return prefix ? `${prefix}*` : 'other';
}

export function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'other';
}

/** Probes and static files are logged at debug so they do not drown the interesting lines. */
export function isQuietRoute(route: string): boolean {
  return (
    route === '/healthz' || route === '/readyz' || route === '/metrics' || route.startsWith('/chat/assets/')
  );
}
