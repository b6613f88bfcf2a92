// Provisioning rules from the groups an IdP sends at sign-in: the SAML groups attribute (a real
// samlify IdP, with Entra's default attribute name and a per-connection one) and the OIDC groups
// claim (a real oidc-provider IdP, default claim name and a per-connection one). A first sign-in
// gets the rule's role and tier; each later sign-in re-evaluates with what the IdP sends then.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../support/saml-flow.js';
import { browserSignIn, startOidcIdp, type TestOidcIdp } from '../support/oidc-idp.js';
import { addOidcConnection, updateConnection } from '../../src/domain/sso/connections.js';
import { oidcEndpoints } from '../../src/federation/endpoints.js';
import { putRuleSet } from '../../src/domain/rules/rule-store.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import type { SsoConnection } from '../../src/db/schema.js';

const ENTRA_GROUPS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
const RULES = { rules: [{ match: { group: 'Engineering' }, seatTier: 'premium' }, { match: { group: 'IT' }, role: 'admin' }], defaultSeatTier: 'standard' };

describeEachDatabase('provisioning rules from IdP groups at sign-in', (kind) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(kind, { env: { SSO_FETCH_ALLOW_PRIVATE: 'true' } }); });
  afterAll(() => server.stop());

  const memberByEmail = (orgId: string, email: string) => server.db.db.selectFrom('members').select(['id', 'role', 'seat_tier'])
    .where('org_id', '=', orgId).where('email', '=', email).executeTakeFirstOrThrow();

  describe('SAML groups attribute', () => {
    let org: Awaited<ReturnType<typeof makeOrg>>;
    let saml: SamlSetup;
    beforeAll(async () => {
      org = await makeOrg(server.db.db, { premium: 1, standard: 5 });
      saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
      await putRuleSet(server.db.db, org.org.id, RULES, ctx());
    });
    const signIn = async (name: string, attributes: Record<string, string[]>) => {
      const { requestId } = await startSamlLogin(server.url, saml.conn.id);
      const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `${name}@${org.domain}`, nameId: `saml-${name}`, attributes });
      const out = await postToAcs(server.url, saml.conn.id, response);
      expect(out.status).toBe(303);
      return memberByEmail(org.org.id, `${name}@${org.domain}`);
    };

    test('a first sign-in without a matching group gets the default tier, even with premium free', async () => {
      expect(await signIn('grace', { [ENTRA_GROUPS]: ['Sales'] })).toMatchObject({ role: 'member', seat_tier: 'standard' });
    });

    test('Engineering in IT: premium and Admin at the first sign-in', async () => {
      const ada = await signIn('ada', { [ENTRA_GROUPS]: ['Engineering', 'IT'] });
      expect(ada).toMatchObject({ role: 'admin', seat_tier: 'premium' });
      const created = await listEvents(server.db.db, org.org.id, { events: ['member.created'], memberId: ada.id });
      expect(created.events[0]!.detail).toEqual({ role: 'admin' });
    });

    test('premium full: the next engineer gets a standard seat and the wanted tier is recorded', async () => {
      const linus = await signIn('linus', { [ENTRA_GROUPS]: ['Engineering'] });
      expect(linus).toMatchObject({ role: 'member', seat_tier: 'standard' });
      const rejected = await listEvents(server.db.db, org.org.id, { events: ['seat.rejected'], memberId: linus.id });
      expect(rejected.events[0]).toMatchObject({ tier: 'premium', detail: { wantedTier: 'premium', heldTier: 'standard', rule: 0 } });
    });

    test('signing in again after leaving both groups: a member on the default tier; the freed premium seat goes to the next engineer signing in', async () => {
      expect(await signIn('ada', { [ENTRA_GROUPS]: [] })).toMatchObject({ role: 'member', seat_tier: 'standard' });
      expect(await signIn('linus', { [ENTRA_GROUPS]: ['Engineering'] })).toMatchObject({ role: 'member', seat_tier: 'premium' });
    });

    test('the attribute name is configurable per connection', async () => {
      await updateConnection(server.db.db, org.org.id, saml.conn.id, { mapping: { groups: 'teams' } });
      expect(await signIn('grace', { teams: ['IT'], [ENTRA_GROUPS]: ['Engineering'] })).toMatchObject({ role: 'admin', seat_tier: 'standard' });
    });

    test('a group name too long to match is not used, and the log says so', async () => {
      const grace = await signIn('grace', { teams: ['IT', `Eng${'x'.repeat(300)}`] });
      expect(grace).toMatchObject({ role: 'admin' });
      const ignored = await listEvents(server.db.db, org.org.id, { events: ['member.attributes_ignored'], memberId: grace.id });
      expect(ignored.events[0]).toMatchObject({ detail: { groupsIgnored: 1, connectionId: saml.conn.id } });
    });
  });

  describe('OIDC groups claim', () => {
    let idp: TestOidcIdp;
    let conn: SsoConnection;
    let org: Awaited<ReturnType<typeof makeOrg>>;
    beforeAll(async () => {
      org = await makeOrg(server.db.db, { premium: 1, standard: 5 });
      idp = await startOidcIdp(() => [conn ? oidcEndpoints(server.url, conn.id).redirectUri : 'http://127.0.0.1/not-yet']);
      conn = await addOidcConnection(server.db.db, { orgId: org.org.id, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: 'openid email profile groups' });
      await idp.rotateKey();
      await putRuleSet(server.db.db, org.org.id, RULES, ctx());
    });
    afterAll(() => idp.close());
    const signIn = async (login: string, claims: { groups?: string[]; teams?: string[] }) => {
      idp.accounts.set(login, { email: `${login}@${org.domain}`, email_verified: true, ...claims });
      expect((await browserSignIn(`${server.url}/sso/oidc/${conn.id}/login`, login)).status).toBe(303);
      return memberByEmail(org.org.id, `${login}@${org.domain}`);
    };

    test('the groups claim gives the rule\'s tier at the first sign-in, and the role at the next', async () => {
      expect(await signIn('ada', { groups: ['Engineering'] })).toMatchObject({ role: 'member', seat_tier: 'premium' });
      expect(await signIn('ada', { groups: ['IT'] })).toMatchObject({ role: 'admin', seat_tier: 'standard' });
    });

    test('the claim name is configurable per connection', async () => {
      await updateConnection(server.db.db, org.org.id, conn.id, { mapping: { groups: 'teams' } });
      expect(await signIn('grace', { teams: ['Engineering'], groups: ['IT'] })).toMatchObject({ role: 'member', seat_tier: 'premium' });
    });
  });
});
