import { createServer, type RequestListener, type Server } from 'node:http';

/** `http://HOST:PORT`, with IPv6 hosts in brackets. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Starts listening; rejects with a one-line, actionable message when the address cannot be used. */
export async function listen(
  handler: RequestListener,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new Error(describeListenError(error, host, port)));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { server, url: serverUrl(host, actualPort) };
}

export function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} is already in use: stop the other process or set PORT to a free port`;
    case 'EACCES':
      return `not allowed to listen on ${where}: use a port above 1023 or run with the needed rights`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `cannot listen on ${where}: HOST is not an address of this machine`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}

/**
 * Stops accepting connections and waits for open requests to finish; idle keep-alive connections
 * are closed at once, and whatever is still open after `graceMs` is cut.
 */
export async function closeHttpServer(server: Server, graceMs: number): Promise<{ forced: boolean }> {
  if (!server.listening) return { forced: false };
  let forced = false;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    forced = true;
    server.closeAllConnections();
  }, graceMs);
  await closed;
  clearTimeout(timer);
  return { forced };
}
