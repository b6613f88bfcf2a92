// What the console's Identity and Settings pages do, through the admin API: SCIM tokens (shown
// once with the SCIM base URL, last use, revocation that bites at once), the provisioning
// switches (each really stops its way in, and is logged), the log's person filter (a refused
// arrival has no member, only a subject), and the SSRF guard on metadata URLs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { scim, user } from '../scim/support.js';
import { createTestSamlIdp } from '../support/saml-idp.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { systemClock } from '../../src/domain/clock.js';

describeEachDatabase('SCIM tokens, provisioning switches and the person filter over the admin API', (kind) => {
  let s: TestServer;
  let owner: string;
  let domain: string;
  let metadataServer: Server;

  beforeAll(async () => {
    s = await startTestServer(kind);
    const made = await makeOrg(s.db.db, { standard: 1, premium: 0 });
    domain = made.domain;
    owner = (await createApiKey(s.db.db, made.org.id, 'owner', 'owner', systemClock)).secret;
    metadataServer = createServer((_req, res) => res.end(createTestSamlIdp().metadataXml()));
    await new Promise<void>((r) => metadataServer.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => { await s?.stop(); await new Promise<void>((r) => metadataServer.close(() => r())); });

  const api = (path: string, method = 'GET', body?: unknown) => fetch(`${s.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });

  test('a SCIM token is shown once with the SCIM base URL, works at once, lists its last use and stops at revocation', async () => {
    const res = await api('/scim-tokens', 'POST', { name: 'Okta provisioning' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const created = await json(res);
    expect(created).toMatchObject({ token: { name: 'Okta provisioning', lastUsedAt: null, revokedAt: null }, scimBaseUrl: `${s.url}/scim/v2` });
    expect(created.secret).toMatch(/^sgscim_/);
    expect(created.secret.startsWith(created.token.prefix)).toBe(true);
    const conn = { token: created.secret, base: created.scimBaseUrl };
    expect((await scim(conn, 'GET', '/Users')).status).toBe(200);
    const listed = await json(api('/scim-tokens'));
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(listed.tokens.find((t: { id: string }) => t.id === created.token.id).lastUsedAt).not.toBeNull();
    const revoked = await json(api(`/scim-tokens/${created.token.id}`, 'DELETE'));
    expect(revoked.revokedAt).not.toBeNull();
    expect((await scim(conn, 'GET', '/Users')).status).toBe(401);
  });

  test('turning SCIM off refuses its requests with 403 in SCIM form; turning it on again restores them; both are logged', async () => {
    const { secret } = await json(api('/scim-tokens', 'POST', { name: 'Entra' }));
    const conn = { token: secret, base: `${s.url}/scim/v2` };
    const off = await api('/org/provisioning', 'PUT', { scim: false });
    expect(await json(off)).toEqual({ manual: true, jit: true, scim: false });
    const refused = await scim(conn, 'POST', '/Users', user(`sam@${domain}`));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: expect.stringMatching(/turned off SCIM/) });
    expect((await json(api('/org'))).provisioning).toEqual({ manual: true, jit: true, scim: false });
    await api('/org/provisioning', 'PUT', { scim: true });
    expect((await scim(conn, 'GET', '/Users')).status).toBe(200);
    const log = await json(api('/logs?event=org.provisioning_changed'));
    expect(log.events.map((e: { detail: { to: { scim: boolean } } }) => e.detail.to.scim)).toEqual([true, false]);
  });

  test('turning invitations off refuses new ones', async () => {
    await api('/org/provisioning', 'PUT', { manual: false });
    const res = await api('/invitations', 'POST', { email: `ivy@${domain}` });
    expect((await json(res)).error.code).toBe('PROVISIONING_DISABLED');
    await api('/org/provisioning', 'PUT', { manual: true });
    expect((await api('/org/provisioning', 'PUT', { other: true })).status).toBe(400);
  });

  test('the person filter finds a refused arrival by its subject and a member\'s events by part of the email', async () => {
    const { secret } = await json(api('/scim-tokens', 'POST', { name: 'filler' }));
    const conn = { token: secret, base: `${s.url}/scim/v2` };
    // One standard seat, held by nobody yet: the first arrival gets it, the second is refused.
    expect((await scim(conn, 'POST', '/Users', user(`Ada.Lovelace@${domain}`))).status).toBe(201);
    expect((await scim(conn, 'POST', '/Users', user(`late_comer@${domain}`))).status).toBe(403);
    const late = await json(api(`/logs?person=${encodeURIComponent('LATE_COMER')}`));
    // The refusal, and the seat request queued for it (newest first).
    expect(late.events.map((e: { event: string }) => e.event)).toEqual(['seat_request.created', 'seat.rejected']);
    expect(late.events[1]).toMatchObject({ outcome: 'rejected', subject: `late_comer@${domain}`, detail: expect.objectContaining({ counts: expect.anything() }) });
    const ada = await json(api('/logs?person=ada.love'));
    expect(ada.events.map((e: { event: string }) => e.event).sort()).toEqual(['member.created', 'seat.claimed']);
    // LIKE wildcards in the filter are literal: "_" does not match "any character".
    expect((await json(api('/logs?person=ada_lovelace'))).events).toEqual([]);
  });

  test('a metadata URL on loopback is refused when the operator has not allowed private targets', async () => {
    const url = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata`;
    const res = await api('/sso-connections', 'POST', { kind: 'saml', metadataUrl: url });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('SSO_FETCH_REFUSED');
  });
});
