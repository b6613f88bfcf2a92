import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { provision } from '../../src/domain/members/provision.js';

describeEachDatabase('billing over the admin API', (kind) => {
  let s: TestServer;
  const clock = new ManualClock('2025-12-15T10:00:00Z');
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer(kind, { clock });
    const a = await makeOrg(s.db.db, { standard: 100, premium: 0 });
    const b = await makeOrg(s.db.db, { standard: 1, premium: 0 });
    for (const [org, id] of [[a, 'A'], [b, 'B']] as const) {
      await setContract(s.db.db, org.org.id, { termStart: '2026-01-01', autoRenew: false, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
      keys[`owner${id}`] = (await createApiKey(s.db.db, org.org.id, 'owner', 'owner', clock)).secret;
      keys[`admin${id}`] = (await createApiKey(s.db.db, org.org.id, 'admin', 'admin', clock)).secret;
    }
    clock.set('2026-03-01T09:30:00Z');
  });
  afterAll(async () => { await s?.stop(); });

  const call = (path: string, key: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(s.url + '/api/v1' + path, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });
  const post = (path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, key, { method: 'POST', body: JSON.stringify(body), headers });
  const march = { add: { standard: 5 }, upgrade: { count: 10 } };

  test('the March example comes out of the API to the cent: preview, then confirm', async () => {
    const preview = await post('/seats/preview', keys.ownerA!, march);
    expect(preview.status).toBe(200);
    const p = await json(preview);
    expect(p.invoice.lines.map((l: { quantity: number; months: number; amount: number }) => [l.quantity, l.months, l.amount])).toEqual([[5, 10, 41250], [10, 10, 75000]]);
    expect(p.invoice.total).toBe(116250);
    expect((await json(call('/invoices', keys.ownerA!))).invoices).toEqual([]);

    const first = await post('/seats/confirm', keys.ownerA!, march, { 'idempotency-key': 'march-2026' });
    expect(first.status).toBe(201);
    const firstText = await first.text();
    const receipt = JSON.parse(firstText);
    expect(receipt.invoice).toMatchObject({ total: 116250, currency: 'EUR', issuedAt: '2026-03-01T09:30:00.000Z' });
    expect(receipt.invoice.lines).toEqual(p.invoice.lines);
    expect(receipt.seats).toEqual({ standard: { purchased: 95, claimed: 0 }, premium: { purchased: 10, claimed: 0 } });

    const again = await post('/seats/confirm', keys.ownerA!, march, { 'idempotency-key': 'march-2026' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstText);
    const other = await post('/seats/confirm', keys.ownerA!, { add: { standard: 6 } }, { 'idempotency-key': 'march-2026' });
    expect(other.status).toBe(422);
    expect((await json(other)).error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const list = await json(call('/invoices', keys.ownerA!));
    expect(list.invoices).toHaveLength(1);
    expect(await json(call(`/invoices/${receipt.invoice.id}`, keys.ownerA!))).toEqual(receipt.invoice);
    // Another org's owner cannot read it.
    expect((await call(`/invoices/${receipt.invoice.id}`, keys.ownerB!)).status).toBe(404);
  });

  test.each([
    ['preview a purchase', () => post('/seats/preview', keys.adminA!, { add: { standard: 1 } })],
    ['confirm a purchase', () => post('/seats/confirm', keys.adminA!, { add: { standard: 1 } }, { 'idempotency-key': 'admin-try' })],
    ['list invoices', () => call('/invoices', keys.adminA!)],
    ['switch auto-renew', () => call('/contract', keys.adminA!, { method: 'PUT', body: JSON.stringify({ autoRenew: true }) })],
  ])('an Admin cannot %s (403, nothing billed)', async (_name, request) => {
    const res = await request();
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('ROLE_FORBIDDEN');
    expect((await json(call('/seats', keys.adminA!))).standard.purchased).toBe(95);
  });

  test('an Admin reads the contract; an Owner switches auto-renew but cannot set prices', async () => {
    const got = await json(call('/contract', keys.adminA!));
    expect(got).toMatchObject({ termStart: '2026-01-01', termEnd: '2027-01-01', currency: 'EUR', prices: { standard: 9900, premium: 18900 } });
    const put = await call('/contract', keys.ownerA!, { method: 'PUT', body: JSON.stringify({ autoRenew: true }) });
    expect(put.status).toBe(200);
    expect((await json(put)).autoRenew).toBe(true);
    const priced = await call('/contract', keys.ownerA!, { method: 'PUT', body: JSON.stringify({ autoRenew: true, prices: { standard: 1, premium: 1 } }) });
    expect(priced.status).toBe(400);
  });

  test('an upgrade beyond the unclaimed seats names the members who move, in the same request', async () => {
    const { org } = await makeOrg(s.db.db, { standard: 2, premium: 0 });
    await setContract(s.db.db, org.id, { termStart: '2026-01-01', autoRenew: false, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
    const owner = (await createApiKey(s.db.db, org.id, 'owner', 'owner', clock)).secret;
    const people = [];
    for (const n of [1, 2]) people.push((await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `p${n}@x.example`, email: `p${n}@x.example` } }, ctx('scim', clock))).id);
    const refused = await post('/seats/confirm', owner, { upgrade: { count: 1 } }, { 'idempotency-key': 'u1' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe('UPGRADE_NEEDS_MEMBERS');
    const done = await post('/seats/confirm', owner, { upgrade: { count: 1, memberIds: [people[1]] } }, { 'idempotency-key': 'u1' });
    expect(done.status).toBe(201);
    expect((await json(done)).movedMemberIds).toEqual([people[1]]);
    const moved = await json(call(`/members/${people[1]}`, owner));
    expect(moved.seatTier).toBe('premium');
  });

  test.each([
    ['no Idempotency-Key header', march, {}],
    ['an Idempotency-Key with spaces', march, { 'idempotency-key': 'not a key' }],
    ['a negative count', { add: { standard: -1 } }, { 'idempotency-key': 'h1' }],
    ['a count given as text', { add: { standard: '5' } }, { 'idempotency-key': 'h2' }],
    ['an unknown field (mass assignment)', { add: { standard: 1 }, total: 0 }, { 'idempotency-key': 'h3' }],
    ['a price smuggled into a change', { add: { standard: 1, price: 1 } }, { 'idempotency-key': 'h4' }],
    ['an empty change', {}, { 'idempotency-key': 'h5' }],
  ])('refuses a confirm with %s (400, nothing billed)', async (_name, body, headers) => {
    const res = await post('/seats/confirm', keys.ownerB!, body, headers);
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('INVALID_INPUT');
    expect((await json(call('/invoices', keys.ownerB!))).invoices).toEqual([]);
  });

  test('documents the billing operations and the Idempotency-Key header in OpenAPI', async () => {
    const doc = await json(fetch(`${s.url}/api/openapi.json`));
    const confirm = doc.paths['/api/v1/seats/confirm'].post;
    expect(confirm.description).toContain('seats.purchase');
    expect(confirm.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/contract', '/api/v1/seats/preview', '/api/v1/invoices', '/api/v1/invoices/{invoiceId}']));
  });
});
