import { describeEachDatabase, describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { addMembers, codeOf, orgWithContract } from './support.js';
import { confirmSeatChange, previewSeatChange } from '../../src/domain/billing/seat-changes.js';
import { listInvoices } from '../../src/domain/billing/invoices.js';
import { getCurrentContract, listContracts, setAutoRenew, setContract } from '../../src/domain/billing/contracts.js';
import { runRenewals } from '../../src/domain/billing/renewal.js';
import { provision } from '../../src/domain/members/provision.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';

describeEachDatabase('contracts and renewal', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });
  afterEach(async () => { expect(await seatInvariantViolations(t.db)).toEqual([]); });

  test('a year of adds and upgrades, then a renewal, issues exactly the expected invoices', async () => {
    const clock = new ManualClock('2025-12-15T10:00:00Z');
    const { org, domain } = await orgWithContract(t.db, { standard: 100, premium: 0 }, clock, { autoRenew: true });
    await addMembers(t.db, org.id, domain, 3, clock);
    const admin = () => ctx('admin', clock);
    const step = async (at: string, change: Parameters<typeof confirmSeatChange>[2], key: string) => {
      clock.set(at);
      const preview = await previewSeatChange(t.db, org.id, change, clock);
      const done = await confirmSeatChange(t.db, org.id, change, key, admin());
      expect(done.receipt.invoice.lines).toEqual(preview.invoice.lines);
      return done.receipt.invoice.total;
    };
    expect(await step('2026-03-01T09:00:00Z', { add: { standard: 5 }, upgrade: { count: 10 } }, 'a')).toBe(41250 + 75000);
    // 15 June: 6 whole months plus 16 of June's 30 days, for 2 premium seats.
    expect(await step('2026-06-15T09:00:00Z', { add: { premium: 2 } }, 'b')).toBe(20580);
    expect(await step('2026-10-01T09:00:00Z', { upgrade: { count: 5 } }, 'c')).toBe(11250);
    const renewals = async () => (await runRenewals(t.db, admin())).filter((d) => d.orgId === org.id);
    clock.set('2026-12-31T23:59:59Z');
    expect(await renewals()).toEqual([]);
    clock.set('2027-01-01T00:05:00Z');
    expect(await renewals()).toMatchObject([{ orgId: org.id, action: 'renewed', total: 17 * 18900 + 90 * 9900 }]);
    expect(await renewals()).toEqual([]);
    const current = await getCurrentContract(t.db, org.id);
    expect(current).toMatchObject({ termStart: '2027-01-01', termEnd: '2028-01-01', status: 'active', autoRenew: true,
      initialSeats: { standard: 90, premium: 17 }, prices: { standard: 9900, premium: 18900 } });
    expect((await listContracts(t.db, org.id)).map((c) => c.status)).toEqual(['active', 'renewed']);
    expect(await step('2027-02-01T09:00:00Z', { add: { standard: 1 } }, 'd')).toBe(9075);
    const { invoices } = await listInvoices(t.db, org.id);
    expect(invoices.map((i) => [i.kind, i.issuedAt.slice(0, 10), i.total])).toEqual([
      ['seat_change', '2027-02-01', 9075],
      ['renewal', '2027-01-01', 1212300],
      ['seat_change', '2026-10-01', 11250],
      ['seat_change', '2026-06-15', 20580],
      ['seat_change', '2026-03-01', 116250],
    ]);
    expect(invoices[1]!.lines).toMatchObject([
      { kind: 'renewal', tier: 'premium', quantity: 17, unitAmount: 18900, months: 12, days: 0, amount: 321300 },
      { kind: 'renewal', tier: 'standard', quantity: 90, unitAmount: 9900, months: 12, days: 0, amount: 891000 },
    ]);
    expect(invoices[1]).toMatchObject({ periodStart: '2027-01-01', periodEnd: '2028-01-01', contractId: current.id });
  });

  test('a non-renewing contract expires: no new member, no purchase, existing members keep their seats', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, domain } = await orgWithContract(t.db, { standard: 5, premium: 0 }, clock);
    const [existing] = await addMembers(t.db, org.id, domain, 1, clock);
    clock.set('2027-01-01T08:00:00Z');
    // Before the job has run, the lapse already counts.
    const arrival = (n: number) => provision(t.db, { path: 'scim', active: true, fields: { orgId: org.id, userName: `late${n}@${domain}`, email: `late${n}@${domain}` } }, ctx('scim', clock));
    expect(await codeOf(arrival(1))).toBe('CONTRACT_EXPIRED');
    const mine = async () => (await runRenewals(t.db, ctx('cli', clock))).filter((d) => d.orgId === org.id);
    expect(await mine()).toMatchObject([{ orgId: org.id, action: 'expired', invoiceId: null }]);
    expect(await mine()).toEqual([]);
    expect(await codeOf(arrival(2))).toBe('CONTRACT_EXPIRED');
    expect(await codeOf(confirmSeatChange(t.db, org.id, { add: { standard: 1 } }, 'k', ctx('admin', clock)))).toBe('CONTRACT_EXPIRED');
    const member = await t.db.selectFrom('members').select(['status', 'seat_tier']).where('id', '=', existing!).executeTakeFirstOrThrow();
    expect(member).toEqual({ status: 'active', seat_tier: 'standard' });
    const { events } = await listEvents(t.db, org.id, { outcome: 'rejected' });
    expect(events[0]).toMatchObject({ event: 'member.rejected', subject: `late2@${domain}`, detail: { code: 'CONTRACT_EXPIRED' } });
    expect((await listInvoices(t.db, org.id)).invoices).toEqual([]);
    // A new contract lifts it; the expired one stays in the history.
    await setContract(t.db, org.id, { termStart: '2027-02-01', autoRenew: true, currency: 'EUR', prices: { standard: 1000, premium: 2000 } }, ctx('cli', clock));
    await expect(arrival(3)).resolves.toBeDefined();
    expect((await listContracts(t.db, org.id)).map((c) => c.status)).toEqual(['active', 'replaced']);
  });

  test('an auto-renewing contract past its end waits for the job before selling seats', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock, { autoRenew: true });
    clock.set('2027-01-01T00:00:01Z');
    expect(await codeOf(previewSeatChange(t.db, org.id, { add: { standard: 1 } }, clock))).toBe('CONTRACT_RENEWAL_PENDING');
    await runRenewals(t.db, ctx('cli', clock));
    expect((await previewSeatChange(t.db, org.id, { add: { standard: 1 } }, clock)).invoice.total).toBe(9900);
  });

  test('auto-renew cannot be switched off between the term end and the renewal job', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 2, premium: 0 }, clock, { autoRenew: true });
    clock.set('2026-12-31T23:59:59Z');
    await expect(setAutoRenew(t.db, org.id, true, ctx('admin', clock))).resolves.toMatchObject({ autoRenew: true });
    clock.set('2027-01-01T00:00:01Z');
    expect(await codeOf(setAutoRenew(t.db, org.id, false, ctx('admin', clock)))).toBe('CONTRACT_RENEWAL_PENDING');
    const done = (await runRenewals(t.db, ctx('cli', clock))).filter((d) => d.orgId === org.id);
    expect(done.map((d) => d.action)).toEqual(['renewed']);
    // The renewed term's flag can be changed again.
    await expect(setAutoRenew(t.db, org.id, false, ctx('admin', clock))).resolves.toMatchObject({ autoRenew: false, termStart: '2027-01-01' });
  });

  test('a renewal job that did not run for two years renews term after term', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 3, premium: 1 }, clock, { autoRenew: true });
    clock.set('2028-03-01T00:00:00Z');
    // Other tests' orgs share this database: look only at this one.
    const done = (await runRenewals(t.db, ctx('cli', clock))).filter((d) => d.orgId === org.id);
    expect(done.map((d) => d.action)).toEqual(['renewed', 'renewed']);
    expect((await getCurrentContract(t.db, org.id)).termStart).toBe('2028-01-01');
    expect((await listInvoices(t.db, org.id)).invoices.map((i) => i.periodStart)).toEqual(['2028-01-01', '2027-01-01']);
  });

  test('contract terms are fixed once invoiced; only auto-renew can change', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, contract } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    const same = { termStart: '2026-01-01', currency: 'EUR', prices: contract.prices };
    // Before any invoice, a correction is allowed and the initial seats can grow (never shrink).
    const corrected = await setContract(t.db, org.id, { ...same, autoRenew: false, initialSeats: { standard: 4, premium: 0 } }, ctx('cli', clock));
    expect(corrected.initialSeats).toEqual({ standard: 4, premium: 0 });
    expect((await seatCounts(t.db, org.id)).standard!.purchased).toBe(4);
    expect(await codeOf(setContract(t.db, org.id, { ...same, autoRenew: false, initialSeats: { standard: 2, premium: 0 } }, ctx('cli', clock)))).toBe('INVALID_INPUT');
    await confirmSeatChange(t.db, org.id, { add: { standard: 1 } }, 'k', ctx('admin', clock));
    expect(await codeOf(setContract(t.db, org.id, { ...same, autoRenew: false, prices: { standard: 1, premium: 2 } }, ctx('cli', clock)))).toBe('CONTRACT_LOCKED');
    expect((await setContract(t.db, org.id, { ...same, autoRenew: true }, ctx('cli', clock))).autoRenew).toBe(true);
  });

  test.each([
    ['an unknown currency', { currency: 'XYZ' }],
    ['premium cheaper than standard', { prices: { standard: 100, premium: 99 } }],
    ['a negative price', { prices: { standard: -1, premium: 10 } }],
    ['a fractional price', { prices: { standard: 9.5, premium: 10 } }],
    ['an impossible date', { termStart: '2026-02-30' }],
    ['a term that already ended', { termStart: '2024-01-01' }],
  ])('refuses a contract with %s', async (_name, bad) => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await makeOrg(t.db, { standard: 1, premium: 0 });
    const input = { termStart: '2026-01-01', autoRenew: false, currency: 'EUR', prices: { standard: 100, premium: 200 }, ...bad };
    expect(await codeOf(setContract(t.db, org.id, input, ctx('cli', clock)))).toBe('INVALID_INPUT');
    expect(await codeOf(getCurrentContract(t.db, org.id))).toBe('CONTRACT_NOT_FOUND');
  });
});

