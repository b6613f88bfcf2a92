// Writing, listing and expiring seat requests (migration 0900). A request is one row per person
// and wanted tier while queued: a repeated refusal adds an attempt and moves `last_seen`, so an
// IdP that retries daily for weeks leaves one row. Only the refusal writer queues.
import { sql } from 'kysely';
import type { SeatRequest, SeatRequestPath, Tier } from '../../db/schema.js';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { InvalidInput } from '../errors.js';
import { isTier, tiersByPriority } from '../seats/tiers.js';

export interface NewSeatRequest {
  orgId: string;
  subject: string;
  path: SeatRequestPath;
  /** A tier key of the catalogue, or 'highest' (any tier). */
  wanted: string;
  payload: Record<string, unknown>;
  memberId?: string | null;
}

export async function queueSeatRequest(tx: Executor, r: NewSeatRequest, ctx: ActionContext): Promise<void> {
  if (!isWantedTier(r.wanted)) throw new InvalidInput('wantedTier', `must be a tier of the catalogue (one of ${tiersByPriority().join(', ')}) or highest`);
  const now = ctx.clock.now();
  const { rows } = await sql<{ id: string; inserted: boolean }>`
    insert into seat_requests (org_id, member_id, person_key, subject, path, wanted_tier, payload, first_seen, last_seen)
    values (${r.orgId}, ${r.memberId ?? null}, ${r.subject.toLowerCase()}, ${r.subject}, ${r.path}, ${r.wanted},
            ${JSON.stringify(r.payload)}::jsonb, ${now}, ${now})
    on conflict (org_id, person_key, wanted_tier) where status = 'queued'
    do update set attempts = seat_requests.attempts + 1, last_seen = excluded.last_seen, payload = excluded.payload,
                  path = excluded.path, member_id = coalesce(excluded.member_id, seat_requests.member_id)
    returning id, (xmax = 0) as inserted`.execute(tx);
  if (rows[0]?.inserted) {
    await recordEvent(tx, ctx, {
      orgId: r.orgId, event: 'seat_request.created', memberId: r.memberId ?? null, subject: r.subject,
      detail: { requestId: rows[0].id, path: r.path, wantedTier: r.wanted },
    });
  }
}

/**
 * Closes a member's queued tier changes other than for `keep` (null: all of them): the member now
 * holds `held` — a request for that tier is served (they got it otherwise), any other one expires,
 * since the provisioning rules no longer want that tier for them.
 */
export async function withdrawTierChangeRequests(
  tx: Executor, orgId: string, memberId: string, keep: Tier | null, held: Tier | null, ctx: ActionContext,
): Promise<void> {
  let q = tx.selectFrom('seat_requests').select(['id', 'subject', 'wanted_tier']).where('org_id', '=', orgId).where('member_id', '=', memberId)
    .where('path', '=', 'tier_change').where('status', '=', 'queued');
  if (keep) q = q.where('wanted_tier', '<>', keep);
  const now = ctx.clock.now();
  for (const r of await q.forUpdate().execute()) {
    const served = r.wanted_tier === held;
    await tx.updateTable('seat_requests').set(served ? { status: 'served', served_at: now, served_member_id: memberId } : { status: 'expired' })
      .where('id', '=', r.id).execute();
    await recordEvent(tx, ctx, {
      orgId, event: served ? 'seat_request.served' : 'seat_request.expired', memberId, subject: r.subject, tier: served ? held : null,
      reason: served ? 'the member holds the wanted tier' : 'the provisioning rules no longer want this tier for the member',
      detail: { requestId: r.id, path: 'tier_change', wantedTier: r.wanted_tier },
    });
  }
}

/** The org's queued requests, oldest first. */
export async function queuedSeatRequests(db: Executor, orgId: string, opts: { lock?: boolean } = {}): Promise<SeatRequest[]> {
  let q = db.selectFrom('seat_requests').selectAll().where('org_id', '=', orgId).where('status', '=', 'queued')
    .orderBy('first_seen').orderBy('id');
  if (opts.lock) q = q.forUpdate();
  return q.execute();
}

/** Expires queued requests first seen more than `maxAgeDays` ago, across all orgs; returns how many. */
export async function expireSeatRequests(db: Executor, maxAgeDays: number, ctx: ActionContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - maxAgeDays * 86_400_000);
  return inTransaction(db, async (tx) => {
    const expired = await tx.updateTable('seat_requests').set({ status: 'expired' })
      .where('status', '=', 'queued').where('first_seen', '<', cutoff)
      .returning(['id', 'org_id', 'member_id', 'subject', 'wanted_tier']).execute();
    for (const r of expired) {
      await recordEvent(tx, ctx, {
        orgId: r.org_id, event: 'seat_request.expired', memberId: r.member_id, subject: r.subject,
        reason: `queued for more than ${maxAgeDays} days`, detail: { requestId: r.id, wantedTier: r.wanted_tier },
      });
    }
    return expired.length;
  });
}

/** What a request may want: a tier the catalogue sells, or 'highest' (any tier, best first). */
export function isWantedTier(value: string): boolean {
  return value === 'highest' || isTier(value);
}
