// Every ID token rule of OpenID Connect Core §3.1.3.7 (and userinfo §5.3.2), one named case
// each: a provider of our own (real HTTP, real signatures, jose) returns the hostile token and
// the test asserts the refusal CODE. Nobody is created by a refused sign-in.
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { makeKey, signIdToken, startFakeOp, type FakeOp, type TokenRequest } from '../../support/oidc-fake-op.js';
import { callCallback, startOidcLogin } from '../../support/oidc-flow.js';
import { addOidcConnection } from '../../../src/domain/sso/connections.js';
import type { SsoConnection } from '../../../src/db/schema.js';
import { UnsecuredJWT } from 'jose';

const CLIENT_ID = 'seatgate-test-client';
let domain = '';

type Hostile = (op: FakeOp, req: TokenRequest) => Promise<string> | string;
const good = (req: TokenRequest, extra: Record<string, unknown> = {}) => ({ iss: req.issuer, aud: req.clientId, sub: 'victim-1', nonce: req.nonce, email: `victim@${domain}`, email_verified: true, ...extra });

const CASES: Array<[name: string, code: string, token: Hostile]> = [
  ['an ID token from another issuer (iss)', 'OIDC_ISSUER_MISMATCH', (op, r) => signIdToken(op.published[0]!, good(r, { iss: 'https://evil.example' }), r.now)],
  ['an ID token for another client (aud)', 'OIDC_AUDIENCE_MISMATCH', (op, r) => signIdToken(op.published[0]!, good(r, { aud: 'another-client' }), r.now)],
  ['an ID token for several audiences issued to another party (azp)', 'OIDC_AZP_MISMATCH', (op, r) => signIdToken(op.published[0]!, good(r, { aud: [CLIENT_ID, 'another-client'], azp: 'another-client' }), r.now)],
  ['an expired ID token (exp)', 'OIDC_TOKEN_EXPIRED', (op, r) => signIdToken(op.published[0]!, good(r, { iat: r.now - 900, exp: r.now - 600 }), r.now)],
  ['an ID token issued in the future (iat)', 'OIDC_IAT_INVALID', (op, r) => signIdToken(op.published[0]!, good(r, { iat: r.now + 3600, exp: r.now + 7200 }), r.now)],
  ['an ID token issued long ago (iat)', 'OIDC_IAT_INVALID', (op, r) => signIdToken(op.published[0]!, good(r, { iat: r.now - 86_400, exp: r.now + 300 }), r.now)],
  ['an ID token for another sign-in (nonce)', 'OIDC_NONCE_MISMATCH', (op, r) => signIdToken(op.published[0]!, good(r, { nonce: 'someone-elses-nonce' }), r.now)],
  ['an ID token without a nonce', 'OIDC_NONCE_MISMATCH', (op, r) => signIdToken(op.published[0]!, good(r, { nonce: undefined }), r.now)],
  ['an unsigned ID token (alg none)', 'OIDC_ALG_UNEXPECTED', (_op, r) => new UnsecuredJWT(good(r, { iat: r.now, exp: r.now + 300 })).encode()],
  ['an ID token signed with an unexpected algorithm (HS256)', 'OIDC_ALG_UNEXPECTED', async (_op, r) => {
    const { SignJWT } = await import('jose');
    return new SignJWT(good(r, { iat: r.now, exp: r.now + 300 })).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
  }],
  ['an ID token signed with a key the provider does not publish', 'OIDC_KEY_UNKNOWN', async (_op, r) => signIdToken(await makeKey('rogue'), good(r), r.now)],
  ['an ID token signed with an unpublished key that claims a published kid', 'OIDC_SIGNATURE_INVALID', async (_op, r) => signIdToken({ ...(await makeKey('k1')) }, good(r), r.now)],
  ['an ID token whose signature was corrupted', 'OIDC_SIGNATURE_INVALID', async (op, r) => {
    const [h, p, s] = (await signIdToken(op.published[0]!, good(r), r.now)).split('.');
    return `${h}.${p}.${s!.slice(0, -6)}${s!.slice(-6).split('').reverse().join('')}`;
  }],
  ['an ID token whose payload was changed after signing', 'OIDC_SIGNATURE_INVALID', async (op, r) => {
    const [h, , s] = (await signIdToken(op.published[0]!, good(r), r.now)).split('.');
    return `${h}.${Buffer.from(JSON.stringify(good(r, { sub: 'admin', iat: r.now, exp: r.now + 300 }))).toString('base64url')}.${s}`;
  }],
];

