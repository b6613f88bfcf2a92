import { inflateRawSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../../support/saml-flow.js';

const keys = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'keys');

describe('signed AuthnRequests (SAML_SP_PRIVATE_KEY_FILE)', () => {
  let server: TestServer;
  let saml: SamlSetup;
  beforeAll(async () => {
    server = await startTestServer('pglite', { env: { SAML_SP_PRIVATE_KEY_FILE: `${keys}/idp-next.key`, SAML_SP_CERT_FILE: `${keys}/idp-next.crt` } });
    const org = await makeOrg(server.db.db, { premium: 0, standard: 1 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  test('the SP metadata publishes the signing certificate', () => {
    expect(saml.spMetadata).toMatch(/AuthnRequestsSigned="true"/);
    expect(saml.spMetadata).toMatch(/<ds:X509Certificate>/);
  });

  test('the redirect carries an RSA-SHA256 signature over the request', async () => {
    const res = await fetch(`${server.url}/sso/saml/${saml.conn.id}/login`, { redirect: 'manual' });
    const url = new URL(res.headers.get('location')!);
    expect(url.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(url.searchParams.get('Signature')).toBeTruthy();
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString();
    expect(xml).toContain(`AssertionConsumerServiceURL="${server.url}/sso/saml/${saml.conn.id}/acs"`);
  });
});
