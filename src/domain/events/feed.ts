// The events feed applications poll (GET /api/v1/events): app_events in feed order, after a
// cursor, for one organization, a set of them, or all, with no gaps and no duplicates while
// changes commit concurrently. Positions are not taken at insert (a transaction that commits late
// would then show up behind a cursor already handed out) but given to committed rows by a
// sequencer: one at a time (a transaction-scoped advisory lock, held until its commit), each
// numbering the committed, unnumbered rows after the highest position so far, in insertion order.
// So positions become visible strictly in increasing order. Every reader runs the sequencer first
// (skipping it when another holds the lock), so there is no background job to wait for.
import { sql } from 'kysely';
import { inTransaction, type Executor } from '../storage/transaction.js';
import { InvalidInput } from '../errors.js';

export const MAX_FEED_PAGE = 500;
const SEQUENCER_LOCK = 0x5ea7_e7e1;
const SEQUENCER_BATCH = 5000;

export interface AppEvent {
  id: string;
  type: string;
  /** When the change happened (the provisioning log's time). */
  createdAt: string;
  organizationId: string;
  data: Record<string, unknown>;
}

export interface FeedPage { data: AppEvent[]; nextCursor: string | null; hasMore: boolean }

/** Whose events: one or more organizations, or null for every organization. */
export interface FeedScope { orgIds: readonly string[] | null }

/** Numbers committed events that have no position yet; returns how many (0 when another process holds the sequencer). */
export async function sequenceEvents(db: Executor): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { rows: [lock] } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as got`.execute(tx);
    if (!lock?.got) return 0;
    const res = await sql`
      update app_events e set position = t.base + t.rn
      from (select seq, row_number() over (order by seq) as rn,
                   (select coalesce(max(position), 0) from app_events) as base
            from app_events where position is null order by seq limit ${SEQUENCER_BATCH}) t
      where e.seq = t.seq`.execute(tx);
    return Number(res.numAffectedRows ?? 0);
  });
}

export async function readFeed(db: Executor, scope: FeedScope, after: string | undefined, limit = 100): Promise<FeedPage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) throw new InvalidInput('limit', `must be an integer from 1 to ${MAX_FEED_PAGE}`);
  const from = after ? decodeCursor(after) : 0;
  if (scope.orgIds && scope.orgIds.length === 0) return { data: [], nextCursor: after ?? null, hasMore: false };
  await sequenceEvents(db);
  let q = db.selectFrom('app_events').select(['id', 'type', 'occurred_at', 'org_id', 'data', 'position'])
    .where('position', 'is not', null).where('position', '>', from);
  if (scope.orgIds) q = q.where('org_id', 'in', scope.orgIds);
  const rows = await q.orderBy('position').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({ id: r.id, type: r.type, createdAt: r.occurred_at.toISOString(), organizationId: r.org_id, data: r.data })),
    // With nothing new the cursor stays where it was, so a poller can keep sending it.
    nextCursor: last ? encodeCursor(last.position!) : (after ?? null),
    hasMore: rows.length > limit,
  };
}

function encodeCursor(position: number): string {
  return Buffer.from(`p1:${position}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^p1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new InvalidInput('after', 'is not a cursor returned by the events feed');
  return Number(m[1]);
}
