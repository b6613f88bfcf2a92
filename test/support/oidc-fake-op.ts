// A small OpenID Provider of our own for hostile cases: discovery, JWKS, token and userinfo
// endpoints on loopback, with ID tokens the test builds and signs itself (jose). Real HTTP, real
// signatures; only the content is hostile.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

export interface SigningKey { kid: string; privateKey: CryptoKey; publicJwk: JWK }

export async function makeKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export interface TokenRequest { nonce: string; clientId: string; issuer: string; now: number }

export interface FakeOp {
  issuer: string;
  /** Keys published at jwks_uri. */
  published: SigningKey[];
  /** Builds the id_token the token endpoint returns for the pending sign-in. */
  idToken: (req: TokenRequest) => Promise<string>;
  userinfo: Record<string, unknown> | null;
  /** The nonce of the last authorization request (read by the test from the redirect). */
  nonce: string;
  close(): Promise<void>;
}

export async function startFakeOp(clientId: string): Promise<FakeOp> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await makeKey('k1');
  const op: FakeOp = {
    issuer, published: [key], userinfo: null, nonce: '',
    idToken: (req) => signIdToken(key, { iss: req.issuer, aud: req.clientId, sub: 'user-1', nonce: req.nonce, email: 'x@example.com', email_verified: true }, req.now),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
  server.on('request', async (req, res) => {
    const send = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    const url = new URL(req.url!, issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`, response_types_supported: ['code'], subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return send(200, { keys: op.published.map((k) => k.publicJwk) });
    if (url.pathname === '/token') {
      const idToken = await op.idToken({ nonce: op.nonce, clientId, issuer, now: Math.floor(Date.now() / 1000) });
      return send(200, { access_token: 'at-' + Math.random().toString(36).slice(2), token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    if (url.pathname === '/userinfo') return op.userinfo ? send(200, op.userinfo) : send(401, { error: 'invalid_token' });
    send(404, { error: 'not_found' });
  });
  return op;
}

export function signIdToken(key: SigningKey, claims: Record<string, unknown>, now: number, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}
