// Where each SCIM User attribute lives in SQL, for filters and sortBy. Names are checked against
// scimmy's User schema (unknown → 400 invalidFilter) and resolved case-insensitively to their
// canonical spelling. Identity attributes and the hot filters (userName, externalId) are columns
// with indexes; everything else is read from members.scim_attributes.
import { sql, type RawBuilder } from 'kysely';
import { SCIMMY, ENTERPRISE_USER, SEAT_EXTENSION } from './schemas.js';
import { invalidFilter } from './filter-parser.js';
import type { Resolver, ScalarTarget, ScalarType, Target } from './filter-to-sql.js';
import { jsonMulti, jsonScalar } from './json-path.js';
import { enterpriseColonForm } from './quirks/enterprise-dot-path.js';

const col = (name: string) => sql.ref(`members.${name}`);

const COLUMNS: Record<string, Omit<ScalarTarget, 'kind' | 'path'>> = {
  id: { expr: col('id'), type: 'uuid', caseExact: true },
  username: { expr: col('user_name'), type: 'string', caseExact: false },
  externalid: { expr: col('external_id'), type: 'string', caseExact: true },
  displayname: { expr: col('display_name'), type: 'string', caseExact: false },
  active: { expr: sql`(members.status = 'active')`, type: 'boolean', caseExact: false },
  'name.givenname': { expr: col('given_name'), type: 'string', caseExact: false },
  'name.familyname': { expr: col('family_name'), type: 'string', caseExact: false },
  'meta.created': { expr: col('created_at'), type: 'dateTime', caseExact: false },
  'meta.lastmodified': { expr: col('updated_at'), type: 'dateTime', caseExact: false },
  'meta.resourcetype': { expr: sql`'User'`, type: 'string', caseExact: false },
};

/** Members that arrived without SCIM (JIT, invite) still have their email as emails[primary]. */
const EMAILS = sql`coalesce(members.scim_attributes -> 'emails', jsonb_build_array(jsonb_build_object('value', members.email, 'primary', true)))`;

export const resolveUserPath: Resolver = (path) => {
  const [head, ...rest] = path;
  if (head!.toLowerCase().startsWith(SEAT_EXTENSION.toLowerCase())) return seatTier(path);
  const joined = path.join('.');
  const definition = attributeAt(joined);
  const canonical = canonicalPath(joined);
  const column = COLUMNS[canonical.map((p) => p.toLowerCase()).join('.')];
  if (column) return { kind: 'scalar', ...column, path: joined };
  if (canonical[0] === 'emails' && canonical.length === 1) return jsonMulti(EMAILS, 'emails', (n) => subOf('emails', n));
  if (definition.config.multiValued && canonical.length === 1 + (canonical[0] === ENTERPRISE_USER ? 1 : 0)) {
    return jsonMulti(sql`(members.scim_attributes #> ${sql.lit(`{${canonical.map((p) => `"${p}"`).join(',')}}`)})`, joined, (n) => subOf(canonical.join('.'), n));
  }
  if (rest.length === 0 && definition.type === 'complex') return jsonScalar(sql.ref('members.scim_attributes'), [...canonical, 'value'], 'string', false, joined);
  return jsonScalar(sql.ref('members.scim_attributes'), canonical, scalarType(definition.type), Boolean(definition.config.caseExact), joined);
};

/** sortBy: a scalar; a multi-valued attribute sorts by its primary value (RFC 7644 §3.4.2.3). */
export function userSortExpression(path: string): RawBuilder<unknown> {
  const lowered = path.toLowerCase();
  if (lowered === 'emails' || lowered === 'emails.value') return sql`lower(members.email)`;
  const target = resolveUserPath(splitPath(path));
  if (target.kind !== 'scalar') throw new SCIMMY.Types.Error(400, 'invalidValue', `Cannot sort by "${path}".`);
  return target.type === 'string' && !target.caseExact ? sql`lower(${target.expr}::text)` : target.expr;
}

export function splitPath(raw: string): string[] {
  const path = enterpriseColonForm(raw);
  const urn = [ENTERPRISE_USER, SEAT_EXTENSION].find((u) => path.toLowerCase().startsWith(u.toLowerCase() + ':'));
  if (urn) return [`${urn}:${path.slice(urn.length + 1).split('.')[0]}`, ...path.slice(urn.length + 1).split('.').slice(1)];
  return path.split('.');
}

function seatTier(path: string[]): Target {
  const name = path.join('.').slice(SEAT_EXTENSION.length + 1).toLowerCase();
  if (name !== 'tier') throw invalidFilter(`Unknown attribute "${path.join('.')}".`);
  return { kind: 'scalar', expr: col('seat_tier'), type: 'string', caseExact: false, path: `${SEAT_EXTENSION}:tier` };
}

interface AttributeLike { name: string; type: string; config: { multiValued?: boolean; caseExact?: boolean } }

function attributeAt(path: string): AttributeLike {
  try {
    return (SCIMMY.Schemas.User.definition as unknown as { attribute(p: string): AttributeLike }).attribute(path);
  } catch {
    throw invalidFilter(`Unknown attribute "${path}".`);
  }
}

/** Canonical names along the path, the enterprise URN kept as its own first part. */
function canonicalPath(path: string): string[] {
  const ext = path.toLowerCase().startsWith(ENTERPRISE_USER.toLowerCase() + ':');
  const rest = ext ? path.slice(ENTERPRISE_USER.length + 1) : path;
  const names: string[] = [];
  const parts = rest.split('.');
  for (let i = 0; i < parts.length; i++) {
    names.push(attributeAt((ext ? ENTERPRISE_USER + ':' : '') + parts.slice(0, i + 1).join('.')).name);
  }
  return ext ? [ENTERPRISE_USER, ...names] : names;
}

function subOf(parent: string, name: string): { name: string; type: ScalarType; caseExact: boolean } {
  const a = attributeAt(`${parent}.${name}`);
  return { name: a.name, type: scalarType(a.type), caseExact: Boolean(a.config.caseExact) };
}

function scalarType(type: string): ScalarType {
  if (type === 'complex') throw invalidFilter('A complex attribute needs a sub-attribute in a filter.');
  return type as ScalarType;
}
