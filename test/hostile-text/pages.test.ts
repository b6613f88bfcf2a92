// The pages a person's browser reaches × hostile text: the /login email box, the invitation link's
// token (opening and accepting), the OIDC callback's parameters and the sign-in start's return_to.
// Each is 400 INVALID_INPUT — a readable page for a browser, the code for an API client — before
// anything is looked up, accepted or stored.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import type { SsoConnection } from '../../src/db/schema.js';
import { HOSTILE, loggedSince, logMark, snapshot } from './support.js';

type Case = [name: string, method: 'GET' | 'POST', path: (u: string, ids: { saml: string; oidc: string; domain: string }) => string, field: RegExp];

const CASES: Case[] = [
  ['the /login email box', 'GET', (u, i) => `/login?email=ada${u}%40${i.domain}&return_to=%2Fme`, /query parameter "email"/],
  ['the /login email box, in the domain', 'GET', (u) => `/login?email=ada%40${u}.example`, /query parameter "email"/],
  ['the invitation link opened', 'GET', (u) => `/invite/sginv_${u}`, /URL path/],
  ['the invitation link accepted', 'POST', (u) => `/invite/sginv_${u}`, /URL path/],
  ['the OIDC callback state', 'GET', (u, i) => `/sso/oidc/${i.oidc}/callback?state=${u}&code=abc`, /query parameter "state"/],
  ['the OIDC callback error description', 'GET', (u, i) => `/sso/oidc/${i.oidc}/callback?state=s&error=access_denied&error_description=${u}`, /query parameter "error_description"/],
  ['the SAML sign-in return_to', 'GET', (u, i) => `/sso/saml/${i.saml}/login?return_to=%2F${u}`, /query parameter "return_to"/],
  ['an SSO connection id', 'GET', (u) => `/sso/saml/${u}/metadata`, /URL path/],
];

describeEachDatabase('pages refuse text they cannot store', (kind) => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let oidc: SsoConnection;

  beforeAll(async () => {
    server = await startTestServer(kind);
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
    oidc = await addOidcConnection(server.db.db, { orgId: org.org.id, issuer: 'https://idp.example', clientId: 'c', clientSecret: 's'.repeat(32) });
  });
  afterAll(async () => { await server?.stop(); });

  const matrix = CASES.flatMap(([name, method, path, field]) => HOSTILE.map((h) => [`${name} with ${h.name}`, method, path, field, h] as const));

  test.each(matrix)('%s: 400 INVALID_INPUT, as JSON and as a page, nothing changed', async (_name, method, path, field, h) => {
    const url = `${server.url}${path(h.inUrl, { saml: saml.conn.id, oidc: oidc.id, domain: org.domain })}`;
    const before = await snapshot(server.db.db);
    const mark = await logMark(server.db.db, org.org.id);
    const api = await fetch(url, { method, redirect: 'manual', headers: { accept: 'application/json' } });
    const body = await api.json() as { error: { code: string; message: string } };
    expect({ status: api.status, code: body.error.code }).toEqual({ status: 400, code: 'INVALID_INPUT' });
    expect(body.error.message).toMatch(field);
    expect(body.error.message).toMatch(h.fault);
    const browser = await fetch(url, { method, redirect: 'manual', headers: { accept: 'text/html' } });
    expect(browser.status).toBe(400);
    expect(await browser.text()).toContain('<h1>Invalid input</h1>');
    expect(await snapshot(server.db.db)).toEqual(before);
    expect(await loggedSince(server.db.db, org.org.id, mark)).toEqual([]);
  });

  test('the /login email box without the bad character continues to the IdP', async () => {
    const res = await fetch(`${server.url}/login?email=ada%40${org.domain}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
  });
});
