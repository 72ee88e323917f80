import { randomBytes } from 'node:crypto';

/**
 * A visitor of the local chat page is `web:u-…`: a random id the server issues in an HttpOnly
 * cookie. The id cannot be chosen by the visitor (only ids of this exact shape are accepted), so
 * nobody can pose as a configured admin by typing a name; the name field is a display name only.
 */
export const IDENTITY_COOKIE = 'ansvar_web_user';
const ID_PATTERN = /^u-[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export function newVisitorId(): string {
  return `u-${randomBytes(16).toString('base64url')}`;
}

export function isVisitorId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** The visitor id from a Cookie header, when it carries a well-formed one. */
export function visitorIdFromCookies(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    if (pair.slice(0, eq).trim() !== IDENTITY_COOKIE) continue;
    const value = pair.slice(eq + 1).trim();
    if (isVisitorId(value)) return value;
  }
  return undefined;
}

/** `secure`: the page was reached over HTTPS (directly or through a proxy), so the cookie never travels in clear. */
export function identityCookie(id: string, options: { secure?: boolean } = {}): string {
  const base = `${IDENTITY_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${ONE_YEAR_SECONDS}`;
  return options.secure ? `${base}; Secure` : base;
}
