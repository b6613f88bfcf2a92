import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../../support/saml-flow.js';
import { listEvents } from '../../../src/domain/log/provisioning-log.js';

describeEachDatabase('SAML sign-in', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;

  beforeAll(async () => {
    server = await startTestServer(kind);
    org = await makeOrg(server.db.db, { premium: 1, standard: 1 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  test('an SP-initiated sign-in creates the member with the best seat and returns a session', async () => {
    const { requestId, relayState } = await startSamlLogin(server.url, saml.conn.id, '/me');
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `ada@${org.domain}`, nameId: 'okta-00u1' });
    const out = await postToAcs(server.url, saml.conn.id, response, relayState);
    expect(out.status).toBe(303);
    expect(out.location).toBe('/me');
    const me = await fetch(`${server.url}/me`, { headers: { cookie: out.cookie! } });
    expect(me.status).toBe(200);
    const body = await me.json() as { member: { email: string; role: string }; seat: { tier: string }; entitlements: { features: string[] } };
    expect(body.member).toMatchObject({ email: `ada@${org.domain}`, role: 'member' });
    expect(body.seat.tier).toBe('premium');
    expect(body.entitlements.features).toContain('coding-assistant');
    const events = await listEvents(server.db.db, org.org.id, { events: ['member.created', 'sso.signed_in'] });
    expect(events.events.map((e) => e.actor)).toEqual([
      { type: 'sso_connection', id: saml.conn.id, label: saml.conn.label }, { type: 'sso_connection', id: saml.conn.id, label: saml.conn.label },
    ]);
  });

  test('the same person signing in again is the same member, on the standard tier left for the next person', async () => {
    const first = await startSamlLogin(server.url, saml.conn.id);
    const again = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: first.requestId, email: `ada@${org.domain}`, nameId: 'okta-00u1' }));
    expect(again.status).toBe(303);
    const second = await startSamlLogin(server.url, saml.conn.id);
    const grace = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: second.requestId, email: `grace@${org.domain}`, nameId: 'okta-00u2' }));
    const me = await (await fetch(`${server.url}/me`, { headers: { cookie: grace.cookie! } })).json() as { seat: { tier: string } };
    expect(me.seat.tier).toBe('standard');
  });

  test('when no seat is left nobody is created and the person gets a readable 403 page', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `linus@${org.domain}`, nameId: 'okta-00u3' });
    const res = await fetch(`${server.url}/sso/saml/${saml.conn.id}/acs`, { method: 'POST', body: new URLSearchParams({ SAMLResponse: response }), headers: { accept: 'text/html' } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain(`Every seat of ${org.org.name} is taken: 1 of 1 premium and 1 of 1 standard. Your account has not been created.`);
    expect(html).toContain(`An Owner of ${org.org.name} can add seats`);
    const rejected = await listEvents(server.db.db, org.org.id, { outcome: 'rejected' });
    expect(rejected.events[0]).toMatchObject({ event: 'seat.rejected', subject: `linus@${org.domain}`, actor: { type: 'sso_connection', id: saml.conn.id } });
  });
});
