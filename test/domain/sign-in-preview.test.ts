// The test sign-in's answer ("what a real sign-in would do") is held to the real thing: for each
// situation a sign-in can meet, previewSignIn is asked first — and must change nothing — then
// signIn runs, and the two must agree: the same member signed in or linked, the tier a new member
// gets, or the same refusal code.
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { signIn, type SsoIdentity } from '../../src/domain/members/sign-in.js';
import { previewSignIn } from '../../src/domain/members/sign-in-preview.js';
import { addOidcConnection } from '../../src/domain/sso/connections.js';
import { provision } from '../../src/domain/members/provision.js';
import { deprovision, suspend } from '../../src/domain/members/lifecycle.js';
import { setProvisioning } from '../../src/domain/orgs/provisioning-switch.js';
import { DomainError } from '../../src/domain/errors.js';
import { systemClock } from '../../src/domain/clock.js';

const opts = { clock: systemClock, requestId: 'test' };

type Setup = (d: { who: (sub: string, email?: string, extra?: Partial<SsoIdentity>) => SsoIdentity; orgId: string; domain: string }) => Promise<SsoIdentity>;

const CASES: Array<[string, { premium: number; standard: number }, Setup]> = [
  ['a new person with a free seat', { premium: 0, standard: 1 }, async ({ who }) => who('new')],
  ['a known identity', { premium: 1, standard: 1 }, async ({ who }) => { await signIn(dbRef.db, who('known'), opts); return who('known'); }],
  ['a member from SCIM at their first SSO', { premium: 1, standard: 0 }, async ({ who, orgId, domain }) => {
    await provision(dbRef.db, { path: 'scim', active: true, fields: { orgId, userName: `scim@${domain}`, email: `scim@${domain}` } }, ctx('scim'));
    return who('scim-sub', `scim@${domain}`);
  }],
  ['an email off the verified domains', { premium: 1, standard: 0 }, async ({ who }) => who('off', 'off@elsewhere.example')],
  ['an email the IdP does not vouch for', { premium: 1, standard: 0 }, async ({ who }) => who('unvouched', undefined, { emailVerified: false })],
  ['a suspended member', { premium: 1, standard: 0 }, async ({ who, orgId }) => {
    const { member } = await signIn(dbRef.db, who('sus'), opts);
    await suspend(dbRef.db, orgId, member.id, ctx());
    return who('sus');
  }],
  ['a removed member with a new identity', { premium: 1, standard: 0 }, async ({ who, orgId, domain }) => {
    const m = await provision(dbRef.db, { path: 'scim', active: true, fields: { orgId, userName: `gone@${domain}`, email: `gone@${domain}` } }, ctx('scim'));
    await deprovision(dbRef.db, orgId, m.id, ctx());
    return who('gone-sub', `gone@${domain}`);
  }],
  ['a member linked to another identity', { premium: 2, standard: 0 }, async ({ who, domain }) => {
    await signIn(dbRef.db, who('first-sub', `twice@${domain}`), opts);
    return who('second-sub', `twice@${domain}`);
  }],
  ['no seat free', { premium: 0, standard: 0 }, async ({ who }) => who('full')],
  ['accounts at first sign-in switched off', { premium: 1, standard: 1 }, async ({ who, orgId }) => {
    await setProvisioning(dbRef.db, orgId, { jit: false }, ctx());
    return who('nojit');
  }],
];

const dbRef = {} as { db: TestDatabase['db'] };

describeEachDatabase('what a test sign-in says a real one would do', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(kind); dbRef.db = db.db; });
  afterAll(() => db.close());

  test.each(CASES)('%s: the preview changes nothing and agrees with signIn', async (_name, seats, arrange) => {
    const org = await makeOrg(db.db, seats);
    const conn = await addOidcConnection(db.db, { orgId: org.org.id, issuer: 'https://idp.example', clientId: 'c', clientSecret: 's'.repeat(32) });
    const who = (sub: string, email = `${sub}@${org.domain}`, extra: Partial<SsoIdentity> = {}): SsoIdentity =>
      ({ orgId: org.org.id, connection: { id: conn.id, label: conn.label }, subject: sub, email, emailVerified: true, ...extra });
    const identity = await arrange({ who, orgId: org.org.id, domain: org.domain });
    const snapshot = async () => JSON.stringify([
      await db.db.selectFrom('members').select(['id', 'role', 'status', 'seat_tier']).where('org_id', '=', org.org.id).orderBy('id').execute(),
      await db.db.selectFrom('member_sso_identities').select(['subject', 'member_id']).where('org_id', '=', org.org.id).orderBy('subject').execute(),
      await db.db.selectFrom('provisioning_events').select('id').where('org_id', '=', org.org.id).orderBy('id').execute(),
    ]);
    const before = await snapshot();
    const preview = await previewSignIn(db.db, identity, new Date());
    expect(await snapshot()).toBe(before);
    let real: { code: string } | { created: boolean; memberId: string; tier: string | null };
    try {
      const out = await signIn(db.db, identity, opts);
      real = { created: out.created, memberId: out.member.id, tier: out.member.seat_tier };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      real = { code: err.code };
    }
    if (preview.outcome === 'refused') expect(real).toEqual({ code: preview.error.code });
    else if (preview.outcome === 'creates') expect(real).toMatchObject({ created: true, tier: preview.tier });
    else expect(real).toMatchObject({ created: false, memberId: preview.member.id });
  });
});
