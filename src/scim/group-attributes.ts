// Where each SCIM Group attribute lives in SQL, for filters and sortBy. Members are relational
// (group_members), so `members[value eq "…"]` is an EXISTS over that table.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { SCIMMY } from './schemas.js';
import { invalidFilter } from './filter-parser.js';
import type { Resolver, ScalarTarget, Target } from './filter-to-sql.js';

const COLUMNS: Record<string, Omit<ScalarTarget, 'kind' | 'path'>> = {
  id: { expr: sql.ref('groups.id'), type: 'uuid', caseExact: true },
  displayname: { expr: sql.ref('groups.display_name'), type: 'string', caseExact: false },
  externalid: { expr: sql.ref('groups.external_id'), type: 'string', caseExact: true },
  'meta.created': { expr: sql.ref('groups.created_at'), type: 'dateTime', caseExact: false },
  'meta.lastmodified': { expr: sql.ref('groups.updated_at'), type: 'dateTime', caseExact: false },
  'meta.resourcetype': { expr: sql`'Group'`, type: 'string', caseExact: false },
};

const MEMBER_SUBS: Record<string, Omit<ScalarTarget, 'kind' | 'path'>> = {
  value: { expr: sql.ref('gm.member_id'), type: 'uuid', caseExact: true },
  display: { expr: sql.ref('gm.display'), type: 'string', caseExact: false },
  type: { expr: sql`'User'`, type: 'string', caseExact: false },
};

export const resolveGroupPath: Resolver = (path) => {
  const joined = path.join('.');
  const lowered = joined.toLowerCase();
  try {
    (SCIMMY.Schemas.Group.definition as unknown as { attribute(p: string): unknown }).attribute(joined);
  } catch {
    throw invalidFilter(`Unknown attribute "${joined}".`);
  }
  if (lowered === 'members') return membersTarget();
  const column = COLUMNS[lowered];
  if (column) return { kind: 'scalar', ...column, path: joined };
  if (lowered === 'meta') return { kind: 'scalar', expr: sql`null`, type: 'string', caseExact: false, path: joined };
  throw invalidFilter(`Filtering on "${joined}" is not supported.`);
};

function membersTarget(): Target {
  return {
    kind: 'multi',
    path: 'members',
    exists: (inner: RawBuilder<SqlBool>) =>
      sql<SqlBool>`exists (select 1 from group_members gm where gm.group_id = groups.id and ${inner})`,
    sub: (name: string) => {
      const sub = MEMBER_SUBS[name.toLowerCase()];
      if (!sub) throw invalidFilter(`Filtering on "members.${name}" is not supported.`);
      return { kind: 'scalar', ...sub, path: `members.${name}` };
    },
  };
}

export function groupSortExpression(path: string): RawBuilder<unknown> {
  const column = COLUMNS[path.toLowerCase()];
  if (!column) throw new SCIMMY.Types.Error(400, 'invalidValue', `Cannot sort by "${path}".`);
  return column.type === 'string' && !column.caseExact ? sql`lower(${column.expr}::text)` : column.expr;
}
