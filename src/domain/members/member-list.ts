// Listing an organization's members for the console and the admin API: search (a case-insensitive
// substring of email, userName or display name, with LIKE's wildcards escaped), filters, a sort
// order and keyset pagination. The cursor names the last row's sort key and id, so pages stay
// stable while members arrive or change: each page starts strictly after that (key, id) pair in
// the same order, and the id breaks ties. `total` counts every member the filters match.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import type { Member, MemberStatus, ProvisioningMethod, Role, Tier } from '../../db/schema.js';
import { InvalidInput } from '../errors.js';
import { isUuid } from '../ids.js';
import { tiersByPriority } from '../seats/tiers.js';

export const MEMBER_SORTS = ['email', 'createdAt', 'role', 'tier', 'status'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number] | 'id';

export interface MemberListQuery {
  q?: string;
  status?: MemberStatus;
  tier?: Tier;
  role?: Role;
  method?: ProvisioningMethod;
  /** Default: by id (the order of earlier versions). */
  sort?: MemberSort;
  order?: 'asc' | 'desc';
  /** Opaque, from a previous page's `next`. */
  cursor?: string;
  limit: number;
}

export interface MemberPage { members: Member[]; next: string | null; total: number }

interface SortKey { expr: Expression<unknown>; type: 'uuid' | 'text' | 'bigint' | 'int'; valid: (k: string) => boolean }

const rank = (column: string, values: readonly string[]) =>
  sql.raw(`case ${column} ${values.map((v, i) => `when '${v}' then ${i}`).join(' ')} else ${values.length} end`);

const SORT_KEYS: Record<MemberSort, SortKey> = {
  id: { expr: sql`members.id`, type: 'uuid', valid: isUuid },
  email: { expr: sql`lower(members.email)`, type: 'text', valid: (k) => k.length <= 320 },
  // Microseconds since the epoch: exact, and a cursor value that is just digits.
  createdAt: { expr: sql`(extract(epoch from members.created_at) * 1000000)::bigint`, type: 'bigint', valid: (k) => /^-?\d{1,18}$/.test(k) },
  role: { expr: rank('members.role', ['primary_owner', 'owner', 'admin', 'member']), type: 'int', valid: (k) => /^[0-4]$/.test(k) },
  // Best tier first, in the catalogue's order (read when a list is asked for; keys are [a-z0-9-] only).
  get tier(): SortKey { return { expr: rank('members.seat_tier', tiersByPriority()), type: 'int', valid: (k) => /^\d{1,2}$/.test(k) }; },
  status: { expr: rank('members.status', ['active', 'suspended', 'deprovisioned']), type: 'int', valid: (k) => /^[0-3]$/.test(k) },
};

export async function listMembers(db: Executor, orgId: string, query: MemberListQuery): Promise<MemberPage> {
  const sort = query.sort ?? 'id';
  const order = query.order ?? 'asc';
  const key = SORT_KEYS[sort];
  const after = query.cursor ? decodeCursor(query.cursor, sort, order) : null;
  let filtered = db.selectFrom('members').where('org_id', '=', orgId);
  if (query.status) filtered = filtered.where('status', '=', query.status);
  if (query.tier) filtered = filtered.where('seat_tier', '=', query.tier);
  if (query.role) filtered = filtered.where('role', '=', query.role);
  if (query.method) filtered = filtered.where('created_via', '=', query.method);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filtered = filtered.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('user_name', 'ilike', pattern), eb('display_name', 'ilike', pattern)]));
  }
  let page = filtered.selectAll().select(sql<string>`(${key.expr})::text`.as('sort_key'));
  if (after) {
    const op = sql.raw(order === 'asc' ? '>' : '<');
    page = page.where(sql<SqlBool>`(${key.expr}, members.id) ${op} (cast(${after.key} as ${sql.raw(key.type)}), cast(${after.id} as uuid))`);
  }
  const [rows, counted] = await Promise.all([
    page.orderBy(key.expr, order).orderBy('id', order).limit(query.limit + 1).execute(),
    filtered.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    members: shown.map(({ sort_key: _, ...m }) => m as Member),
    next: rows.length > query.limit && last ? encodeCursor(sort, order, last.sort_key, last.id) : null,
    total: counted.n,
  };
}

/** Escapes LIKE's wildcards (and its escape character) so the search is a plain substring. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(sort: MemberSort, order: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, o: order, k: key, i: id })).toString('base64url');
}

function decodeCursor(cursor: string, sort: MemberSort, order: string): { key: string; id: string } {
  // An earlier version paged by `after=<id>` and returned the last id as `next`: still accepted.
  if (sort === 'id' && order === 'asc' && isUuid(cursor)) return { key: cursor, id: cursor };
  let parsed: { s?: unknown; o?: unknown; k?: unknown; i?: unknown };
  try { parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')); } catch { throw badCursor(); }
  if (parsed?.s !== sort || parsed.o !== order) throw new InvalidInput('cursor', 'belongs to another sort order; start again without a cursor');
  if (typeof parsed.k !== 'string' || !isUuid(parsed.i) || !SORT_KEYS[sort].valid(parsed.k)) throw badCursor();
  return { key: parsed.k, id: parsed.i };
}

function badCursor(): InvalidInput {
  return new InvalidInput('cursor', 'is not a cursor returned by a previous page');
}
