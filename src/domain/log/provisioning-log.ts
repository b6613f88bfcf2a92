// The provisioning log: an append-only record of every allocator and member event, written with
// the executor of the change it describes (so in the same transaction), and read back per org
// with filters and a cursor. The table itself refuses UPDATE and DELETE.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import type { Outcome, ProvisioningEventRow, ProvisioningMethod, Tier } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { InvalidInput } from '../errors.js';
import { storableForm } from '../text/storable-text.js';

export const EVENT_TYPES = [
  'seat.claimed', 'seat.released', 'seat.tier_changed', 'seats.added', 'seat.rejected',
  'member.created', 'member.updated', 'member.suspended', 'member.reactivated', 'member.deprovisioned',
  'member.rejected', 'member.role_changed', 'member.attributes_ignored', 'sso.signed_in', 'sso.rejected',
  'group.created', 'group.updated', 'group.members_added', 'group.members_removed', 'group.deleted', 'group.rejected',
  'seats.converted', 'contract.set', 'contract.renewed', 'contract.expired', 'invoice.issued',
  'invitation.created', 'invitation.resent', 'invitation.revoked', 'invitation.accepted',
  'domain.added', 'domain.verified', 'domain.removed', 'alerts.configured',
  'org.provisioning_changed',
  'console_link.created', 'console_link.used',
  'sso.tested',
  'app.access_denied',
  'seat_request.created', 'seat_request.served', 'seat_request.expired',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventInput {
  orgId: string;
  event: EventType;
  outcome?: Outcome;
  memberId?: string | null;
  /** Who the event is about when there is no member row (a rejected arrival): userName or email. */
  subject?: string | null;
  tier?: Tier | null;
  reason?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * Writes one event. Text that PostgreSQL cannot hold (a NUL, an unpaired surrogate) is written
 * escaped as \uXXXX, so the record of a refused request can always be written.
 */
export async function recordEvent(db: Executor, ctx: ActionContext, e: EventInput): Promise<void> {
  const text = (v: string | null | undefined) => (v == null ? null : storableForm(v));
  await db.insertInto('provisioning_events').values({
    org_id: e.orgId,
    occurred_at: ctx.clock.now(),
    event: e.event,
    outcome: e.outcome ?? 'success',
    member_id: e.memberId ?? null,
    subject: text(e.subject),
    method: ctx.method,
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id ?? null,
    actor_label: text(ctx.actor.label),
    tier: e.tier ?? null,
    reason: text(e.reason),
    detail: e.detail ? JSON.stringify(e.detail, (_k, v: unknown) => (typeof v === 'string' ? storableForm(v) : v)) : null,
    request_id: text(ctx.requestId),
  }).execute();
}

export interface EventFilter {
  since?: Date;
  until?: Date;
  memberId?: string;
  events?: EventType[];
  outcome?: Outcome;
  method?: ProvisioningMethod;
  /** Part of a person's email or userName, case-insensitive: their member's events and refusals of that subject. */
  person?: string;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  limit?: number;
}

export interface ProvisioningEvent {
  id: string;
  occurredAt: string;
  event: string;
  outcome: Outcome;
  memberId: string | null;
  subject: string | null;
  method: ProvisioningMethod;
  actor: { type: string; id: string | null; label: string | null };
  tier: Tier | null;
  reason: string | null;
  detail: unknown;
  requestId: string | null;
}

export interface EventPage { events: ProvisioningEvent[]; nextCursor: string | null }

export const MAX_PAGE = 1000;

/** Newest first. The cursor is the last id seen, so pages stay stable while new events arrive. */
export async function listEvents(db: Executor, orgId: string, filter: EventFilter = {}): Promise<EventPage> {
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new InvalidInput('limit', `must be an integer from 1 to ${MAX_PAGE}`);
  let q = db.selectFrom('provisioning_events').selectAll().where('org_id', '=', orgId);
  if (filter.cursor) q = q.where('id', '<', decodeCursor(filter.cursor));
  if (filter.since) q = q.where('occurred_at', '>=', filter.since);
  if (filter.until) q = q.where('occurred_at', '<', filter.until);
  if (filter.memberId) q = q.where('member_id', '=', filter.memberId);
  if (filter.events?.length) q = q.where('event', 'in', filter.events);
  if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
  if (filter.method) q = q.where('method', '=', filter.method);
  if (filter.person) {
    const pattern = `%${filter.person.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const members = db.selectFrom('members').select('id').where('org_id', '=', orgId)
      .where((eb) => eb.or([eb(sql`lower(email)`, 'like', pattern), eb(sql`lower(user_name)`, 'like', pattern)]));
    q = q.where((eb) => eb.or([eb(sql`lower(subject)`, 'like', pattern), eb('member_id', 'in', members)]));
  }
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    events: page.map(toEvent),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

export async function countEvents(db: Executor, orgId: string): Promise<number> {
  const row = await db.selectFrom('provisioning_events').select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return row.n;
}

function toEvent(r: ProvisioningEventRow): ProvisioningEvent {
  return {
    id: String(r.id),
    occurredAt: r.occurred_at.toISOString(),
    event: r.event,
    outcome: r.outcome,
    memberId: r.member_id,
    subject: r.subject,
    method: r.method,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    tier: r.tier,
    reason: r.reason,
    detail: r.detail ?? null,
    requestId: r.request_id,
  };
}

function encodeCursor(id: number): string { return Buffer.from(`e:${id}`).toString('base64url'); }

function decodeCursor(cursor: string): number {
  const m = /^e:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new InvalidInput('cursor', 'is not a cursor returned by a previous page');
  return Number(m[1]);
}