describeWithServer('billing with several processes [postgres]', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase('postgres'); });
  afterAll(async () => { await t?.close(); });

  test('concurrent confirms with one key from two pools issue one invoice and the same response', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    clock.set('2026-04-01T00:00:00Z');
    const other = await t.openAnotherPool(5);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      confirmSeatChange(i % 2 ? other.db : t.db, org.id, { add: { premium: 3 } }, 'same-key', ctx('admin', clock))));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect((await listInvoices(t.db, org.id)).invoices).toHaveLength(1);
    expect((await seatCounts(t.db, org.id)).premium!.purchased).toBe(3);
  });

  test('renewal jobs racing in two processes renew once and invoice once', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const orgs = await Promise.all([1, 2, 3].map(() => orgWithContract(t.db, { standard: 2, premium: 1 }, clock, { autoRenew: true })));
    clock.set('2027-01-02T00:00:00Z');
    const other = await t.openAnotherPool(5);
    const runs = await Promise.all([runRenewals(t.db, ctx('cli', clock)), runRenewals(other.db, ctx('cli', clock)), runRenewals(other.db, ctx('cli', clock))]);
    const mine = runs.flat().filter((o) => orgs.some((x) => x.org.id === o.orgId));
    expect(mine).toHaveLength(3);
    for (const { org } of orgs) expect((await listInvoices(t.db, org.id)).invoices).toHaveLength(1);
  });
});
