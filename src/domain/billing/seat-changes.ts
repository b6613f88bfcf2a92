// Seat changes: buy seats of any tier and upgrade seats from a lower tier to a higher one, reviewed first
// (preview: the exact invoice, nothing written) and then applied (confirm). A confirm writes, in
// one transaction holding the org's seat-pool lock: the invoice and its lines, the seat change,
// the seats (through the allocator), the moves of named members, the log rows and the
// idempotency key with the response. A retried confirm replays that response and bills nothing.
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { Clock } from '../clock.js';
import type { ActionContext } from '../context.js';
import { InvalidInput, MemberNotActive, MemberNotFound, type SeatCounts } from '../errors.js';
import { addSeats, convertSeats, lockPools, seatCounts } from '../seats/allocator.js';
import { isUuid } from '../ids.js';
import { dayOf } from './calendar.js';
import { assertBillable, billableContract, getCurrentContract } from './contracts.js';
import { insertInvoice, type Invoice } from './invoices.js';
import { checkIdempotencyKey, requestHash, storedResponse, storeResponse } from './idempotency.js';
import { directionOf, normalizeSeatChange, planSeatChange, type SeatChange } from './seat-change-plan.js';
import { serveSeatRequests } from '../seat-requests/serve.js';

export type { SeatChange } from './seat-change-plan.js';

export interface SeatChangePreview {
  /** The invoice confirm would issue now (id and number null: nothing is written). */
  invoice: Invoice;
  seatsBefore: SeatCounts;
  seatsAfter: SeatCounts;
}

export interface SeatChangeReceipt {
  invoice: Invoice;
  seats: SeatCounts;
  movedMemberIds: string[];
}

export interface ConfirmedSeatChange {
  /** True when this key was seen before: nothing was billed now. */
  replayed: boolean;
  /** The response text, identical for every call with the same key: send it as is. */
  body: string;
  receipt: SeatChangeReceipt;
}

/** The exact invoice `change` would produce now; changes nothing. */
export async function previewSeatChange(db: Executor, orgId: string, change: SeatChange, clock: Clock): Promise<SeatChangePreview> {
  const normalized = normalizeSeatChange(change);
  const now = clock.now();
  const day = dayOf(now);
  const contract = await getCurrentContract(db, orgId);
  assertBillable(contract, day);
  await checkMovingMembers(db, orgId, normalized.upgrade.memberIds, directionOf(normalized)?.from ?? null);
  const seatsBefore = await seatCounts(db, orgId);
  const plan = planSeatChange(contract, seatsBefore, normalized, day, now);
  return { invoice: { id: null, number: null, ...plan.invoice }, seatsBefore, seatsAfter: plan.seatsAfter };
}

/** Applies `change` and issues its invoice, once per idempotency key. */
export async function confirmSeatChange(
  db: Executor, orgId: string, change: SeatChange, idempotencyKey: string, ctx: ActionContext,
): Promise<ConfirmedSeatChange> {
  const key = checkIdempotencyKey(idempotencyKey);
  const normalized = normalizeSeatChange(change);
  const hash = requestHash(normalized);
  return inTransaction(db, async (tx) => {
    // The pool lock serializes every seat change, arrival and renewal of this org, so a concurrent
    // confirm with the same key waits here and then finds the key stored.
    const counts = await lockPools(tx, orgId);
    const stored = await storedResponse(tx, orgId, key, hash);
    if (stored !== null) return { replayed: true, body: stored, receipt: JSON.parse(stored) as SeatChangeReceipt };
    const now = ctx.clock.now();
    const day = dayOf(now);
    const contract = await billableContract(tx, orgId, day);
    const direction = directionOf(normalized);
    await checkMovingMembers(tx, orgId, normalized.upgrade.memberIds, direction?.from ?? null);
    const plan = planSeatChange(contract, counts, normalized, day, now);
    const invoice = await insertInvoice(tx, plan.invoice, ctx);
    await tx.insertInto('seat_changes').values({
      invoice_id: invoice.id!, org_id: orgId, contract_id: contract.id, effective_on: plan.invoice.periodStart,
      added: JSON.stringify(normalized.add), upgrade: normalized.upgrade.count,
      upgrade_from: direction?.from ?? null, upgrade_to: direction?.to ?? null,
      moved_member_ids: JSON.stringify(normalized.upgrade.memberIds), created_at: now,
    }).execute();
    for (const [tier, n] of Object.entries(normalized.add)) if (n) await addSeats(tx, orgId, tier, n, ctx);
    if (direction) await convertSeats(tx, orgId, normalized.upgrade.count, normalized.upgrade.memberIds, ctx, direction);
    // The people turned away for lack of a seat get the new ones first, in this transaction.
    await serveSeatRequests(tx, orgId, ctx);
    const receipt: SeatChangeReceipt = { invoice, seats: await seatCounts(tx, orgId), movedMemberIds: normalized.upgrade.memberIds };
    const body = JSON.stringify(receipt);
    await storeResponse(tx, { orgId, key, hash, invoiceId: invoice.id!, response: body, now });
    return { replayed: false, body, receipt };
  });
}

/** Each named member exists in the org, is active and holds a seat of the tier upgraded from. */
async function checkMovingMembers(db: Executor, orgId: string, memberIds: string[], from: string | null): Promise<void> {
  if (memberIds.length === 0) return;
  for (const id of memberIds) if (!isUuid(id)) throw new MemberNotFound(id);
  const rows = await db.selectFrom('members').select(['id', 'status', 'seat_tier'])
    .where('org_id', '=', orgId).where('id', 'in', memberIds).execute();
  for (const id of memberIds) {
    const m = rows.find((r) => r.id === id);
    if (!m) throw new MemberNotFound(id);
    if (m.status !== 'active') throw new MemberNotActive(id, m.status);
    if (m.seat_tier !== from) throw new InvalidInput('upgrade.memberIds', `member ${id} does not hold a ${from} seat`);
  }
}
