// The example application of docs/integration.md (docs/examples/express-app.mjs), run as it is:
// a person signs in through Seatgate and a SAML IdP, and the app prints the claims with the seat.
import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, type SamlSetup } from '../support/saml-flow.js';
import { startNode, waitForOutput } from '../support/processes.js';
import { CookieJar, signInThroughSeatgate } from '../support/app-flow.js';
import { createApp } from '../../src/domain/apps/apps.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('the example application in docs/integration.md', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let example: ReturnType<typeof startNode>;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    org = await makeOrg(server.db.db, { premium: 0, standard: 3 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
    const port = await freePort();
    base = `http://localhost:${port}`;
    const app = await createApp(server.db.db, { name: 'Example', redirectUris: [`${base}/callback`] }, new Date());
    example = startNode(['docs/examples/express-app.mjs'], { SEATGATE_URL: server.url, CLIENT_ID: app.app.clientId, CLIENT_SECRET: app.clientSecret, PORT: String(port) });
    await waitForOutput(example, /Example app on/);
  });
  afterAll(async () => { example?.kill('SIGTERM'); await example?.finished; await server.stop(); });

  test('signs a person in and prints the claims with the seat', async () => {
    const browser = new CookieJar();
    const start = await browser.fetch(`${base}/`);
    const url = new URL(start.headers.get('location')!);
    const callback = await signInThroughSeatgate(browser, { url, verifier: '', state: '', nonce: '' }, { saml, base: server.url, email: `eve@${org.domain}` });
    expect(callback.origin).toBe(base);
    const shown = await (await browser.fetch(callback.toString())).json();
    expect(shown).toMatchObject({ email: `eve@${org.domain}`, org: { slug: org.org.slug }, role: 'member', seat_tier: 'standard',
      entitlements: { features: ['chat', 'documents'] }, groups: [] });
  });
});
