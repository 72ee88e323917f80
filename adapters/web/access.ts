import { isIP } from 'node:net';

/**
 * Who may use the local chat page. By default only this machine: the connection must come from a
 * loopback address, not through a proxy (a proxy on the same host would otherwise make every
 * outside visitor look local), and name a loopback host (so a web page using DNS rebinding cannot
 * reach it). Whatever the mode, a browser request from another site is refused.
 */

export interface AccessRequest {
  remoteAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  method: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** The host part of a Host header: `localhost:3978` → `localhost`, `[::1]:3978` → `::1`. */
export function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || isLoopbackAddress(hostname);
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function header(request: AccessRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function decideAccess(request: AccessRequest, options: { public: boolean }): AccessDecision {
  const host = header(request, 'host');
  if (!options.public) {
    if (!isLoopbackAddress(request.remoteAddress)) return { allowed: false, reason: 'not a loopback client' };
    if (PROXY_HEADERS.some((name) => header(request, name) !== undefined)) {
      return { allowed: false, reason: 'forwarded by a proxy' };
    }
    if (!host || !isLoopbackHostname(hostnameOf(host)))
      return { allowed: false, reason: 'not a loopback host name' };
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const fetchSite = header(request, 'sec-fetch-site');
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return { allowed: false, reason: 'cross-site request' };
    }
    const origin = header(request, 'origin');
    if (origin !== undefined && !sameOrigin(origin, host))
      return { allowed: false, reason: 'cross-origin request' };
  }
  return { allowed: true };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
