// Translates a parsed SCIM filter (filter-parser.ts) into one SQL boolean for Kysely's where():
// the database does the filtering, never memory. Attribute paths resolve through a resource's
// attribute map (user-attributes.ts, group-attributes.ts) to a column, a JSON path, or the
// elements of a multi-valued attribute (an EXISTS over them, so that every condition inside
// `emails[type eq "work" and value co "x"]` applies to the same element, RFC 7644 §3.4.2.2).
// Values are always bound parameters; attribute names come from the schema, never from the input.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { invalidFilter, parseFilter, type FilterNode } from './filter-parser.js';
import { isUuid } from '../domain/ids.js';

export type ScalarType = 'string' | 'boolean' | 'dateTime' | 'decimal' | 'integer' | 'reference' | 'binary' | 'uuid';

export interface ScalarTarget {
  kind: 'scalar';
  expr: RawBuilder<unknown>;
  type: ScalarType;
  caseExact: boolean;
  path: string;
}

export interface MultiTarget {
  kind: 'multi';
  path: string;
  /** EXISTS over the elements where `inner` holds. */
  exists(inner: RawBuilder<SqlBool>): RawBuilder<SqlBool>;
  /** A sub-attribute of the current element ("value" when the filter names none). */
  sub(name: string): ScalarTarget;
}

export type Target = ScalarTarget | MultiTarget;

/** Resolves a path as scimmy wrote it (["name", "familyName"], ["urn:…:User:manager", "value"]). */
export type Resolver = (path: string[]) => Target;

export type Condition = [string, unknown?];

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

export function filterToSql(filter: string, resolve: Resolver): RawBuilder<SqlBool> {
  return nodeToSql(parseFilter(filter), resolve);
}

export function nodeToSql(node: FilterNode, resolve: Resolver): RawBuilder<SqlBool> {
  switch (node.kind) {
    case 'and': return sql<SqlBool>`(${sql.join(node.children.map((c) => nodeToSql(c, resolve)), sql` and `)})`;
    case 'or': return sql<SqlBool>`(${sql.join(node.children.map((c) => nodeToSql(c, resolve)), sql` or `)})`;
    case 'not': return sql<SqlBool>`(not coalesce(${nodeToSql(node.child, resolve)}, false))`;
    case 'leaf': return sql<SqlBool>`(${sql.join(node.expression.map((branch) => objectToSql(branch, [], resolve)), sql` or `)})`;
  }
}

