// ID-token signing keys live in the database: a rotation made elsewhere (the CLI) reaches a
// running server within OIDC_KEY_REFRESH_SECONDS; new tokens use the new key, tokens signed before
// still verify against the published JWKS. An app may ask for ES256.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { authorizationRequest, CookieJar, exchange, relyingParty, signInThroughSeatgate, CALLBACK } from '../support/app-flow.js';
import { createApp } from '../../src/domain/apps/apps.js';
import { rotateSigningKeys } from '../../src/domain/apps/signing-keys.js';

describeEachDatabase('signing keys', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { OIDC_KEY_REFRESH_SECONDS: '1' } });
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  async function idToken(alg: 'RS256' | 'ES256' = 'RS256') {
    const app = await createApp(server.db.db, { name: `App ${alg}`, redirectUris: [CALLBACK], idTokenAlg: alg }, new Date());
    const rp = await relyingParty(server.url, app.app.clientId, app.clientSecret);
    const started = await authorizationRequest(rp);
    const tokens = await exchange(rp, await signInThroughSeatgate(new CookieJar(), started, { saml, base: server.url, email: `k@${org.domain}` }), started);
    return { token: tokens.id_token!, audience: app.app.clientId };
  }
  const jwks = async () => (await (await fetch(`${server.url}/oidc/jwks`)).json()).keys as Array<{ kid: string; alg: string; d?: string }>;

  test('an app registered for ES256 gets ES256 ID tokens', async () => {
    const { token } = await idToken('ES256');
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
  });

  test('after a rotation the JWKS publishes old and new keys, new tokens use the new key, old tokens still verify', async () => {
    const before = await idToken();
    const oldKid = decodeProtectedHeader(before.token).kid;
    expect((await jwks()).map((k) => k.kid)).toContain(oldKid);
    const rotation = await rotateSigningKeys(server.db.db, new Date());
    await new Promise((r) => setTimeout(r, 1200));
    const published = await jwks();
    expect(published.map((k) => k.kid).sort()).toEqual([...rotation.created, ...rotation.retired].sort());
    expect(published.every((k) => k.d === undefined)).toBe(true);
    const after = await idToken();
    expect(rotation.created).toContain(decodeProtectedHeader(after.token).kid);
    const set = createRemoteJWKSet(new URL(`${server.url}/oidc/jwks`));
    await expect(jwtVerify(before.token, set, { issuer: server.url, audience: before.audience })).resolves.toBeTruthy();
  });
});
