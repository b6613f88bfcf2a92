// SQL pieces for SCIM attributes kept in a jsonb column: a text value at a path, and EXISTS over
// the elements of a multi-valued attribute. Path parts are canonical attribute names taken from
// the schema (checked against a strict pattern), never raw client input.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { MultiTarget, ScalarTarget, ScalarType } from './filter-to-sql.js';
import { invalidFilter } from './filter-parser.js';

const SAFE_NAME = /^[A-Za-z0-9:._$-]{1,200}$/;

function pathLiteral(parts: string[]): RawBuilder<unknown> {
  for (const p of parts) if (!SAFE_NAME.test(p)) throw invalidFilter(`"${p}" is not an attribute name.`);
  return sql.lit(`{${parts.map((p) => `"${p}"`).join(',')}}`);
}

export function jsonScalar(column: RawBuilder<unknown>, parts: string[], type: ScalarType, caseExact: boolean, path: string): ScalarTarget {
  const text = sql`(${column} #>> ${pathLiteral(parts)})`;
  return { kind: 'scalar', expr: castFor(text, type), type, caseExact, path };
}

export function castFor(text: RawBuilder<unknown>, type: ScalarType): RawBuilder<unknown> {
  if (type === 'boolean') return sql`(${text})::boolean`;
  if (type === 'dateTime') return sql`(${text})::timestamptz`;
  if (type === 'integer' || type === 'decimal') return sql`(${text})::numeric`;
  return text;
}

export interface SubAttribute { type: ScalarType; caseExact: boolean }

/** EXISTS over the elements of a json array (absent or not an array: no elements). */
export function jsonMulti(array: RawBuilder<unknown>, path: string, subAttribute: (name: string) => SubAttribute & { name: string }): MultiTarget {
  return {
    kind: 'multi',
    path,
    exists: (inner: RawBuilder<SqlBool>) => sql<SqlBool>`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(${array}) = 'array' then ${array} else '[]'::jsonb end) as el(v) where ${inner})`,
    sub: (name: string) => {
      const a = subAttribute(name);
      return jsonScalar(sql`el.v`, [a.name], a.type, a.caseExact, `${path}.${a.name}`);
    },
  };
}
