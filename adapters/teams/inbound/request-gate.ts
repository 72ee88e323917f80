import { isIP } from 'node:net';
import { activitySchema, type TeamsActivity } from './activity.js';

export type GateResult =
  { ok: true; activity: TeamsActivity } | { ok: false; status: 400 | 401 | 403; reason: string };

export interface GateOptions {
  /** No credentials configured (TEAMS_DEV_ANONYMOUS): only loopback service URLs may be named. */
  anonymous: boolean;
}

/**
 * Decides, before the Bot Framework adapter sees a request, whether it may be processed at all.
 * With credentials, a request without a Bearer JWT is refused here (the adapter then verifies the
 * token's signature, audience and service URL). Without credentials the adapter accepts anyone
 * and would post replies to whatever `serviceUrl` the caller names, so only loopback ones pass.
 */
export function gateRequest(
  body: unknown,
  authorization: string | undefined,
  options: GateOptions,
): GateResult {
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, reason: 'not a Bot Framework activity' };
  const activity = parsed.data;
  if (!options.anonymous) {
    if (!authorization || !/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(authorization.trim())) {
      return { ok: false, status: 401, reason: 'missing or malformed Bearer token' };
    }
    return { ok: true, activity };
  }
  if (!activity.serviceUrl || !isLoopbackUrl(activity.serviceUrl)) {
    return { ok: false, status: 403, reason: 'anonymous mode accepts only loopback serviceUrls' };
  }
  return { ok: true, activity };
}

/** http(s) URLs on 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}
