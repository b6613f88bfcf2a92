// Contracts: one current contract per organization (active, or expired until a new one is set),
// with its history kept. A contract fixes the annual term, the currency, the per-seat annual
// price of each tier (integer minor units) and the seats it started with. Setting a contract on an
// org that already has an invoiced one can only change its auto-renew flag: prices and terms are
// what earlier invoices were computed from.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { ContractStatus, Tier } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { ContractExpired, ContractLocked, ContractNotFound, ContractRenewalPending, InvalidInput } from '../errors.js';
import { addSeats, lockPools, MAX_SEATS_PER_CHANGE, poolOf } from '../seats/allocator.js';
import { tiersByPriority } from '../seats/tiers.js';
import { recordEvent } from '../log/provisioning-log.js';
import { serveSeatRequests } from '../seat-requests/serve.js';
import { addMonths, dayOf, parseDate } from './calendar.js';
import { parseCurrency } from './money.js';
export { contractLapsedSql } from './contract-lapse.js';
import { assertMinorUnits, TERM_MONTHS } from './proration.js';

export type PerTier = Record<Tier, number>;

export interface Contract {
  id: string;
  orgId: string;
  termStart: string;
  /** Exclusive: the first day after the term. */
  termEnd: string;
  autoRenew: boolean;
  currency: string;
  /** Annual price of one seat, in minor units of `currency`. */
  prices: PerTier;
  initialSeats: PerTier;
  status: ContractStatus;
  renewedFrom: string | null;
  createdAt: string;
  endedAt: string | null;
}

export interface ContractInput {
  termStart: string;
  autoRenew: boolean;
  currency: string;
  prices: PerTier;
  /** Seats the contract starts with; defaults to the org's current seats, never fewer (a tier left out keeps its seats). */
  initialSeats?: Partial<PerTier>;
}

export async function setContract(db: Executor, orgId: string, input: ContractInput, ctx: ActionContext): Promise<Contract> {
  const termStart = parseDate(input.termStart, 'start');
  const currency = parseCurrency(input.currency);
  const prices = checkPrices(input.prices);
  const termEnd = addMonths(termStart, TERM_MONTHS);
  if (termEnd <= dayOf(ctx.clock.now())) throw new InvalidInput('start', `a term starting ${termStart} would already have ended`);
  return inTransaction(db, async (tx) => {
    const counts = await lockPools(tx, orgId);
    for (const tier of Object.keys(input.initialSeats ?? {})) {
      if (!(tier in prices)) throw new InvalidInput('initial-seats', `names the tier "${tier}"; the tiers are ${tiersByPriority().join(', ')}`);
    }
    const initial: PerTier = {};
    for (const tier of tiersByPriority()) {
      const held = poolOf(counts, tier).purchased;
      const n = input.initialSeats?.[tier] ?? held;
      if (!Number.isInteger(n) || n < held || n > MAX_SEATS_PER_CHANGE) {
        throw new InvalidInput(tier, `must be a whole number from the ${held} seats the organization already has to ${MAX_SEATS_PER_CHANGE}`);
      }
      if (n > held) await addSeats(tx, orgId, tier, n - held, ctx);
      initial[tier] = n;
    }
    const values = {
      term_start: termStart, term_end: termEnd, auto_renew: input.autoRenew, currency,
      prices: JSON.stringify(prices), initial_seats: JSON.stringify(initial),
    };
    const current = await findCurrentContract(tx, orgId, { lock: true });
    const today = dayOf(ctx.clock.now());
    if (current && current.autoRenew && !hasLapsed(current, today) && today >= current.termEnd) throw new ContractRenewalPending(current.termEnd);
    let id: string;
    if (current && !hasLapsed(current, today)) {
      const invoiced = await tx.selectFrom('invoices').select('id').where('contract_id', '=', current.id).limit(1).executeTakeFirst();
      const onlyFlag = sameTerms(current, termStart, currency, prices) && input.initialSeats === undefined;
      if (invoiced && !onlyFlag) throw new ContractLocked(current.id);
      const update = invoiced ? { auto_renew: input.autoRenew } : values;
      await tx.updateTable('contracts').set(update).where('id', '=', current.id).execute();
      id = current.id;
    } else {
      if (current) {
        await tx.updateTable('contracts').set({ status: 'replaced', ended_at: current.endedAt ? new Date(current.endedAt) : ctx.clock.now() })
          .where('id', '=', current.id).execute();
      }
      const row = await tx.insertInto('contracts').values({ ...values, org_id: orgId, status: 'active', created_at: ctx.clock.now() })
        .returning('id').executeTakeFirstOrThrow();
      id = row.id;
    }
    await recordEvent(tx, ctx, { orgId, event: 'contract.set', detail: { contractId: id, ...values, prices, initial_seats: initial } });
    // More seats, or a new contract after a lapsed one: the seat-request queue is served now.
    await serveSeatRequests(tx, orgId, ctx);
    return getContract(tx, orgId, id);
  });
}

/**
 * A price for every catalogue tier and none other, each in minor units, and a better tier never
 * cheaper than a lower one (an upgrade bills the difference). Returned in catalogue order.
 */
export function checkPrices(prices: Readonly<Record<string, number>>): PerTier {
  const keys = tiersByPriority();
  for (const tier of Object.keys(prices)) {
    if (!keys.includes(tier)) throw new InvalidInput(`price-${tier}`, `names no tier of the catalogue (${keys.join(', ')})`);
  }
  const checked: PerTier = {};
  for (const tier of keys) {
    const price = prices[tier];
    if (price === undefined) throw new InvalidInput(`price-${tier}`, 'is required: every tier of the catalogue needs a price');
    assertMinorUnits(price, `price-${tier}`);
    checked[tier] = price;
  }
  keys.forEach((tier, i) => {
    const below = keys[i + 1];
    if (below !== undefined && checked[tier]! < checked[below]!) throw new InvalidInput(`price-${tier}`, `must not be below the ${below} price`);
  });
  return checked;
}

