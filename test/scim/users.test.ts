// /Users over HTTP against the real app: seats through the allocator, suspend/reactivate, delete,
// the read-only seat extension, the provisioning log, auth, and error forms.
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { scim, scimOrg, user, type ScimOrg } from './support.js';

const SEAT = 'urn:seatgate:params:scim:schemas:extension:seat:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describeEachDatabase('SCIM /Users', (kind) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(kind); });
  afterAll(async () => { await server.stop(); });
  afterEach(async () => { expect(await seatInvariantViolations(server.db.db)).toEqual([]); });

  test('POST creates an active user holding the best seat, shown in the seat extension', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 1 });
    const res = await scim(o, 'POST', '/Users', user('ann@example.com'));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/application\/scim\+json/);
    expect(res.headers.get('location')).toBe(`${o.base}/Users/${res.body.id}`);
    expect(res.body).toMatchObject({ userName: 'ann@example.com', active: true, [SEAT]: { tier: 'premium' } });
    expect(res.body.schemas).toContain(SEAT);
  });

  test('no seat left: 403 whose detail says so with the counts per tier, and nothing is created', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    expect((await scim(o, 'POST', '/Users', user('one@example.com'))).status).toBe(201);
    const res = await scim(o, 'POST', '/Users', user('two@example.com'));
    expect(res.status).toBe(403);
    expect(res.body.schemas).toEqual([ERROR]);
    expect(res.body.status).toBe('403');
    expect(res.body.scimType).toBeUndefined();
    expect(res.body.detail).toMatch(/No seats are available \(premium: 0 of 0 claimed, standard: 1 of 1 claimed\)/);
    const list = await scim(o, 'GET', '/Users');
    expect(list.body.totalResults).toBe(1);
    const { events } = await listEvents(server.db.db, o.orgId, { outcome: 'rejected' });
    expect(events[0]).toMatchObject({ event: 'seat.rejected', subject: 'two@example.com', method: 'scim', actor: { type: 'scim_token' } });
    expect(events[0]!.requestId).toBe(res.headers.get('x-request-id'));
  });

  test('active=false (PATCH) frees the seat; active=true claims again; without a free seat it fails and the user stays inactive', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const a = (await scim(o, 'POST', '/Users', user('a@example.com'))).body;
    const off = await scim(o, 'PATCH', `/Users/${a.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }, { prefer: 'return=representation' });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(off.body[SEAT]).toBeUndefined();
    expect((await seatCounts(server.db.db, o.orgId)).standard!.claimed).toBe(0);
    const b = await scim(o, 'POST', '/Users', user('b@example.com'));
    expect(b.status).toBe(201);
    const on = await scim(o, 'PUT', `/Users/${a.id}`, user('a@example.com', { active: true, displayName: 'Changed' }));
    expect(on.status).toBe(403);
    expect(on.body.detail).toMatch(/No seats are available/);
    const after = await scim(o, 'GET', `/Users/${a.id}`);
    expect(after.body).toMatchObject({ active: false });
    expect(after.body.displayName).toBeUndefined();
    expect((await scim(o, 'DELETE', `/Users/${b.body.id}`)).status).toBe(204);
    const again = await scim(o, 'PUT', `/Users/${a.id}`, user('a@example.com', { active: true }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ active: true, [SEAT]: { tier: 'standard' } });
  });

  test('POST with active=false creates a suspended user without holding a seat', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const res = await scim(o, 'POST', '/Users', user('off@example.com', { active: false }));
    expect([res.status, res.body.active, res.body[SEAT]]).toEqual([201, false, undefined]);
    expect((await seatCounts(server.db.db, o.orgId)).standard!.claimed).toBe(0);
  });

  test('POST with active=false works when every seat is taken; its later activation is refused, logged once and queued', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    expect((await scim(o, 'POST', '/Users', user('holder@example.com'))).status).toBe(201);
    const res = await scim(o, 'POST', '/Users', user('parked@example.com', { active: false }));
    expect([res.status, res.body.active]).toEqual([201, false]);
    const on = await scim(o, 'PATCH', `/Users/${res.body.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(on.status).toBe(403);
    const { events } = await listEvents(server.db.db, o.orgId, { outcome: 'rejected' });
    expect(events.map((e) => e.event)).toEqual(['seat.rejected']);
    const queued = await server.db.db.selectFrom('seat_requests').select(['path', 'member_id']).where('org_id', '=', o.orgId).execute();
    expect(queued).toEqual([{ path: 'scim_reactivation', member_id: res.body.id }]);
  });

  test('DELETE deprovisions, frees the seat, and the user then answers 404 (GET, PUT, PATCH, DELETE)', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const a = (await scim(o, 'POST', '/Users', user('gone@example.com'))).body;
    expect((await scim(o, 'DELETE', `/Users/${a.id}`)).status).toBe(204);
    expect((await seatCounts(server.db.db, o.orgId)).standard!.claimed).toBe(0);
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const body = method === 'PUT' ? user('gone@example.com') : method === 'PATCH' ? { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] } : undefined;
      const res = await scim(o, method, `/Users/${a.id}`, body);
      expect([method, res.status, res.body.schemas]).toEqual([method, 404, [ERROR]]);
    }
    expect((await scim(o, 'POST', '/Users', user('gone@example.com'))).status).toBe(201);
  });

  test.each([
    ['in the POST body', (o: ScimOrg) => scim(o, 'POST', '/Users', user('mass@example.com', { [SEAT]: { tier: 'premium' }, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', SEAT] }))],
    ['as a URN-prefixed key', (o: ScimOrg) => scim(o, 'POST', '/Users', user('mass@example.com', { [`${SEAT}:tier`]: 'premium' }))],
  ])('a client cannot choose the seat tier %s (it is ignored)', async (_n, send) => {
    const o = await scimOrg(server, { standard: 1, premium: 1 });
    await scim(o, 'POST', '/Users', user('first@example.com'));
    const res = await send(o);
    expect(res.status).toBe(201);
    expect(res.body[SEAT]).toEqual({ tier: 'standard' });
  });

  test('client id, meta and roles in a body decide nothing (mass assignment)', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const forged = '11111111-1111-4111-8111-111111111111';
    const res = await scim(o, 'POST', '/Users', user('mass2@example.com', {
      id: forged, meta: { created: '2001-01-01T00:00:00Z' }, roles: [{ value: 'owner', primary: true }],
    }));
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(forged);
    expect(res.body.meta.created).not.toBe('2001-01-01T00:00:00Z');
    const row = await server.db.db.selectFrom('members').select(['role']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('member');
  });

  test('a PATCH aimed at the seat tier is refused with mutability', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 1 });
    const a = (await scim(o, 'POST', '/Users', user('p@example.com'))).body;
    const res = await scim(o, 'PATCH', `/Users/${a.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: `${SEAT}:tier`, value: 'standard' }] });
    expect([res.status, res.body.scimType]).toEqual([400, 'mutability']);
    expect((await scim(o, 'GET', `/Users/${a.id}`)).body[SEAT]).toEqual({ tier: 'premium' });
  });

  test('attributes the schema does not have are not stored, and the log names them', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const res = await scim(o, 'POST', '/Users', user('typo@example.com', { adreses: [{ country: 'DE' }] }));
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('adreses');
    const { events } = await listEvents(server.db.db, o.orgId, { events: ['member.attributes_ignored'] });
    expect(events.map((e) => e.detail)).toEqual([{ attributes: ['adreses'] }]);
  });

  test('the password is neither stored nor logged nor returned', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const res = await scim(o, 'POST', '/Users', user('pw@example.com', { password: 'Hunter2-secret!' }));
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('Hunter2');
    const rows = await server.db.db.selectFrom('members').selectAll().where('org_id', '=', o.orgId).execute();
    const events = await server.db.db.selectFrom('provisioning_events').selectAll().where('org_id', '=', o.orgId).execute();
    expect(JSON.stringify([rows, events])).not.toContain('Hunter2');
  });

  test('every mutation, refused ones included, is logged with the token and the request id', async () => {
    const o = await scimOrg(server, { standard: 2, premium: 0 });
    const ok = await scim(o, 'POST', '/Users', user('log@example.com'));
    const bad = await scim(o, 'PUT', `/Users/${ok.body.id}`, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], active: true });
    expect([bad.status, bad.body.scimType]).toEqual([400, 'invalidValue']);
    const { events } = await listEvents(server.db.db, o.orgId, { limit: 50 });
    const created = events.find((e) => e.event === 'member.created')!;
    const refused = events.find((e) => e.event === 'member.rejected')!;
    expect(created.actor.type).toBe('scim_token');
    expect(created.requestId).toBe(ok.headers.get('x-request-id'));
    expect(refused).toMatchObject({ outcome: 'rejected', requestId: bad.headers.get('x-request-id'), actor: { type: 'scim_token' } });
    expect(refused.detail).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });

  test.each([
    ['no Authorization header', undefined],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['an unknown bearer token', 'Bearer sgscim_' + 'x'.repeat(43)],
    ['a non-token', 'non-token'],
  ])('401 in SCIM form for %s', async (_n, header) => {
    const res = await fetch(`${server.url}/scim/v2/Users`, { headers: header ? { authorization: header } : {} });
    const body = await res.json() as Record<string, unknown>;
    expect(res.status).toBe(401);
    expect(body).toMatchObject({ schemas: [ERROR], status: '401' });
    expect(String(body.detail)).not.toBe('');
  });

  test('duplicate create, in any case, is 409 uniqueness and never a second member', async () => {
    const o = await scimOrg(server, { standard: 3, premium: 0 });
    expect((await scim(o, 'POST', '/Users', user('Dup@Example.com'))).status).toBe(201);
    const again = await scim(o, 'POST', '/Users', user('dup@EXAMPLE.com'));
    expect([again.status, again.body.scimType]).toEqual([409, 'uniqueness']);
    expect((await scim(o, 'GET', '/Users')).body.totalResults).toBe(1);
  });

  test.each([
    ['malformed JSON', '{"userName": '],
    ['a JSON array', '[]'],
    ['a __proto__ key', '{"userName":"x@example.com","__proto__":{"polluted":true}}'],
    ['a wrong type', JSON.stringify({ userName: 'x@example.com', active: 'maybe' })],
    ['no userName', JSON.stringify({ emails: [{ value: 'x@example.com' }] })],
    ['no email anywhere', JSON.stringify({ userName: 'not-an-email' })],
  ])('POST with %s is a 400 SCIM error and writes nothing', async (_n, body) => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const res = await scim(o, 'POST', '/Users', body);
    expect(res.status).toBe(400);
    expect(res.body.schemas).toEqual([ERROR]);
    expect(['invalidSyntax', 'invalidValue']).toContain(res.body.scimType);
    expect((await scim(o, 'GET', '/Users')).body.totalResults).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a PATCH with more than 1,000 operations is refused before it is parsed', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const a = (await scim(o, 'POST', '/Users', user('ops@example.com'))).body;
    const ops = Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'displayName', value: 'x' }));
    const res = await scim(o, 'PATCH', `/Users/${a.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops });
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidValue']);
  });

  test('a body over the limit is 413 in SCIM form', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const res = await scim(o, 'POST', '/Users', JSON.stringify(user('big@example.com', { title: 'x'.repeat(server.config.scimMaxBodyBytes) })));
    expect([res.status, res.body.schemas]).toEqual([413, [ERROR]]);
  });

  test('unknown paths under /scim/v2 answer a SCIM 404', async () => {
    const o = await scimOrg(server, { standard: 1, premium: 0 });
    const res = await scim(o, 'GET', '/Nope');
    expect([res.status, res.body.schemas]).toEqual([404, [ERROR]]);
  });
});
