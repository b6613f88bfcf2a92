// An edited OIDC client secret takes effect at once: the IdP admin rotates the secret, sign-ins
// fail (the cached configuration still holds the old one), the operator edits the connection
// through the domain function the CLI uses (`seatgate sso update-oidc`), and the very next
// sign-in uses the new secret — with the real oidc-provider IdP. The configuration cache is keyed
// by the connection's version (raised by the database on every edit) and timed by the injected
// clock, which the unit tests below move without touching Date.
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg, ManualClock } from '../../support/fixtures.js';
import { browserSignIn, startOidcIdp, type TestOidcIdp } from '../../support/oidc-idp.js';
import { addOidcConnection, getConnection, updateOidcConnection } from '../../../src/domain/sso/connections.js';
import { clientConfigFor } from '../../../src/sso/oidc/discovery.js';
import { oidcEndpoints } from '../../../src/federation/endpoints.js';
import { SsoConnectionNotFound, InvalidInput } from '../../../src/domain/errors.js';
import type { SsoConnection } from '../../../src/db/schema.js';

const NEW_SECRET = 'rotated-secret-'.padEnd(48, 'y');

describeEachDatabase('editing an OIDC client secret', (kind) => {
  let server: TestServer;
  let idp: TestOidcIdp;
  let conn: SsoConnection;
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } });
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    idp = await startOidcIdp(() => [conn ? oidcEndpoints(server.url, conn.id).redirectUri : 'http://127.0.0.1/not-yet']);
    conn = await addOidcConnection(server.db.db, { orgId: org.org.id, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
    await idp.rotateKey();
    idp.accounts.set('sub-rotate', { email: `rotate@${org.domain}`, email_verified: true });
  });
  afterAll(async () => { await idp.close(); await server.stop(); });

  test('takes effect at the next sign-in, in place of the cached configuration', async () => {
    const start = `${server.url}/sso/oidc/${conn.id}/login`;
    expect((await browserSignIn(start, 'sub-rotate')).status).toBe(303);
    idp.setClientSecret(NEW_SECRET);
    const stale = await browserSignIn(start, 'sub-rotate');
    expect(stale.status).toBe(403);
    expect(stale.body).toContain('OIDC_IDP_ERROR'); // invalid_client at the token endpoint
    const before = idp.discoveryRequests;
    const edited = await updateOidcConnection(server.db.db, org.org.id, conn.id, { clientSecret: NEW_SECRET });
    expect(edited.version).toBe(conn.version + 1);
    expect((await browserSignIn(start, 'sub-rotate')).status).toBe(303);
    expect(idp.discoveryRequests).toBe(before + 1); // re-read once for the new version, then cached
    expect((await browserSignIn(start, 'sub-rotate')).status).toBe(303);
    expect(idp.discoveryRequests).toBe(before + 1);
  });
});

describe('the OIDC client configuration cache', () => {
  let db: TestDatabase;
  let idp: TestOidcIdp;
  let orgId: string;
  const policy = { allowPrivate: true };

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    orgId = (await makeOrg(db.db, { premium: 0, standard: 1 })).org.id;
    idp = await startOidcIdp(() => ['http://127.0.0.1/cb']);
  });
  afterAll(async () => { await idp.close(); await db.close(); });

  const newConnection = () => addOidcConnection(db.db, { orgId, issuer: idp.issuer, clientId: idp.clientId, clientSecret: 'first-secret-'.padEnd(40, 'z') });

  test('is kept ten minutes by the injected clock, not by Date', async () => {
    const conn = await newConnection();
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    const before = idp.discoveryRequests;
    await clientConfigFor(conn, policy, clock);
    clock.advance(9 * 60_000);
    await clientConfigFor(conn, policy, clock);
    expect(idp.discoveryRequests).toBe(before + 1);
    clock.advance(60_000);
    await clientConfigFor(conn, policy, clock);
    expect(idp.discoveryRequests).toBe(before + 2);
  });

  test('is keyed by the connection version: an edit is used at once, a row read before the edit does not bring the old one back', async () => {
    const old = await newConnection();
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    expect((await clientConfigFor(old, policy, clock)).clientMetadata().client_secret).toBe(old.oidc_client_secret);
    const edited = await updateOidcConnection(db.db, orgId, old.id, { clientSecret: NEW_SECRET });
    expect((await clientConfigFor(edited, policy, clock)).clientMetadata().client_secret).toBe(NEW_SECRET);
    await clientConfigFor(old, policy, clock); // a request that read the row before the edit
    const before = idp.discoveryRequests;
    expect((await clientConfigFor(edited, policy, clock)).clientMetadata().client_secret).toBe(NEW_SECRET);
    expect(idp.discoveryRequests).toBe(before);
  });

  test('the database raises the version on every update, whatever the update sets', async () => {
    const conn = await newConnection();
    expect(conn.version).toBe(1);
    await db.db.updateTable('sso_connections').set({ label: 'renamed', version: 1 }).where('id', '=', conn.id).execute();
    expect((await getConnection(db.db, conn.id)).version).toBe(2);
  });

  test('an edit names something to change, and only an OIDC connection of that org', async () => {
    const conn = await newConnection();
    await expect(updateOidcConnection(db.db, orgId, conn.id, {})).rejects.toBeInstanceOf(InvalidInput);
    await expect(updateOidcConnection(db.db, orgId, conn.id, { scopes: 'email' })).rejects.toBeInstanceOf(InvalidInput);
    const other = (await makeOrg(db.db, { premium: 0, standard: 1 })).org.id;
    await expect(updateOidcConnection(db.db, other, conn.id, { clientSecret: NEW_SECRET })).rejects.toBeInstanceOf(SsoConnectionNotFound);
  });
});
