import { IANAZone } from 'luxon';
import type { Logger } from 'pino';
import type { SlackApi } from './slack-api.js';

/** What Slack tells us about a user that changes how replies read: time zone and locale. */
export interface UserProfile {
  timezone?: string;
  locale?: string;
  name?: string;
}

/** How long a reply waits for a first-time user's users.info before going ahead without their time zone. */
export const PROFILE_WAIT_MS = 800;

export interface UserProfiles {
  /** Resolves within `waitMs` (the lookup keeps filling the cache in the background when slower). */
  get(userId: string, waitMs?: number): Promise<UserProfile>;
}

export interface UserProfileOptions {
  ttlMs?: number;
  /** Failed lookups (e.g. the `users:read` scope is missing) are retried after this long. */
  failureTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  expires: number;
  profile: Promise<UserProfile>;
  /** Set once the lookup has finished: the common case answers without awaiting anything. */
  settled?: UserProfile;
}

/** `users.info` results cached in memory per process with a TTL; concurrent lookups share one call. */
export function createUserProfiles(
  api: SlackApi,
  log: Logger,
  options: UserProfileOptions = {},
): UserProfiles {
  const ttl = options.ttlMs ?? 60 * 60_000;
  const failureTtl = options.failureTtlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  function lookup(userId: string): Entry {
    const cached = cache.get(userId);
    if (cached && cached.expires > now()) return cached;
    const entry: Entry = { expires: now() + ttl, profile: Promise.resolve({}) };
    entry.profile = api.call('users.info', { user: userId, include_locale: true }).then(
      (result) => (entry.settled = profileFrom(result.user)),
      (error: unknown) => {
        entry.expires = now() + failureTtl;
        log.warn({ err: error, user: userId }, 'users.info failed; replying without the user time zone');
        return (entry.settled = {});
      },
    );
    cache.delete(userId);
    cache.set(userId, entry);
    if (cache.size > maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return entry;
  }

  return {
    async get(userId, waitMs) {
      const entry = lookup(userId);
      if (entry.settled) return entry.settled;
      const profile = entry.profile;
      if (waitMs === undefined) return profile;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<UserProfile>((resolve) => {
        timer = setTimeout(() => resolve({}), waitMs);
      });
      try {
        return await Promise.race([profile, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export function profileFrom(user: unknown): UserProfile {
  if (!user || typeof user !== 'object') return {};
  const u = user as {
    tz?: unknown;
    locale?: unknown;
    real_name?: unknown;
    name?: unknown;
    profile?: { display_name?: unknown };
  };
  const profile: UserProfile = {};
  if (typeof u.tz === 'string' && IANAZone.isValidZone(u.tz)) profile.timezone = u.tz;
  if (typeof u.locale === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(u.locale))
    profile.locale = u.locale;
  const display = u.profile?.display_name;
  const name =
    typeof display === 'string' && display ? display : typeof u.real_name === 'string' ? u.real_name : u.name;
  if (typeof name === 'string' && name) profile.name = name.slice(0, 100);
  return profile;
}