describe('hostile OIDC tokens', () => {
  let server: TestServer;
  let op: FakeOp;
  let conn: SsoConnection;
  let orgId: string;

  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    const org = await makeOrg(server.db.db, { premium: 10, standard: 0 });
    domain = org.domain;
    orgId = org.org.id;
    op = await startFakeOp(CLIENT_ID);
    conn = await addOidcConnection(server.db.db, { orgId, issuer: op.issuer, clientId: CLIENT_ID, clientSecret: 's'.repeat(40) });
  });
  afterAll(async () => { await op.close(); await server.stop(); });

  async function signInWith(token: Hostile, userinfo: Record<string, unknown> | null = null) {
    const login = await startOidcLogin(server.url, conn.id);
    op.nonce = login.nonce;
    op.idToken = (req) => Promise.resolve(token(op, req));
    op.userinfo = userinfo;
    return callCallback(server.url, conn.id, { code: 'any-code', state: login.state }, login.browser);
  }

  test('a well-formed token signs the person in (the control case)', async () => {
    const out = await signInWith((o, r) => signIdToken(o.published[0]!, good(r), r.now));
    expect(out.status).toBe(303);
  });

  test.each(CASES)('rejects %s (%s)', async (_name, code, token) => {
    const out = await signInWith(token);
    expect({ status: out.status, code: out.code }).toEqual({ status: 403, code });
    expect(out.cookie).toBeNull();
  });

  test('rejects userinfo about another person than the ID token (sub mismatch)', async () => {
    const out = await signInWith((o, r) => signIdToken(o.published[0]!, { ...good(r), email: undefined }, r.now), { sub: 'someone-else', email: `boss@${domain}`, email_verified: true });
    expect(out.code).toBe('OIDC_USERINFO_SUB_MISMATCH');
  });

  test('rejects a callback whose state Seatgate never issued', async () => {
    expect((await callCallback(server.url, conn.id, { code: 'x', state: 'forged-state' })).code).toBe('OIDC_STATE_UNKNOWN');
  });

  test('rejects a replayed callback (state used once)', async () => {
    const login = await startOidcLogin(server.url, conn.id);
    op.nonce = login.nonce;
    op.idToken = (r) => signIdToken(op.published[0]!, good(r, { sub: 'replay-1', email: `replay@${domain}` }), r.now);
    expect((await callCallback(server.url, conn.id, { code: 'c', state: login.state }, login.browser)).status).toBe(303);
    expect((await callCallback(server.url, conn.id, { code: 'c', state: login.state }, login.browser)).code).toBe('OIDC_STATE_UNKNOWN');
  });

  test('an error sent back by the IdP is shown as the IdP refusing', async () => {
    const login = await startOidcLogin(server.url, conn.id);
    expect((await callCallback(server.url, conn.id, { error: 'access_denied', state: login.state }, login.browser)).code).toBe('OIDC_IDP_ERROR');
  });

  test('an unverified email never creates a member', async () => {
    const out = await signInWith((o, r) => signIdToken(o.published[0]!, good(r, { sub: 'unverified-1', email: `unverified@${domain}`, email_verified: false }), r.now));
    expect(out.code).toBe('EMAIL_NOT_VERIFIED');
    const found = await server.db.db.selectFrom('members').select('id').where('email', '=', `unverified@${domain}`).execute();
    expect(found).toEqual([]);
  });

  test('an IdP that cannot be reached gives a readable 502 page, not a 500', async () => {
    const down = await addOidcConnection(server.db.db, { orgId, issuer: 'http://127.0.0.1:9', clientId: CLIENT_ID, clientSecret: 's'.repeat(40) });
    const res = await fetch(`${server.url}/sso/oidc/${down.id}/login`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(res.status).toBe(502);
    expect((await res.json() as { error: { code: string } }).error.code).toBe('OIDC_IDP_UNREACHABLE');
  });

  test('an email outside the organization\'s verified domains is refused', async () => {
    const out = await signInWith((o, r) => signIdToken(o.published[0]!, good(r, { sub: 'outsider-1', email: 'outsider@gmail.com' }), r.now));
    expect(out.code).toBe('DOMAIN_NOT_VERIFIED');
  });
});
