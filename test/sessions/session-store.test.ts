// The sessions table as the domain keeps it: only active members get a session, a suspension
// racing a sign-in never leaves a live session behind, and ended rows are pruned after a day.
import { describeEachDatabase, describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { provision } from '../../src/domain/members/provision.js';
import { reactivate, suspend } from '../../src/domain/members/lifecycle.js';
import { createSession, findLiveSession, pruneSessions, RETENTION_MS } from '../../src/domain/sessions/sessions.js';

const POLICY = { idleMs: 15 * 60_000, absoluteMs: 8 * 3_600_000 };
const HOUR = 3_600_000;

describeEachDatabase('session store', (kind) => {
  let db: TestDatabase;
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    org = await makeOrg(db.db, { premium: 0, standard: 10 });
  });
  afterAll(async () => { await db?.close(); });

  const member = async (local: string) =>
    provision(db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `${local}@${org.domain}`, email: `${local}@${org.domain}` } }, ctx('admin'));

  test('a suspended member gets no session; an active one does, found again by its secret', async () => {
    const m = await member('store1');
    const now = new Date();
    const started = (await createSession(db.db, org.org.id, m.id, 'sso', POLICY, now))!;
    expect(await findLiveSession(db.db, started.secret, POLICY, now)).toMatchObject({ memberId: m.id, orgId: org.org.id, member: { role: 'member' } });
    expect(await findLiveSession(db.db, started.secret.slice(0, -1) + 'x', POLICY, now)).toBeNull();
    await db.db.transaction().execute((tx) => suspend(tx, org.org.id, m.id, ctx('admin')));
    expect(await createSession(db.db, org.org.id, m.id, 'sso', POLICY, now)).toBeNull();
    expect(await createSession(db.db, '00000000-0000-4000-8000-000000000000', m.id, 'sso', POLICY, now)).toBeNull();
  });

  test('rows are deleted a day after their absolute expiry, by the housekeeping and by the member\'s next sign-in', async () => {
    const a = await member('old-a');
    const b = await member('old-b');
    const long = new Date(Date.now() - POLICY.absoluteMs - RETENTION_MS - HOUR);
    const recent = new Date(Date.now() - POLICY.absoluteMs - HOUR);
    for (const m of [a, b]) {
      await createSession(db.db, org.org.id, m.id, 'sso', POLICY, long);
      await createSession(db.db, org.org.id, m.id, 'sso', POLICY, recent);
    }
    const rows = async (id: string) => (await db.db.selectFrom('sessions').select('id').where('member_id', '=', id).execute()).length;
    await createSession(db.db, org.org.id, a.id, 'sso', POLICY, new Date());
    expect(await rows(a.id)).toBe(2);
    expect(await rows(b.id)).toBe(2);
    expect(await pruneSessions(db.db, new Date())).toBeGreaterThanOrEqual(1);
    expect(await rows(b.id)).toBe(1);
  });
});

describeWithServer('a sign-in racing a suspension [postgres]', () => {
  test('the session is either never made or revoked with the others: none is live once the member is back', async () => {
    const db = await createTestDatabase('postgres', 2);
    const other = await db.openAnotherPool(2);
    try {
      const org = await makeOrg(db.db, { premium: 0, standard: 2 });
      const m = await provision(db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `race@${org.domain}`, email: `race@${org.domain}` } }, ctx('admin'));
      let signIn: Promise<unknown> | null = null;
      await db.db.transaction().execute(async (tx) => {
        await suspend(tx, org.org.id, m.id, ctx('admin'));
        // The sign-in reads the member while the suspension is still uncommitted.
        signIn = createSession(other.db, org.org.id, m.id, 'sso', POLICY, new Date());
        await new Promise((r) => setTimeout(r, 300));
      });
      expect(await signIn).toBeNull();
      await db.db.transaction().execute((tx) => reactivate(tx, org.org.id, m.id, ctx('admin')));
      const live = await db.db.selectFrom('sessions').select('id').where('member_id', '=', m.id).where('revoked_at', 'is', null).execute();
      expect(live).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
