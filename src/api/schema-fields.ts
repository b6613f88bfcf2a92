// Turns the JSON Schemas of the OpenAPI document into rows a person can read: one row per field,
// nested fields by dotted path (`invoice.lines[].amount`), with a plain type ("string (uuid) or
// null", "one of premium, standard", "integer, 1 to 500"), whether it is required, and its
// description. Used by the API reference page; knows nothing of HTML.
export interface FieldRow {
  path: string;
  /** The kind of value: "string (uuid)", "integer, 1 to 500", "one of" (then `enumValues`), "list of objects"… */
  type: string;
  enumValues: string[];
  nullable: boolean;
  /** The default, as JSON, when the field has one. */
  defaultValue: string | null;
  required: boolean;
  description: string;
}

type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[];
  enum?: unknown[]; format?: string; minimum?: number; maximum?: number; maxLength?: number; default?: unknown; description?: string; const?: unknown;
};

const MAX_DEPTH = 5;
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** The fields of an object schema, flattened; a non-object schema gives one row for the whole value. */
export function schemaFields(schema: unknown): FieldRow[] {
  const s = (schema ?? {}) as Schema;
  const { core } = unwrap(s);
  if (!core.properties) return [{ path: '(body)', ...describe(s), required: true, description: s.description ?? '' }];
  const rows: FieldRow[] = [];
  walk(core, '', rows, 0);
  return rows;
}

function walk(s: Schema, prefix: string, rows: FieldRow[], depth: number): void {
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    const path = prefix + name;
    rows.push({ path, ...describe(child), required: (s.required ?? []).includes(name), description: child.description ?? unwrap(child).core.description ?? '' });
    if (depth >= MAX_DEPTH) continue;
    const { core } = unwrap(child);
    if (core.properties) walk(core, `${path}.`, rows, depth + 1);
    const item = core.items && unwrap(core.items).core;
    if (item?.properties) walk(item, `${path}[].`, rows, depth + 1);
  }
}

/** Separates "or null" from the schema it qualifies. */
function unwrap(s: Schema): { core: Schema; nullable: boolean } {
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const rest = s.type.filter((t) => t !== 'null');
    return { core: { ...s, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  if (s.anyOf?.some((a) => a.type === 'null')) {
    const rest = s.anyOf.filter((a) => a.type !== 'null');
    return { core: rest.length === 1 ? { ...rest[0], description: s.description ?? rest[0]!.description } : { ...s, anyOf: rest }, nullable: true };
  }
  return { core: s, nullable: false };
}

function describe(s: Schema): Pick<FieldRow, 'type' | 'enumValues' | 'nullable' | 'defaultValue'> {
  const { core, nullable } = unwrap(s);
  const item = core.type === 'array' && core.items ? unwrap(core.items).core : null;
  const values = core.enum ?? (core.const !== undefined ? [core.const] : item?.enum ?? []);
  const fallback = s.default ?? core.default;
  const type = typeName(core);
  return { type, enumValues: values.map(String), nullable: nullable && type !== 'null', defaultValue: fallback === undefined ? null : JSON.stringify(fallback) };
}

function typeName(s: Schema): string {
  if (s.anyOf) return s.anyOf.map((a) => describe(a).type + (a.enum ? ` ${a.enum.join(', ')}` : '')).join(' or ');
  if (s.enum || s.const !== undefined) return 'one of';
  switch (Array.isArray(s.type) ? s.type.join(' or ') : s.type) {
    case undefined: return 'any JSON value';
    case 'string': return s.format ? `string (${s.format})` : s.maxLength ? `string, at most ${s.maxLength} characters` : 'string';
    case 'integer': case 'number': return bounds(s.type as string, s.minimum, s.maximum);
    case 'array': return `list of ${s.items ? plural(describe(s.items).type) : 'values'}`;
    case 'object': return 'object';
    default: return String(s.type);
  }
}

function bounds(kind: string, min?: number, max?: number): string {
  const name = kind === 'integer' ? 'integer' : 'number';
  const hasMax = max !== undefined && max < UNBOUNDED;
  const hasMin = min !== undefined && min > -UNBOUNDED;
  if (hasMin && hasMax) return `${name}, ${min} to ${max}`;
  if (hasMin) return `${name}, at least ${min}`;
  if (hasMax) return `${name}, at most ${max}`;
  return name;
}

function plural(type: string): string {
  if (type === 'one of') return 'values from';
  return type.replace(/^(string|integer|number|object)\b/, '$1s');
}
