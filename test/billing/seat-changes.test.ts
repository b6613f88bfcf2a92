import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, ManualClock } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { addMembers, codeOf, orgWithContract, PRICES } from './support.js';
import { confirmSeatChange, previewSeatChange } from '../../src/domain/billing/seat-changes.js';
import { listInvoices } from '../../src/domain/billing/invoices.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';

describeEachDatabase('seat changes', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });
  afterEach(async () => { expect(await seatInvariantViolations(t.db)).toEqual([]); });

  test('the March example: 5 standard seats added and 10 upgraded on 1 March are billed 10 months, to the cent', async () => {
    const clock = new ManualClock('2025-12-15T10:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 100, premium: 0 }, clock);
    clock.set('2026-03-01T09:30:00Z');
    const change = { add: { standard: 5 }, upgrade: { count: 10 } };
    const preview = await previewSeatChange(t.db, org.id, change, clock);
    const expectedLines = [
      { kind: 'seat_purchase', tier: 'standard', quantity: 5, unitAmount: 9900, months: 10, days: 0, daysInMonth: 31, amount: 41250 },
      { kind: 'upgrade', tier: 'premium', quantity: 10, unitAmount: 9000, months: 10, days: 0, daysInMonth: 31, amount: 75000 },
    ];
    expect(preview.invoice).toMatchObject({ id: null, kind: 'seat_change', currency: 'EUR', periodStart: '2026-03-01', periodEnd: '2027-01-01', total: 116250 });
    expect(preview.invoice.lines).toMatchObject(expectedLines);
    expect(preview.seatsAfter).toEqual({ standard: { purchased: 95, claimed: 0 }, premium: { purchased: 10, claimed: 0 } });
    expect(await seatCounts(t.db, org.id)).toEqual({ standard: { purchased: 100, claimed: 0 }, premium: { purchased: 0, claimed: 0 } });
    expect((await listInvoices(t.db, org.id)).invoices).toEqual([]);

    const done = await confirmSeatChange(t.db, org.id, change, 'march-1', ctx('admin', clock));
    expect(done.replayed).toBe(false);
    expect(done.receipt.invoice.lines).toEqual(preview.invoice.lines);
    expect(done.receipt.invoice).toMatchObject({ total: 116250, issuedAt: '2026-03-01T09:30:00.000Z' });
    expect(done.receipt.seats).toEqual(preview.seatsAfter);
    const [stored] = (await listInvoices(t.db, org.id)).invoices;
    expect(stored).toEqual(done.receipt.invoice);
    expect(stored!.lines.map((l) => l.description)).toEqual([
      '5 standard seat(s) at EUR 99.00 a year each, for 10 months',
      '10 standard-to-premium upgrade(s) at EUR 90.00 a year each (price difference), for 10 months',
    ]);
    const { events } = await listEvents(t.db, org.id, { events: ['seats.added', 'seats.converted', 'invoice.issued'] });
    expect(events.map((e) => e.event).reverse()).toEqual(['seats.added', 'invoice.issued', 'seats.added', 'seats.converted']);
  });

  test('upgrading more standard seats than exist says how many exist, not which members to name', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 4, premium: 0 }, clock);
    clock.set('2026-03-01T00:00:00Z');
    const preview = previewSeatChange(t.db, org.id, { upgrade: { count: 6 } }, clock);
    await expect(preview).rejects.toMatchObject({ code: 'UPGRADE_EXCEEDS_STANDARD_SEATS', upgrade: 6, standardSeats: 4 });
    await expect(preview).rejects.toThrow(/only 4 standard seat\(s\) exist/);
    expect(await codeOf(confirmSeatChange(t.db, org.id, { upgrade: { count: 6 } }, 'k-exceed', ctx('admin', clock)))).toBe('UPGRADE_EXCEEDS_STANDARD_SEATS');
    // Standard seats bought in the same change count: 4 + 2 can be upgraded.
    expect((await previewSeatChange(t.db, org.id, { add: { standard: 2 }, upgrade: { count: 6 } }, clock)).invoice.lines).toHaveLength(2);
    const { convertSeats } = await import('../../src/domain/seats/allocator.js');
    const { inTransaction } = await import('../../src/domain/storage/transaction.js');
    expect(await codeOf(inTransaction(t.db, (tx) => convertSeats(tx, org.id, 5, [], ctx('admin', clock))))).toBe('UPGRADE_EXCEEDS_STANDARD_SEATS');
  });

  test('upgrading more standard seats than are unclaimed needs the members who move, named', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, domain } = await orgWithContract(t.db, { standard: 5, premium: 0 }, clock);
    const members = await addMembers(t.db, org.id, domain, 4, clock);
    clock.set('2026-07-16T12:00:00Z');
    expect(await codeOf(previewSeatChange(t.db, org.id, { upgrade: { count: 3 } }, clock))).toBe('UPGRADE_NEEDS_MEMBERS');
    expect(await codeOf(confirmSeatChange(t.db, org.id, { upgrade: { count: 3 } }, 'k1', ctx('admin', clock)))).toBe('UPGRADE_NEEDS_MEMBERS');
    const moving = [members[0]!, members[2]!];
    const done = await confirmSeatChange(t.db, org.id, { upgrade: { count: 3, memberIds: moving } }, 'k1', ctx('admin', clock));
    expect(done.receipt.seats).toEqual({ standard: { purchased: 2, claimed: 2 }, premium: { purchased: 3, claimed: 2 } });
    const tiers = await t.db.selectFrom('members').select(['id', 'seat_tier']).where('org_id', '=', org.id).execute();
    for (const m of tiers) expect([m.id, m.seat_tier]).toEqual([m.id, moving.includes(m.id) ? 'premium' : 'standard']);
    // 16 July: 5 whole months left plus 16 of July's 31 days.
    expect(done.receipt.invoice.lines).toMatchObject([{ kind: 'upgrade', quantity: 3, unitAmount: 9000, months: 5, days: 16, daysInMonth: 31 }]);
    expect(done.receipt.invoice.total).toBe(Math.round(3 * 9000 * (5 * 31 + 16) / (12 * 31)));
    const { events } = await listEvents(t.db, org.id, { events: ['seat.tier_changed'] });
    expect(events.map((e) => e.memberId).sort()).toEqual([...moving].sort());
  });

  test.each([
    ['a member of another org', 'other'],
    ['a member already on premium', 'premium'],
    ['a suspended member', 'suspended'],
    ['something that is not an id', 'junk'],
  ])('an upgrade naming %s is refused and changes nothing', async (_name, which) => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, domain } = await orgWithContract(t.db, { standard: 2, premium: 1 }, clock);
    const [premium, standard] = await addMembers(t.db, org.id, domain, 2, clock);
    const other = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    const [outsider] = await addMembers(t.db, other.org.id, other.domain, 1, clock);
    if (which === 'suspended') {
      const { suspend } = await import('../../src/domain/members/lifecycle.js');
      await suspend(t.db, org.id, standard!, ctx('admin', clock));
    }
    const id = { other: outsider!, premium: premium!, suspended: standard!, junk: 'x; drop table members' }[which]!;
    const before = await seatCounts(t.db, org.id);
    const code = await codeOf(confirmSeatChange(t.db, org.id, { upgrade: { count: 2, memberIds: [id] } }, 'k', ctx('admin', clock)));
    expect(['MEMBER_NOT_FOUND', 'MEMBER_NOT_ACTIVE', 'INVALID_INPUT']).toContain(code);
    expect(await seatCounts(t.db, org.id)).toEqual(before);
    expect((await listInvoices(t.db, org.id)).invoices).toEqual([]);
  });

  test('confirm with the same key twice bills once and answers byte for byte the same', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 10, premium: 0 }, clock);
    clock.set('2026-02-10T08:00:00Z');
    const first = await confirmSeatChange(t.db, org.id, { add: { premium: 2 } }, 'retry-me', ctx('admin', clock));
    clock.set('2026-02-10T08:05:00Z');
    const again = await confirmSeatChange(t.db, org.id, { add: { premium: 2, standard: 0 } }, 'retry-me', ctx('admin', clock));
    expect(again.replayed).toBe(true);
    expect(again.body).toBe(first.body);
    expect((await listInvoices(t.db, org.id)).invoices).toHaveLength(1);
    expect((await seatCounts(t.db, org.id)).premium!.purchased).toBe(2);
    expect(await codeOf(confirmSeatChange(t.db, org.id, { add: { premium: 3 } }, 'retry-me', ctx('admin', clock)))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await seatCounts(t.db, org.id)).premium!.purchased).toBe(2);
    // The key is per organization.
    const other = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    expect((await confirmSeatChange(t.db, other.org.id, { add: { premium: 3 } }, 'retry-me', ctx('admin', clock))).replayed).toBe(false);
  });

  test.each([
    ['no seats at all', {}],
    ['a negative count', { add: { standard: -1 } }],
    ['a fractional count', { add: { premium: 1.5 } }],
    ['more members than upgraded seats', { upgrade: { count: 1, memberIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'] } }],
    ['the same member twice', { upgrade: { count: 2, memberIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'] } }],
  ])('refuses a change with %s', async (_name, change) => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    expect(await codeOf(confirmSeatChange(t.db, org.id, change as never, 'k', ctx('admin', clock)))).toBe('INVALID_INPUT');
  });

  test.each(['', 'has space', 'x'.repeat(256), 'caf\u00e9'])('refuses the idempotency key %p', async (key) => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    expect(await codeOf(confirmSeatChange(t.db, org.id, { add: { standard: 1 } }, key, ctx('admin', clock)))).toBe('INVALID_INPUT');
  });

  test('an org without a contract cannot preview or buy seats', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { makeOrg } = await import('../support/fixtures.js');
    const { org } = await makeOrg(t.db, { standard: 1, premium: 0 });
    expect(await codeOf(previewSeatChange(t.db, org.id, { add: { standard: 1 } }, clock))).toBe('CONTRACT_NOT_FOUND');
    expect(await codeOf(confirmSeatChange(t.db, org.id, { add: { standard: 1 } }, 'k', ctx('admin', clock)))).toBe('CONTRACT_NOT_FOUND');
  });

  test('the database refuses an invoice without its purchase, a total unlike its lines, and edits', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, contract } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    const { inTransaction } = await import('../../src/domain/storage/transaction.js');
    const bare = inTransaction(t.db, async (tx) => {
      const inv = await tx.insertInto('invoices').values({
        org_id: org.id, contract_id: contract.id, currency: 'EUR', kind: 'seat_change', issued_at: clock.now(),
        period_start: '2026-01-01', period_end: '2027-01-01', total: 9900,
      }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('invoice_lines').values({ invoice_id: inv.id, position: 1, kind: 'seat_purchase', tier: 'standard', quantity: 1,
        unit_amount: 9900, months: 12, days: 0, days_in_month: 31, amount: 9900 }).execute();
    });
    expect(await codeOf(bare)).toMatch(/needs its lines and its seat change/);
    const wrongCurrency = t.db.insertInto('invoices').values({
      org_id: org.id, contract_id: contract.id, currency: 'USD', kind: 'renewal', issued_at: clock.now(),
      period_start: '2026-01-01', period_end: '2027-01-01', total: 0, renewal_of: contract.id,
    }).execute();
    expect(await codeOf(wrongCurrency)).toMatch(/invoices_contract/);
    clock.set('2026-05-01T00:00:00Z');
    const done = await confirmSeatChange(t.db, org.id, { add: { standard: 1 } }, 'k', ctx('admin', clock));
    expect(await codeOf(t.db.updateTable('invoices').set({ currency: 'EUR' }).where('id', '=', done.receipt.invoice.id!).execute())).toMatch(/never changed/);
    expect(await codeOf(t.db.deleteFrom('invoice_lines').where('invoice_id', '=', done.receipt.invoice.id!).execute())).toMatch(/never changed/);
    expect(PRICES.standard).toBe(9900);
  });

  test('the database lets seats leave a tier only as a balanced conversion of unclaimed seats', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, domain } = await orgWithContract(t.db, { standard: 2, premium: 0 }, clock);
    await addMembers(t.db, org.id, domain, 2, clock);
    const { inTransaction } = await import('../../src/domain/storage/transaction.js');
    const { sql } = await import('kysely');
    const oneSided = inTransaction(t.db, (tx) => sql`update seat_pools set purchased = purchased - 1, converted_out = converted_out + 1
      where org_id = ${org.id} and tier = 'standard'`.execute(tx));
    expect(await codeOf(oneSided)).toBe('SEATS_EXHAUSTED');
    const other = await orgWithContract(t.db, { standard: 2, premium: 0 }, clock);
    const unbalanced = inTransaction(t.db, (tx) => sql`update seat_pools set purchased = purchased - 1, converted_out = converted_out + 1
      where org_id = ${other.org.id} and tier = 'standard'`.execute(tx));
    expect(await codeOf(unbalanced)).toBe('SEATS_NEVER_SHRINK');
    const hidden = inTransaction(t.db, (tx) => sql`update seat_pools set purchased = purchased - 1
      where org_id = ${other.org.id} and tier = 'standard'`.execute(tx));
    expect(await codeOf(hidden)).toBe('SEATS_NEVER_SHRINK');
    const { convertSeats } = await import('../../src/domain/seats/allocator.js');
    expect(await codeOf(inTransaction(t.db, (tx) => convertSeats(tx, org.id, 1, [], ctx('admin', clock))))).toBe('UPGRADE_NEEDS_MEMBERS');
  });

  test('members moved by an upgrade move back if the upgrade fails later in its transaction', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org, domain } = await orgWithContract(t.db, { standard: 2, premium: 1 }, clock);
    const [onPremium, a, b] = await addMembers(t.db, org.id, domain, 3, clock);
    const { inTransaction } = await import('../../src/domain/storage/transaction.js');
    const { convertSeats } = await import('../../src/domain/seats/allocator.js');
    // a moves first, then the premium member is refused: the whole conversion rolls back.
    const failing = inTransaction(t.db, (tx) => convertSeats(tx, org.id, 2, [a!, onPremium!], ctx('admin', clock)));
    expect(await codeOf(failing)).toBe('INVALID_INPUT');
    const tiers = await t.db.selectFrom('members').select(['id', 'seat_tier']).where('org_id', '=', org.id).execute();
    expect(Object.fromEntries(tiers.map((m) => [m.id, m.seat_tier]))).toEqual({ [onPremium!]: 'premium', [a!]: 'standard', [b!]: 'standard' });
    expect(await seatCounts(t.db, org.id)).toEqual({ standard: { purchased: 2, claimed: 2 }, premium: { purchased: 1, claimed: 1 } });
    const { events } = await listEvents(t.db, org.id, { events: ['seat.tier_changed', 'seats.converted'] });
    expect(events).toEqual([]);
  });

  test('a line added to an invoice after it was issued is refused (total = sum of lines)', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 1, premium: 0 }, clock);
    const done = await confirmSeatChange(t.db, org.id, { add: { standard: 1 } }, 'k', ctx('admin', clock));
    const extra = t.db.insertInto('invoice_lines').values({ invoice_id: done.receipt.invoice.id!, position: 2, kind: 'seat_purchase', tier: 'standard',
      quantity: 1, unit_amount: 100, months: 1, days: 0, days_in_month: 31, amount: 100 }).execute();
    expect(await codeOf(extra)).toMatch(/differs from the sum of its lines/);
  });
});
