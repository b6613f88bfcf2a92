// Read side of /Users and /Groups: every list is ONE statement that returns the page and its
// exact totalResults together (test/scim/list-statements.test.ts counts them):
// - filtered or sorted: the matching rows are a CTE; one row carries count(*) over it and the
//   page is a LATERAL join on it (so a page past the end still says the total). A `userName eq`
//   filter finds at most one row through the unique index, so its count costs nothing.
// - unfiltered, in the default order (an IdP's import): the total is the per-org counter kept
//   by triggers (org_list_counts, migration 0951) and the page is read from the listing index
//   (org_id, created_at, id): by keyset after the last row of the previous page when this
//   process served it (list-cursors.ts), else by an index-only OFFSET over that index. So page
//   1,000 of a sequential import costs what page 1 does. startIndex keeps its SCIM meaning.
// Every query is scoped to the token's org and to members that still exist.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, Group, Member } from '../db/schema.js';
import { filterToSql } from './filter-to-sql.js';
import { resolveUserPath, userSortExpression } from './user-attributes.js';
import { groupSortExpression, resolveGroupPath } from './group-attributes.js';
import type { ListParams } from './list-query.js';
import type { ListCursors } from './list-cursors.js';

export interface Page<T> { rows: T[]; total: number }

interface Listing {
  table: 'members' | 'groups';
  live: RawBuilder<unknown>;
  counter: 'members' | 'groups';
  filter(source: string): RawBuilder<unknown>;
  sort(path: string): RawBuilder<unknown>;
}

const USERS: Listing = {
  table: 'members', live: sql`members.status <> 'deprovisioned'`, counter: 'members',
  filter: (f) => filterToSql(f, resolveUserPath), sort: userSortExpression,
};
const GROUPS: Listing = {
  table: 'groups', live: sql`true`, counter: 'groups',
  filter: (f) => filterToSql(f, resolveGroupPath), sort: groupSortExpression,
};

export function listUsers(db: Kysely<Database>, orgId: string, p: ListParams, cursors?: ListCursors): Promise<Page<Member>> {
  return list<Member>(db, USERS, orgId, p, cursors);
}

export function listGroups(db: Kysely<Database>, orgId: string, p: ListParams, cursors?: ListCursors): Promise<Page<Group>> {
  return list<Group>(db, GROUPS, orgId, p, cursors);
}

type Row<T> = T & { __total: number };

async function list<T extends { id: string }>(db: Kysely<Database>, l: Listing, orgId: string, p: ListParams, cursors?: ListCursors): Promise<Page<T>> {
  const table = sql.table(l.table);
  const scope = sql`${sql.ref(`${l.table}.org_id`)} = ${orgId} and ${l.live}`;
  const offset = p.startIndex - 1;
  let statement: RawBuilder<Row<T>>;
  if (p.filter !== undefined || p.sortBy) {
    const where = p.filter !== undefined ? sql`${scope} and ${l.filter(p.filter)}` : scope;
    const sortKey = p.sortBy ? sql`${l.sort(p.sortBy)}` : sql`null::text`;
    const direction = sql.raw(p.descending ? 'desc nulls last' : 'asc nulls last');
    statement = sql<Row<T>>`with matched as (select ${table}.*, ${sortKey} as __sort from ${table} where ${where})
      select t.__total, p.* from (select count(*)::int as __total from matched) t
      left join lateral (select * from matched order by __sort ${direction}, created_at, id offset ${offset} limit ${p.count}) p on true`;
  } else {
    const after = cursors?.after(orgId, l.table, p.startIndex);
    const keyset = after ? sql`and (created_at, id) > (select created_at, id from ${table} where id = ${after})` : sql``;
    statement = sql<Row<T>>`select t.__total, p.* from
      (select coalesce((select ${sql.ref(l.counter)} from org_list_counts where org_id = ${orgId}), 0)::int as __total) t
      left join lateral (select r.* from (select id from ${table} where ${scope} ${keyset} order by created_at, id
        offset ${after ? 0 : offset} limit ${p.count}) k join ${table} r on r.id = k.id order by r.created_at, r.id) p on true`;
  }
  const result = await statement.execute(db);
  const total = result.rows[0]?.__total ?? 0;
  const rows = result.rows.filter((r) => r.id !== null).map((r) => strip(r) as T);
  if (p.filter === undefined && !p.sortBy && rows.length) cursors?.remember(orgId, l.table, p.startIndex + rows.length, rows.at(-1)!.id);
  return { rows, total };
}

function strip<T>(row: Row<T> & { __sort?: unknown }): T {
  const { __total: _t, __sort: _s, ...rest } = row;
  return rest as T;
}
