import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { provision } from '../../src/domain/members/provision.js';
import { systemClock } from '../../src/domain/clock.js';
import { can, PERMISSIONS, type Permission } from '../../src/domain/roles/permissions.js';

describeEachDatabase('admin API', (kind) => {
  let s: TestServer;
  let orgA: Awaited<ReturnType<typeof makeOrg>>;
  let orgB: Awaited<ReturnType<typeof makeOrg>>;
  const keys: Record<string, string> = {};
  let memberOfB: string;

  beforeAll(async () => {
    s = await startTestServer(kind);
    orgA = await makeOrg(s.db.db, { premium: 1, standard: 2 });
    orgB = await makeOrg(s.db.db, { premium: 0, standard: 2 });
    keys.owner = (await createApiKey(s.db.db, orgA.org.id, 'owner', 'ci owner', systemClock)).secret;
    keys.admin = (await createApiKey(s.db.db, orgA.org.id, 'admin', 'ci admin', systemClock)).secret;
    keys.ownerB = (await createApiKey(s.db.db, orgB.org.id, 'owner', 'b owner', systemClock)).secret;
    await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: orgA.org.id, userName: `ann@${orgA.domain}`, email: `ann@${orgA.domain}` } }, ctx('admin'));
    memberOfB = (await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: orgB.org.id, userName: `bob@${orgB.domain}`, email: `bob@${orgB.domain}` } }, ctx('admin'))).id;
  });
  afterAll(async () => { await s?.stop(); });

  const call = (path: string, key?: string, init: RequestInit = {}) =>
    fetch(s.url + path, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json', ...init.headers } });

  test.each([
    ['no header', undefined],
    ['a wrong scheme', 'Basic abc'],
    ['a malformed key', 'Bearer sgkey_short'],
    ['a key of another kind', `Bearer sgscim_${'a'.repeat(43)}`],
    ['an unknown well-formed key', `Bearer sgkey_${'A'.repeat(43)}`],
  ])('refuses %s with 401 and a JSON error', async (_name, authorization) => {
    const res = await fetch(`${s.url}/api/v1/seats`, { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('UNAUTHENTICATED');
  });

  test('shows seats with availability to an admin key', async () => {
    const res = await call('/api/v1/seats', keys.admin);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ premium: { purchased: 1, claimed: 1, available: 0 }, standard: { purchased: 2, claimed: 0, available: 2 } });
  });

  test('an admin key cannot manage API keys; an owner key can, and a revoked key stops working', async () => {
    expect((await call('/api/v1/api-keys', keys.admin)).status).toBe(403);
    const created = await json(call('/api/v1/api-keys', keys.owner, { method: 'POST', body: JSON.stringify({ name: 'rotation', role: 'admin' }) }));
    expect(created.secret).toMatch(/^sgkey_[A-Za-z0-9_-]{43}$/);
    expect((await call('/api/v1/seats', created.secret)).status).toBe(200);
    const listed = await json(call('/api/v1/api-keys', keys.owner));
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await call(`/api/v1/api-keys/${created.apiKey.id}`, keys.owner, { method: 'DELETE' })).status).toBe(200);
    expect((await call('/api/v1/seats', created.secret)).status).toBe(401);
  });

  test('a key of one org never sees another org', async () => {
    const res = await call(`/api/v1/members/${memberOfB}`, keys.owner);
    expect(res.status).toBe(404);
    const mine = await json(call('/api/v1/members', keys.ownerB));
    expect(mine.members.map((m: { id: string }) => m.id)).toEqual([memberOfB]);
    const revokeOther = await call(`/api/v1/api-keys/${memberOfB}`, keys.owner, { method: 'DELETE' });
    expect(revokeOther.status).toBe(400);
  });

  test.each([
    ['a non-uuid member id', '/api/v1/members/010101001010101011001010101011', 404],
    ['a limit beyond the maximum', '/api/v1/logs?limit=100000', 400],
    ['an unknown event type', '/api/v1/logs?event=seat.stolen', 400],
    ['a forged cursor', '/api/v1/logs?cursor=Zm9vYmFy', 400],
    ['a malformed date', '/api/v1/logs?since=yesterday', 400],
  ])('answers %s with a clear error', async (_name, path, status) => {
    const res = await call(path, keys.owner);
    expect(res.status).toBe(status);
    expect((await json(res)).error.message).toEqual(expect.any(String));
  });

  test('exports the provisioning log as CSV with formula-looking cells neutralised', async () => {
    await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: orgA.org.id, userName: `=HYPERLINK("x")@${orgA.domain}`, email: `eve@${orgA.domain}` } }, ctx('admin')).catch(() => {});
    const res = await call('/api/v1/logs?format=csv', keys.owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('id,occurredAt,event,outcome,method,actorType,actorLabel,memberId,subject,tier,reason,requestId');
    expect(text).toContain(`ann@${orgA.domain}`);
    expect(text).toContain(`"'=HYPERLINK(""x"")@${orgA.domain}"`);
  });

  test('serves an OpenAPI 3.1 document naming each operation\'s permission, and a browsable page', async () => {
    const doc = await json(fetch(`${s.url}/api/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/members/{memberId}'].get.description).toContain('members.read');
    const html = await (await fetch(`${s.url}/api/docs`)).text();
    expect(html).toContain('/api/v1/seats');
  });

  test('the permission table: members read nothing administrative, only owners buy seats', () => {
    const byRole = (p: Permission) => (['primary_owner', 'owner', 'admin', 'member'] as const).filter((r) => can(r, p));
    expect(byRole('seats.purchase')).toEqual(['primary_owner', 'owner']);
    expect(byRole('members.invite')).toEqual(['primary_owner', 'owner', 'admin']);
    expect(byRole('primary_owner.transfer')).toEqual(['primary_owner']);
    for (const p of Object.keys(PERMISSIONS) as Permission[]) {
      if (p !== 'org.read' && p !== 'account.use') expect(can('member', p)).toBe(false);
    }
  });
});
