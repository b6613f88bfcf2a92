// Login CSRF in SAML: an SP-initiated response is accepted only from the browser that started
// that sign-in (a SameSite=None; Secure flow cookie bound to the AuthnRequest ID), on an https
// PUBLIC_URL. On plain http browsers drop such cookies, so Seatgate sets none and binds nothing
// (docs/sso-setup.md): both behaviours are tested. Responses come from the real samlify IdP.
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { CookieJar } from '../../support/cookie-jar.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../../support/saml-flow.js';
import { listEvents } from '../../../src/domain/log/provisioning-log.js';
import { MAX_FLOWS } from '../../../src/sso/browser-binding.js';

const PUBLIC_URL = 'https://seatgate.test';

describeEachDatabase('SAML sign-ins are bound to the browser that started them (https)', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { PUBLIC_URL } });
    org = await makeOrg(server.db.db, { premium: 0, standard: 20 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  const person = () => { n += 1; return { email: `p${n}@${org.domain}`, nameId: `p-${n}` }; };
  const respond = (requestId: string, who: { email: string; nameId: string }) => saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, ...who });

  test('the flow cookie is HttpOnly, SameSite=None, Secure, scoped to the connection, and lives as long as the request', async () => {
    const { browser } = await startSamlLogin(server.url, saml.conn.id);
    const [flow] = browser.named('seatgate_flow_');
    expect(flow!.attributes).toMatchObject({ httponly: true, secure: true, samesite: 'None', path: `/sso/saml/${saml.conn.id}`, 'max-age': '600' });
  });

  test('a response posted by another browser is refused with SAML_REQUEST_NOT_THIS_BROWSER and logged; the browser that started it then signs in', async () => {
    const a = await startSamlLogin(server.url, saml.conn.id);
    const who = person();
    const response = await respond(a.requestId, who);
    const fromB = await postToAcs(server.url, saml.conn.id, response);
    expect({ status: fromB.status, code: fromB.code, cookie: fromB.cookie }).toEqual({ status: 403, code: 'SAML_REQUEST_NOT_THIS_BROWSER', cookie: null });
    expect(await server.db.db.selectFrom('members').select('id').where('email', '=', who.email).execute()).toEqual([]);
    const { events } = await listEvents(server.db.db, org.org.id, { events: ['sso.rejected'], limit: 1 });
    expect(events[0]).toMatchObject({ outcome: 'rejected', actor: { type: 'sso_connection', id: saml.conn.id }, detail: { code: 'SAML_REQUEST_NOT_THIS_BROWSER' } });
    // The refusal did not use the request up: its own browser completes it, and the cookie is cleared.
    const fromA = await postToAcs(server.url, saml.conn.id, response, a.relayState, a.browser);
    expect(fromA.status).toBe(303);
    expect(a.browser.named('seatgate_flow_')).toEqual([]);
  });

  test('a browser holding a flow cookie of its own sign-in cannot post another browser\'s response', async () => {
    const a = await startSamlLogin(server.url, saml.conn.id);
    const b = await startSamlLogin(server.url, saml.conn.id);
    const out = await postToAcs(server.url, saml.conn.id, await respond(a.requestId, person()), null, b.browser);
    expect(out.code).toBe('SAML_REQUEST_NOT_THIS_BROWSER');
    expect((await postToAcs(server.url, saml.conn.id, await respond(b.requestId, person()), null, b.browser)).status).toBe(303);
  });

  test('two tabs of one browser sign in concurrently, finishing in either order', async () => {
    const browser = new CookieJar();
    const first = await startSamlLogin(server.url, saml.conn.id, '/me', browser);
    const second = await startSamlLogin(server.url, saml.conn.id, '/me', browser);
    const who = person();
    expect((await postToAcs(server.url, saml.conn.id, await respond(second.requestId, who), null, browser)).status).toBe(303);
    expect((await postToAcs(server.url, saml.conn.id, await respond(first.requestId, who), null, browser)).status).toBe(303);
  });

  test(`one browser holds at most ${MAX_FLOWS} flow cookies per connection: the oldest sign-in loses its binding`, async () => {
    const browser = new CookieJar();
    const started = [];
    for (let i = 0; i < MAX_FLOWS + 2; i++) started.push(await startSamlLogin(server.url, saml.conn.id, undefined, browser));
    expect(browser.named('seatgate_flow_')).toHaveLength(MAX_FLOWS);
    expect((await postToAcs(server.url, saml.conn.id, await respond(started[0]!.requestId, person()), null, browser)).code).toBe('SAML_REQUEST_NOT_THIS_BROWSER');
    expect((await postToAcs(server.url, saml.conn.id, await respond(started.at(-1)!.requestId, person()), null, browser)).status).toBe(303);
  });

  test('a response to a request Seatgate never made is still SAML_IN_RESPONSE_TO_UNKNOWN, whatever the browser', async () => {
    expect((await postToAcs(server.url, saml.conn.id, await respond('_never-issued', person()))).code).toBe('SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  test('an IdP-initiated response cannot be bound and is accepted from any browser where the connection allows it', async () => {
    const idpInitiated = await addTestSamlConnection(server.db.db, server.url, org.org.id, { allowIdpInitiated: true });
    const response = await idpInitiated.idp.respond({ spMetadata: idpInitiated.spMetadata, inResponseTo: null, ...person() });
    expect((await postToAcs(server.url, idpInitiated.conn.id, response)).status).toBe(303);
  });
});

describe('SAML sign-ins on a plain-http PUBLIC_URL (binding not enforceable)', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  test('no flow cookie is set (a SameSite=None cookie without Secure would be dropped), and a response from another browser is accepted', async () => {
    const a = await startSamlLogin(server.url, saml.conn.id);
    expect(a.browser.named('seatgate_flow_')).toEqual([]);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: a.requestId, email: `http@${org.domain}`, nameId: 'http-1' });
    expect((await postToAcs(server.url, saml.conn.id, response)).status).toBe(303);
  });
});
