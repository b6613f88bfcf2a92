// End to end under concurrency: first-time sign-ins posted to the ACS of one server at once, on
// PostgreSQL, against fewer seats than people. The domain-level test (test/domain/sign-in.test.ts)
// runs 300 against 100; this one checks the HTTP edge keeps the same promise.
import { describeWithServer } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { seatInvariantViolations } from '../../support/invariants.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../../support/saml-flow.js';

describeWithServer('concurrent first sign-ins through the ACS [postgres]', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  beforeAll(async () => {
    server = await startTestServer('postgres');
    org = await makeOrg(server.db.db, { premium: 5, standard: 15 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  test('60 people against 20 seats: 20 sessions, 40 "no seats" pages, 20 members', async () => {
    const prepared = await Promise.all(Array.from({ length: 60 }, async (_, i) => {
      const { requestId } = await startSamlLogin(server.url, saml.conn.id);
      return saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `p${i}@${org.domain}`, nameId: `p${i}` });
    }));
    const outcomes: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (next < prepared.length) {
        const out = await postToAcs(server.url, saml.conn.id, prepared[next++]!);
        outcomes.push(out.status === 303 ? 'signed-in' : `${out.status} ${out.code}`);
      }
    }));
    expect(outcomes.filter((o) => o === 'signed-in')).toHaveLength(20);
    expect(outcomes.filter((o) => o === '403 SEATS_EXHAUSTED')).toHaveLength(40);
    expect(await server.db.db.selectFrom('members').select('id').where('org_id', '=', org.org.id).execute()).toHaveLength(20);
    expect(await seatInvariantViolations(server.db.db)).toEqual([]);
  });
});