function objectToSql(obj: Record<string, unknown>, base: string[], resolve: Resolver): RawBuilder<SqlBool> {
  const parts = Object.entries(obj).map(([key, value]) => entryToSql([...base, key], value, resolve));
  if (parts.length === 0) throw invalidFilter('The filter has an empty comparison.');
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function entryToSql(path: string[], value: unknown, resolve: Resolver): RawBuilder<SqlBool> {
  const target = resolve(path);
  if (Array.isArray(value)) {
    const conditions = (value.every(Array.isArray) ? value : [value]) as Condition[];
    const scalar = target.kind === 'multi' ? target.sub('value') : target;
    const sqlConds = conditions.map((c) => conditionToSql(scalar, c));
    const joined = sqlConds.length === 1 ? sqlConds[0]! : sql<SqlBool>`(${sql.join(sqlConds, sql` and `)})`;
    return target.kind === 'multi' ? target.exists(joined) : joined;
  }
  if (value && typeof value === 'object') {
    if (target.kind === 'multi') {
      const subResolve: Resolver = (sub) => {
        if (sub.length !== 1) throw invalidFilter(`"${target.path}.${sub.join('.')}" is nested too deeply.`);
        return target.sub(sub[0]!);
      };
      return target.exists(objectToSql(value as Record<string, unknown>, [], subResolve));
    }
    return objectToSql(value as Record<string, unknown>, path, resolve);
  }
  throw invalidFilter(`The filter on "${path.join('.')}" is not understood.`);
}

export function conditionToSql(t: ScalarTarget, [rawOp, rawValue]: Condition): RawBuilder<SqlBool> {
  const op = rawOp.toLowerCase();
  if (op === 'pr') return t.type === 'string' ? sql<SqlBool>`(${t.expr} is not null and ${t.expr}::text <> '')` : sql<SqlBool>`(${t.expr} is not null)`;
  if (rawValue === null) {
    if (op === 'eq') return sql<SqlBool>`(${t.expr} is null)`;
    if (op === 'ne') return sql<SqlBool>`(${t.expr} is not null)`;
    throw invalidFilter(`"${t.path} ${op} null" compares with null; only eq and ne can.`);
  }
  switch (t.type) {
    case 'boolean': return booleanCondition(t, op, rawValue);
    case 'dateTime': return orderedCondition(t, op, toDate(t, rawValue), sql`::timestamptz`);
    case 'integer': case 'decimal': return orderedCondition(t, op, toNumber(t, rawValue), sql`::numeric`);
    case 'uuid': return uuidCondition(t, op, String(rawValue));
    default: return stringCondition(t, op, String(rawValue));
  }
}

function booleanCondition(t: ScalarTarget, op: string, raw: unknown): RawBuilder<SqlBool> {
  // Entra sends booleans in filters as strings ("True"); compare them as booleans.
  const lowered = typeof raw === 'string' ? raw.toLowerCase() : raw;
  if (lowered !== true && lowered !== false && lowered !== 'true' && lowered !== 'false') {
    throw invalidFilter(`"${t.path}" is a boolean; ${JSON.stringify(raw)} is not.`);
  }
  const value = lowered === true || lowered === 'true';
  if (op === 'eq') return sql<SqlBool>`(${t.expr} = ${value})`;
  if (op === 'ne') return sql<SqlBool>`(${t.expr} is distinct from ${value})`;
  throw invalidFilter(`"${t.path}" is a boolean: only eq, ne and pr apply.`);
}

const ORDERED_OPS: Record<string, string> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

function orderedCondition(t: ScalarTarget, op: string, value: unknown, cast: RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (op === 'ne') return sql<SqlBool>`(${t.expr} is distinct from ${value}${cast})`;
  const symbol = ORDERED_OPS[op];
  if (!symbol) throw invalidFilter(`"${t.path}" is a ${t.type}: ${op} does not apply.`);
  return sql<SqlBool>`(${t.expr} ${sql.raw(symbol)} ${value}${cast})`;
}

function uuidCondition(t: ScalarTarget, op: string, value: string): RawBuilder<SqlBool> {
  // Ids are UUIDs: anything else matches nothing (and never reaches the database as a uuid).
  if (op === 'eq') return isUuid(value) ? sql<SqlBool>`(${t.expr} = ${value.toLowerCase()}::uuid)` : FALSE;
  if (op === 'ne') return isUuid(value) ? sql<SqlBool>`(${t.expr} <> ${value.toLowerCase()}::uuid)` : TRUE;
  return stringCondition({ ...t, expr: sql`${t.expr}::text`, caseExact: false }, op, value);
}

function stringCondition(t: ScalarTarget, op: string, value: string): RawBuilder<SqlBool> {
  const col = t.caseExact ? sql`${t.expr}::text` : sql`lower(${t.expr}::text)`;
  const v = t.caseExact ? value : value.toLowerCase();
  switch (op) {
    case 'eq': return sql<SqlBool>`(${col} = ${v})`;
    case 'ne': return sql<SqlBool>`(${col} is distinct from ${v})`;
    case 'co': return sql<SqlBool>`(${col} like ${'%' + escapeLike(v) + '%'})`;
    case 'sw': return sql<SqlBool>`(${col} like ${escapeLike(v) + '%'})`;
    case 'ew': return sql<SqlBool>`(${col} like ${'%' + escapeLike(v)})`;
    default: {
      const symbol = ORDERED_OPS[op];
      if (!symbol) throw invalidFilter(`Unknown operator "${op}".`);
      return sql<SqlBool>`(${col} ${sql.raw(symbol)} ${v})`;
    }
  }
}

/** LIKE with the default escape character (backslash): the value's own %, _ and \ match literally. */
function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => '\\' + c);
}

function toDate(t: ScalarTarget, raw: unknown): string {
  const d = new Date(String(raw));
  if (typeof raw !== 'string' || Number.isNaN(d.getTime())) throw invalidFilter(`"${t.path}" is a dateTime; ${JSON.stringify(raw)} is not.`);
  return d.toISOString();
}

function toNumber(t: ScalarTarget, raw: unknown): number {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n)) throw invalidFilter(`"${t.path}" is a number; ${JSON.stringify(raw)} is not.`);
  return n;
}
