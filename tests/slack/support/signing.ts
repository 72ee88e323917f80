import { createHmac } from 'node:crypto';

/** Slack's request signing (v0): HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers Slack sends with a signed request. */
export function signedHeaders(
  secret: string,
  body: string,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** A slash-command body like Slack's, from a recorded one with fields replaced. */
export function commandBody(recorded: string, fields: Record<string, string>): string {
  const params = new URLSearchParams(recorded);
  for (const [key, value] of Object.entries(fields)) params.set(key, value);
  return params.toString();
}

/** An interactive payload as Slack posts it: `payload=<url-encoded JSON>`. */
export function interactionBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
