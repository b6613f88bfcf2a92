// Two real Seatgate processes on one PostgreSQL database: a session started on one works on the
// other, and a copied cookie stops working on the other process at its very next request after a
// sign-out, a suspension (admin API) or the loss of the seat (SCIM deactivation and DELETE) on
// the first — the revocation commits before the first process answers.
import { describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startNode, waitForOutput } from '../support/processes.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { consoleSignIn } from '../support/console-session.js';
import { provision } from '../../src/domain/members/provision.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { createScimToken } from '../../src/domain/scim-tokens/tokens.js';
import { systemClock } from '../../src/domain/clock.js';

describeWithServer('sessions across two processes [postgres]', () => {
  let db: TestDatabase;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const servers: Array<ReturnType<typeof startNode>> = [];
  const urls: string[] = [];
  const email = (local: string) => `${local}@${org.domain}`;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', 4);
    const domain = `xp-${Date.now()}.example.com`;
    org = await makeOrg(db.db, { premium: 0, standard: 10 }, { domain, primaryOwnerEmail: `pat@${domain}` });
    for (const local of ['bye', 'sus', 'scim', 'gone']) {
      await provision(db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: email(local), email: email(local), role: 'owner' } }, ctx('admin'));
    }
    for (let i = 0; i < 2; i++) {
      const child = startNode(['dist/main.js'], {
        DATABASE_URL: db.url!, PORT: '0', HOST: '127.0.0.1', DATABASE_POOL_MAX: '3', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0',
      });
      servers.push(child);
      urls.push((await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 150_000))[1]!);
    }
  }, 300_000);
  afterAll(async () => {
    for (const child of servers) { child.kill('SIGTERM'); await child.finished; }
    await db?.close();
  });

  const [A, B] = [0, 1];
  const meOn = (server: number, cookie: string) => fetch(`${urls[server]}/api/v1/me`, { headers: { cookie } });
  const ownerKey = async () => (await createApiKey(db.db, org.org.id, 'owner', 'cross-process', systemClock)).secret;
  const idOf = async (local: string) => (await db.db.selectFrom('members').select('id').where('email', '=', email(local)).executeTakeFirstOrThrow()).id;

  test('a session started on one process works on the other', async () => {
    const cookie = await consoleSignIn(urls[A]!, db.db, org.org.slug, email('pat'));
    const res = await meOn(B, cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ member: { email: email('pat') } });
  });

  test('signing out on one process ends the copied cookie on the other at its next request', async () => {
    const cookie = await consoleSignIn(urls[A]!, db.db, org.org.slug, email('bye'));
    expect((await meOn(B, cookie)).status).toBe(200);
    const out = await fetch(`${urls[A]}/logout`, { method: 'POST', headers: { cookie, accept: 'application/json' } });
    expect(out.status).toBe(204);
    expect((await meOn(B, cookie)).status).toBe(401);
    expect((await fetch(`${urls[B]}/account`, { headers: { cookie }, redirect: 'manual' })).headers.get('location')).toMatch(/^\/login/);
  });

  test('a suspension through the admin API on one process ends the session on the other', async () => {
    const cookie = await consoleSignIn(urls[B]!, db.db, org.org.slug, email('sus'));
    expect((await meOn(B, cookie)).status).toBe(200);
    const res = await fetch(`${urls[A]}/api/v1/members/${await idOf('sus')}/suspend`, { method: 'POST', headers: { authorization: `Bearer ${await ownerKey()}` } });
    expect(res.status).toBe(200);
    expect((await meOn(B, cookie)).status).toBe(401);
  });

  test.each([
    ['a SCIM deactivation (active=false)', 'scim', 'PATCH'],
    ['a SCIM DELETE', 'gone', 'DELETE'],
  ])('losing the seat by %s on one process ends the session on the other', async (_name, local, method) => {
    const cookie = await consoleSignIn(urls[B]!, db.db, org.org.slug, email(local));
    expect((await meOn(B, cookie)).status).toBe(200);
    const { secret } = await createScimToken(db.db, org.org.id, `scim-${local}`, systemClock);
    const res = await fetch(`${urls[A]}/scim/v2/Users/${await idOf(local)}`, {
      method, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
      ...(method === 'PATCH' ? { body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }) } : {}),
    });
    expect(res.status).toBeLessThan(300);
    expect((await meOn(B, cookie)).status).toBe(401);
    const row = await db.db.selectFrom('sessions').select('revoked_reason').where('member_id', '=', await idOf(local)).executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe(method === 'PATCH' ? 'suspended' : 'removed');
  });
});
