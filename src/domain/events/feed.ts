// The events feed applications poll (GET /api/v1/events): app_events in feed order (txid, seq),
// after a cursor, for one organization, a set of them, or all. No gaps and no duplicates, even
// while changes commit concurrently: a row is returned only once its transaction id is below the
// oldest transaction still running (pg_snapshot_xmin of the current snapshot). Every row that has
// not been returned yet, committed late or not yet at all, has a txid at or above that horizon,
// hence sorts after any cursor handed out so far. A long-running transaction anywhere in the
// database holds the feed back (never skips it); docs/operations.md says so.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import { InvalidInput } from '../errors.js';

export const MAX_FEED_PAGE = 500;

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

export async function readFeed(db: Executor, scope: FeedScope, after: string | undefined, limit = 100): Promise<FeedPage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) throw new InvalidInput('limit', `must be an integer from 1 to ${MAX_FEED_PAGE}`);
  const from = after ? decodeCursor(after) : null;
  if (scope.orgIds && scope.orgIds.length === 0) return { data: [], nextCursor: after ?? null, hasMore: false };
  const orgFilter = scope.orgIds ? sql`and e.org_id in (${sql.join(scope.orgIds.map((id) => sql`${id}::uuid`))})` : sql``;
  const cursorFilter = from ? sql`and (e.txid, e.seq) > (${from.txid}::xid8, ${from.seq}::bigint)` : sql``;
  const { rows } = await sql<{ seq: number; id: string; txid: string; type: string; occurred_at: Date; org_id: string; data: Record<string, unknown> }>`
    select e.seq, e.id, e.txid::text as txid, e.type, e.occurred_at, e.org_id, e.data
    from app_events e
    where e.txid < pg_snapshot_xmin(pg_current_snapshot()) ${orgFilter} ${cursorFilter}
    order by e.txid, e.seq
    limit ${limit + 1}`.execute(db);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({ id: r.id, type: r.type, createdAt: r.occurred_at.toISOString(), organizationId: r.org_id, data: r.data })),
    // With nothing new the cursor stays where it was, so a poller can keep sending it.
    nextCursor: last ? encodeCursor(last.txid, last.seq) : (after ?? null),
    hasMore: rows.length > limit,
  };
}

function encodeCursor(txid: string, seq: number): string {
  return Buffer.from(`f1:${txid}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): { txid: string; seq: number } {
  const m = /^f1:(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new InvalidInput('after', 'is not a cursor returned by the events feed');
  return { txid: m[1]!, seq: Number(m[2]) };
}
