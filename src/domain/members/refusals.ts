// The one refusal writer: every refusal of an arrival — SCIM create or reactivation, a JIT first
// sign-in, an invitation accept, a tier change — is written to the provisioning log here, once,
// in its own small transaction (the arrival's own transaction has rolled back). A refusal for
// lack of a seat also queues a seat request (deduplicated per person and wanted tier), which is
// served when seats are added or freed (src/domain/seat-requests/serve.ts). The error is marked
// `recorded`, so an edge that logs its own refusals (malformed input) does not log it again.
import type { Executor } from '../storage/transaction.js';
import { inTransaction } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { DomainError, NoSeatsAvailable } from '../errors.js';
import { queueSeatRequest } from '../seat-requests/queue.js';

export interface RefusedArrival {
  orgId: string;
  /** userName (for JIT and invitations, the email): who was turned away. */
  subject: string;
  path: 'scim' | 'jit' | 'invite' | 'operator' | 'scim_reactivation' | 'tier_change';
  /** A tier key or 'highest'. */
  wanted: string;
  /** What seats them later; null when the path is not queued (the operator retries by hand). */
  payload: Record<string, unknown> | null;
  memberId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordRefusal(db: Executor, r: RefusedArrival, ctx: ActionContext, err: DomainError): Promise<void> {
  if (err.recorded) return;
  const noSeats = err instanceof NoSeatsAvailable;
  try {
    await inTransaction(db, async (tx) => {
      await recordEvent(tx, ctx, {
        orgId: r.orgId, event: noSeats ? 'seat.rejected' : r.path === 'jit' ? 'sso.rejected' : 'member.rejected',
        outcome: 'rejected', memberId: r.memberId ?? null, subject: r.subject, reason: err.message,
        detail: { code: err.code, ...(noSeats ? { counts: err.counts } : {}), ...r.detail },
      });
      if (noSeats && r.payload && r.path !== 'operator') {
        await queueSeatRequest(tx, { ...r, path: r.path, payload: r.payload }, ctx);
      }
    });
    err.recorded = true;
  } catch {
    // The org may not exist (OrgNotFound) or the database may be down: the caller still gets `err`.
  }
}
