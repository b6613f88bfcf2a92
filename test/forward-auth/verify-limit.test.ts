// /auth/verify is limited per session (RATE_LIMIT_VERIFY_*): one session over its allowance gets
// 429 with Retry-After, and another session is not slowed by it.
import { startTestServer, type TestServer } from '../support/server.js';
import { makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import { hourly, onlyLimits } from '../support/rate-limits.js';

describe('forward auth rate limit', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;

  beforeAll(async () => {
    server = await startTestServer('pglite', { rateLimitPolicy: onlyLimits({ verify: hourly(3) }) });
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  async function signIn(name: string): Promise<string> {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    return (await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${name}@${org.domain}`, nameId: name }))).cookie!;
  }

  test('counts per session', async () => {
    const busy = await signIn('busy');
    const calm = await signIn('calm');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/auth/verify`, { headers: { cookie: busy } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await fetch(`${server.url}/auth/verify`, { headers: { cookie: calm } })).status).toBe(200);
  });
});
