import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Framework's token-signing side: an OpenID configuration and a JWKS
 * with one RSA key endorsed for `msteams`, and a signer for channel tokens like the ones the Bot
 * Connector sends with every activity. Lets the credentialed path be tested without the internet.
 */
export interface FakeIdentity {
  readonly openIdMetadataUrl: string;
  /** An RS256 token signed with the published key (or with `foreignKey`, which nobody published). */
  sign(claims: Record<string, unknown>, options?: { foreignKey?: boolean; kid?: string }): string;
  close(): Promise<void>;
}

export const CHANNEL_ISSUER = 'https://api.botframework.com';

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export async function startFakeIdentity(): Promise<FakeIdentity> {
  const kid = `fake-${randomUUID()}`;
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: 'jwk' });

  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: CHANNEL_ISSUER,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(
        JSON.stringify({
          keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signWith = (key: KeyObject, header: object, payload: object) => {
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signature = createSign('RSA-SHA256').update(input).sign(key);
    return `${input}.${base64url(signature)}`;
  };

  return {
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: CHANNEL_ISSUER, nbf: now - 10, iat: now - 10, exp: now + 600, ...claims };
      return signWith(
        options.foreignKey ? foreign.privateKey : published.privateKey,
        { alg: 'RS256', typ: 'JWT', kid: options.kid ?? kid },
        payload,
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
