// A deployment that sells three tiers (basic < standard < premium) edits only its catalogue file:
// the allocator hands out the best tier with room and falls back down, every org has a pool per
// tier, a contract prices each tier, seats of any tier are bought and upgraded between any two
// tiers for the price difference, and the session, the employee page and the API read the
// catalogue; a seat request names a catalogue tier and is served when a seat of it is bought.
// Runs on each database variant.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { json } from '../support/http.js';
import { consoleSignIn } from '../support/console-session.js';
import { readTierCatalogue } from '../../src/config.js';
import { installCatalogue } from '../../src/domain/seats/catalogue.js';
import { syncTiersWithCatalogue } from '../../src/domain/seats/tier-sync.js';
import { provision } from '../../src/domain/members/provision.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { putRuleSet } from '../../src/domain/rules/rule-store.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { confirmSeatChange, previewSeatChange } from '../../src/domain/billing/seat-changes.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TIERS_FILE = path.join(here, 'catalogues', 'three-tiers.json');
installCatalogue(readTierCatalogue(TIERS_FILE));

describeEachDatabase('three tiers from the catalogue', (kind) => {
  let s: TestServer;
  const clock = new ManualClock('2026-01-10T09:00:00Z');
  beforeAll(async () => { s = await startTestServer(kind, { clock, env: { TIERS_FILE } }); });
  afterAll(async () => { await s?.stop(); });
  const arrive = (orgId: string, domain: string, local: string) =>
    provision(s.db.db, { path: 'scim', active: true, fields: { orgId, userName: `${local}@${domain}`, email: `${local}@${domain}` } }, ctx('scim', clock));

  test('every org has one pool per tier; arrivals take the best tier with room, then fall back, then are refused', async () => {
    const org = await makeOrg(s.db.db, { premium: 1, standard: 1, basic: 2 }, { clock });
    expect(Object.keys(await seatCounts(s.db.db, org.org.id))).toEqual(['premium', 'standard', 'basic']);
    const tiers = [];
    for (const who of ['a', 'b', 'c', 'd']) tiers.push((await arrive(org.org.id, org.domain, who)).seat_tier);
    expect(tiers).toEqual(['premium', 'standard', 'basic', 'basic']);
    await expect(arrive(org.org.id, org.domain, 'e')).rejects.toMatchObject({ code: 'SEATS_EXHAUSTED' });
    expect(await seatCounts(s.db.db, org.org.id)).toEqual({
      premium: { purchased: 1, claimed: 1 }, standard: { purchased: 1, claimed: 1 }, basic: { purchased: 2, claimed: 2 },
    });
  });

  test('a tier added to the catalogue gets a pool in every existing org at start-up', async () => {
    const org = await makeOrg(s.db.db, { premium: 1 }, { clock });
    await s.db.db.deleteFrom('seat_pools').where('org_id', '=', org.org.id).where('tier', '=', 'basic').execute();
    const report = await syncTiersWithCatalogue(s.db.db, readTierCatalogue(TIERS_FILE));
    expect(report.poolsCreated).toBeGreaterThanOrEqual(1);
    expect((await seatCounts(s.db.db, org.org.id)).basic).toEqual({ purchased: 0, claimed: 0 });
    expect((await syncTiersWithCatalogue(s.db.db, readTierCatalogue(TIERS_FILE))).poolsCreated).toBe(0);
  });

  test('a contract prices every tier, a better tier never cheaper; purchases and an upgrade basic → standard bill the difference', async () => {
    const org = await makeOrg(s.db.db, { basic: 3 }, { clock });
    const input = { termStart: '2026-01-01', autoRenew: true, currency: 'EUR' };
    await expect(setContract(s.db.db, org.org.id, { ...input, prices: { premium: 18900, standard: 9900 } }, ctx('cli', clock)))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'price-basic' });
    await expect(setContract(s.db.db, org.org.id, { ...input, prices: { premium: 18900, standard: 4000, basic: 4900 } }, ctx('cli', clock)))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'price-standard' });
    const contract = await setContract(s.db.db, org.org.id, { ...input, prices: { premium: 18900, standard: 9900, basic: 4900 } }, ctx('cli', clock));
    expect(contract.prices).toEqual({ premium: 18900, standard: 9900, basic: 4900 });
    expect(contract.initialSeats).toEqual({ premium: 0, standard: 0, basic: 3 });
    const member = await arrive(org.org.id, org.domain, 'first');
    expect(member.seat_tier).toBe('basic');

    clock.set('2026-03-01T09:00:00Z'); // 10 months left in the term
    const change = { add: { basic: 2 }, upgrade: { count: 4, from: 'basic', to: 'standard', memberIds: [member.id] } };
    const preview = await previewSeatChange(s.db.db, org.org.id, change, clock);
    expect(preview.invoice.lines).toMatchObject([
      { kind: 'seat_purchase', tier: 'basic', quantity: 2, unitAmount: 4900, months: 10, amount: 8167 },
      { kind: 'upgrade', tier: 'standard', fromTier: 'basic', quantity: 4, unitAmount: 5000, months: 10, amount: 16667 },
    ]);
    expect(preview.invoice.lines[1]!.description).toMatch(/^4 basic-to-standard upgrade\(s\)/);
    const done = await confirmSeatChange(s.db.db, org.org.id, change, 'three-tier-upgrade', ctx('admin', clock));
    expect(done.receipt.seats).toEqual({ premium: { purchased: 0, claimed: 0 }, standard: { purchased: 4, claimed: 1 }, basic: { purchased: 1, claimed: 0 } });
    const moved = await s.db.db.selectFrom('members').select('seat_tier').where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(moved.seat_tier).toBe('standard');
    const row = await s.db.db.selectFrom('seat_changes').select(['added', 'upgrade', 'upgrade_from', 'upgrade_to'])
      .where('invoice_id', '=', done.receipt.invoice.id!).executeTakeFirstOrThrow();
    expect(row).toEqual({ added: { basic: 2, standard: 0, premium: 0 }, upgrade: 4, upgrade_from: 'basic', upgrade_to: 'standard' });

    // Upgrades go up only, between tiers of the catalogue; the default is the second-best to the best.
    await expect(previewSeatChange(s.db.db, org.org.id, { upgrade: { count: 1, from: 'premium', to: 'basic' } }, clock)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'upgrade.from' });
    await expect(previewSeatChange(s.db.db, org.org.id, { upgrade: { count: 1, from: 'gold' } }, clock)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const standardToPremium = await previewSeatChange(s.db.db, org.org.id, { upgrade: { count: 1 } }, clock);
    expect(standardToPremium.invoice.lines).toMatchObject([{ kind: 'upgrade', tier: 'premium', fromTier: 'standard', unitAmount: 9000 }]);
  });

  test('the API lists the tiers, bills by tier key and refuses an unknown tier with 400', async () => {
    const org = await makeOrg(s.db.db, { basic: 1 }, { clock, primaryOwnerEmail: undefined });
    const key = (await createApiKey(s.db.db, org.org.id, 'owner', 'tiers-test', clock)).secret;
    const api = (p: string, init: { method?: string; body?: unknown } = {}) => fetch(`${s.url}/api/v1${p}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const tiers = await json(api('/tiers'));
    expect(tiers.tiers.map((t: { key: string; name: string; rank: number }) => [t.key, t.name, t.rank]))
      .toEqual([['premium', 'Premium', 0], ['standard', 'Standard', 1], ['basic', 'Basic', 2]]);
    expect(tiers.tiers[2]).toMatchObject({ entitlements: { features: ['chat'], limits: { requestsPerDay: 50, storageGb: 1 } }, includes: ['Chat assistant', 'Up to 50 requests a day', '1 GB of storage'] });
    expect(Object.keys(await json(api('/seats')))).toEqual(['premium', 'standard', 'basic']);

    const member = await arrive(org.org.id, org.domain, 'solo');
    for (const [p, init] of [
      [`/members/${member.id}`, { method: 'PATCH', body: { seatTier: 'gold' } }],
      ['/invitations', { method: 'POST', body: { email: `new@${org.domain}`, seatTier: 'gold' } }],
      ['/seats/preview', { method: 'POST', body: { add: { gold: 1 } } }],
      ['/seats/preview', { method: 'POST', body: { upgrade: { count: 1, to: 'gold' } } }],
    ] as const) {
      const res = await api(p, init);
      expect([p, res.status]).toEqual([p, 400]);
      expect((await json(res)).error.code).toBe('INVALID_INPUT');
    }
  });

  test('a full tier queues a seat request for it; the queue quotes per catalogue tier; buying a seat of it serves the request', async () => {
    const org = await makeOrg(s.db.db, { standard: 1, basic: 1 }, { clock, primaryOwnerEmail: undefined });
    await setContract(s.db.db, org.org.id, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { premium: 18900, standard: 9900, basic: 4900 } }, ctx('cli', clock));
    expect((await arrive(org.org.id, org.domain, 'holder')).seat_tier).toBe('standard');
    // A tier the catalogue does not sell is a wrong request, not a full tier: refused, nothing stored.
    await expect(putRuleSet(s.db.db, org.org.id, { rules: [], defaultSeatTier: 'gold' }, ctx('admin', clock))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // The org's default tier is standard: basic has room, but a SCIM arrival wants standard and accepts nothing else.
    await putRuleSet(s.db.db, org.org.id, { rules: [], defaultSeatTier: 'standard' }, ctx('admin', clock));
    await expect(arrive(org.org.id, org.domain, 'waiting')).rejects.toMatchObject({ code: 'SEATS_EXHAUSTED' });
    const queued = await s.db.db.selectFrom('seat_requests').select(['subject', 'wanted_tier', 'status']).where('org_id', '=', org.org.id).execute();
    expect(queued).toEqual([{ subject: `waiting@${org.domain}`, wanted_tier: 'standard', status: 'queued' }]);

    const key = (await createApiKey(s.db.db, org.org.id, 'admin', 'tiers-queue', clock)).secret;
    const view = await json(fetch(`${s.url}/api/v1/seat-requests`, { headers: { authorization: `Bearer ${key}` } }));
    expect(view.countsByWantedTier).toEqual({ standard: 1 });
    expect(view.seatsNeeded).toEqual({ premium: 0, standard: 1, basic: 0 });
    expect(view.quote.invoice.lines).toMatchObject([{ kind: 'seat_purchase', tier: 'standard', quantity: 1, unitAmount: 9900 }]);

    const done = await confirmSeatChange(s.db.db, org.org.id, { add: { standard: 1 } }, 'three-tier-queue', ctx('admin', clock));
    expect(done.receipt.seats).toEqual({ premium: { purchased: 0, claimed: 0 }, standard: { purchased: 2, claimed: 2 }, basic: { purchased: 1, claimed: 0 } });
    const seated = await s.db.db.selectFrom('members').select(['id', 'seat_tier']).where('org_id', '=', org.org.id)
      .where('user_name', '=', `waiting@${org.domain}`).executeTakeFirstOrThrow();
    expect(seated.seat_tier).toBe('standard');
    const request = await s.db.db.selectFrom('seat_requests').select(['status', 'served_member_id']).where('org_id', '=', org.org.id).executeTakeFirstOrThrow();
    expect(request).toEqual({ status: 'served', served_member_id: seated.id });
    const claimed = await s.db.db.selectFrom('provisioning_events').select(['tier', 'reason']).where('org_id', '=', org.org.id)
      .where('event', '=', 'seat.claimed').where('member_id', '=', seated.id).execute();
    expect(claimed).toEqual([{ tier: 'standard', reason: 'queued' }]);
  });

  test('the session and the employee page show the entitlements of the member\'s tier', async () => {
    const org = await makeOrg(s.db.db, { basic: 1 }, { clock, primaryOwnerEmail: undefined });
    await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `boss@${org.domain}`, email: `boss@${org.domain}`, role: 'owner' } }, ctx('cli', clock));
    const cookie = await consoleSignIn(s.url, s.db.db, org.org.slug, `boss@${org.domain}`, clock);
    const me = await json(fetch(`${s.url}/api/v1/me`, { headers: { cookie } }));
    expect(me.seat).toEqual({ tier: 'basic', includes: ['Chat assistant', 'Up to 50 requests a day', '1 GB of storage'] });
    expect(me.entitlements).toEqual({ features: ['chat'], limits: { requestsPerDay: 50, storageGb: 1 } });
    const page = await (await fetch(`${s.url}/account`, { headers: { cookie } })).text();
    expect(page).toContain('<dd>Basic</dd>');
    expect(page).toContain('Up to 50 requests a day');
  });
});