function sameTerms(c: Contract, termStart: string, currency: string, prices: PerTier): boolean {
  return c.termStart === termStart && c.currency === currency
    && Object.keys(prices).length === Object.keys(c.prices).length && Object.entries(prices).every(([t, p]) => c.prices[t] === p);
}

/** The org's current contract (active or expired), or null when it never had one. */
export async function findCurrentContract(db: Executor, orgId: string, opts: { lock?: boolean } = {}): Promise<Contract | null> {
  let q = selectContracts(db).where('org_id', '=', orgId).where('status', 'in', ['active', 'expired']);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toContract(row) : null;
}

export async function getCurrentContract(db: Executor, orgId: string): Promise<Contract> {
  const contract = await findCurrentContract(db, orgId);
  if (!contract) throw new ContractNotFound(orgId);
  return contract;
}

export async function getContract(db: Executor, orgId: string, id: string): Promise<Contract> {
  const row = await selectContracts(db).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ContractNotFound(orgId);
  return toContract(row);
}

/** Every contract the org had, newest term first. */
export async function listContracts(db: Executor, orgId: string): Promise<Contract[]> {
  const rows = await selectContracts(db).where('org_id', '=', orgId).orderBy('term_start', 'desc').orderBy('created_at', 'desc').execute();
  return rows.map(toContract);
}

/**
 * The contract a seat change on `day` is billed against: the current one, active, with `day`
 * inside its term. Call after lockPools so that a renewal cannot change it underneath.
 */
export async function billableContract(tx: Executor, orgId: string, day: string): Promise<Contract> {
  const contract = await findCurrentContract(tx, orgId, { lock: true });
  if (!contract) throw new ContractNotFound(orgId);
  assertBillable(contract, day);
  return contract;
}

/** Seats can be bought on `day`: the contract has not lapsed and its renewal is not pending. */
export function assertBillable(contract: Contract, day: string): void {
  if (hasLapsed(contract, day)) throw new ContractExpired(contract.orgId, contract.termEnd);
  if (day >= contract.termEnd) throw new ContractRenewalPending(contract.termEnd);
}

/** Expired, or past its end without auto-renew (even before the renewal job has marked it). */
export function hasLapsed(contract: Contract, day: string): boolean {
  return contract.status === 'expired' || (contract.status === 'active' && !contract.autoRenew && day >= contract.termEnd);
}

/** What an ended contract does to provisioning: no new member arrives (docs/billing.md, "Expiry"). */
export async function assertAcceptsArrivals(db: Executor, orgId: string, now: Date): Promise<void> {
  const contract = await findCurrentContract(db, orgId);
  if (contract && hasLapsed(contract, dayOf(now))) throw new ContractExpired(orgId, contract.termEnd);
}

function selectContracts(db: Executor) {
  return db.selectFrom('contracts').select([
    'id', 'org_id', 'auto_renew', 'currency', 'prices', 'initial_seats',
    'status', 'renewed_from', 'created_at', 'ended_at',
    sql<string>`to_char(term_start, 'YYYY-MM-DD')`.as('term_start'),
    sql<string>`to_char(term_end, 'YYYY-MM-DD')`.as('term_end'),
  ]);
}

type ContractRow = Awaited<ReturnType<ReturnType<typeof selectContracts>['executeTakeFirstOrThrow']>>;

function toContract(r: ContractRow): Contract {
  return {
    id: r.id, orgId: r.org_id, termStart: r.term_start, termEnd: r.term_end, autoRenew: r.auto_renew, currency: r.currency,
    prices: perTier(r.prices, false), initialSeats: perTier(r.initial_seats, true),
    status: r.status, renewedFrom: r.renewed_from,
    createdAt: new Date(r.created_at).toISOString(), endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
  };
}

/**
 * A jsonb per-tier object as numbers, in catalogue order. A tier added to the catalogue after the
 * contract was set has no price in it (it is not sold under that contract) and 0 initial seats.
 */
function perTier(value: Record<string, unknown>, zeroWhenMissing: boolean): PerTier {
  return Object.fromEntries(tiersByPriority().filter((t) => zeroWhenMissing || t in value).map((t) => [t, Number(value[t] ?? 0)]));
}

/** The one contract change open to the customer's Owners: whether it renews at term end. */
export async function setAutoRenew(db: Executor, orgId: string, autoRenew: boolean, ctx: ActionContext): Promise<Contract> {
  return inTransaction(db, async (tx) => {
    await lockPools(tx, orgId);
    const current = await findCurrentContract(tx, orgId, { lock: true });
    if (!current) throw new ContractNotFound(orgId);
    const today = dayOf(ctx.clock.now());
    if (hasLapsed(current, today)) throw new ContractExpired(orgId, current.termEnd);
    // "Auto-renewing contracts renew with the total seats at term end": the flag counts as it stood
    // at the term end, so it cannot change between the end and the renewal job's run.
    if (today >= current.termEnd) throw new ContractRenewalPending(current.termEnd);
    await tx.updateTable('contracts').set({ auto_renew: autoRenew }).where('id', '=', current.id).execute();
    await recordEvent(tx, ctx, { orgId, event: 'contract.set', detail: { contractId: current.id, auto_renew: autoRenew } });
    return getContract(tx, orgId, current.id);
  });
}
