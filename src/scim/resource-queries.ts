// Read side of /Users and /Groups: one counted, filtered, sorted, paged query in the database.
// Every query is scoped to the token's org and to members that still exist, which is also what
// the partial indexes (userName, externalId, listing order) are built on.
import { sql, type Kysely } from 'kysely';
import type { Database, Group, Member } from '../db/schema.js';
import { filterToSql } from './filter-to-sql.js';
import { resolveUserPath, userSortExpression } from './user-attributes.js';
import { groupSortExpression, resolveGroupPath } from './group-attributes.js';
import type { ListParams } from './list-query.js';

export interface Page<T> { rows: T[]; total: number }

export async function listUsers(db: Kysely<Database>, orgId: string, p: ListParams): Promise<Page<Member>> {
  let q = db.selectFrom('members').where('members.org_id', '=', orgId).where('members.status', '<>', 'deprovisioned');
  if (p.filter !== undefined) q = q.where(filterToSql(p.filter, resolveUserPath));
  const sort = p.sortBy ? userSortExpression(p.sortBy) : null;
  const { n } = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  if (p.count === 0 || n < p.startIndex) return { rows: [], total: n };
  let rows = q.selectAll('members');
  if (sort) rows = rows.orderBy(sql`${sort} ${sql.raw(p.descending ? 'desc nulls last' : 'asc nulls last')}`);
  const page = await rows.orderBy('members.created_at').orderBy('members.id').offset(p.startIndex - 1).limit(p.count).execute();
  return { rows: page, total: n };
}

export async function listGroups(db: Kysely<Database>, orgId: string, p: ListParams): Promise<Page<Group>> {
  let q = db.selectFrom('groups').where('groups.org_id', '=', orgId);
  if (p.filter !== undefined) q = q.where(filterToSql(p.filter, resolveGroupPath));
  const sort = p.sortBy ? groupSortExpression(p.sortBy) : null;
  const { n } = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  if (p.count === 0 || n < p.startIndex) return { rows: [], total: n };
  let rows = q.selectAll('groups');
  if (sort) rows = rows.orderBy(sql`${sort} ${sql.raw(p.descending ? 'desc nulls last' : 'asc nulls last')}`);
  const page = await rows.orderBy('groups.created_at').orderBy('groups.id').offset(p.startIndex - 1).limit(p.count).execute();
  return { rows: page, total: n };
}
