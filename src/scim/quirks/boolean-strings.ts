// Entra ID sends booleans as strings ("True", "False") in resource bodies and PATCH values;
// Microsoft's own suite posts `"active": "True"`. RFC 7643 §2.3.2 booleans are JSON true/false,
// so scimmy refuses strings. This converts "true"/"false" (any case) under the boolean attributes
// of User (`active`, `*.primary`) and nothing else; other strings still fail validation.
// Source: Microsoft, "Known issues and resolutions with SCIM 2.0 compliance" (flag
// aadOptscim062020 and earlier behaviour); Microsoft SCIM test collection, "Post emp1 with string True".
const BOOLEAN_KEYS = new Set(['active', 'primary']);

function asBoolean(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const l = v.trim().toLowerCase();
  return l === 'true' ? true : l === 'false' ? false : v;
}

export function booleanStringsInBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(booleanStringsInBody);
  if (!body || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    out[k] = BOOLEAN_KEYS.has(k.toLowerCase()) ? asBoolean(v) : booleanStringsInBody(v);
  }
  return out;
}

/** For a PATCH operation: a path ending in a boolean attribute, or a value object holding one. */
export function booleanStringsInOperation(op: Record<string, unknown>): Record<string, unknown> {
  const path = typeof op.path === 'string' ? op.path : '';
  const last = path.split(/[.:]/).pop()?.replace(/\[.*$/, '').toLowerCase() ?? '';
  if (path && BOOLEAN_KEYS.has(last)) return { ...op, value: asBoolean(op.value) };
  return 'value' in op ? { ...op, value: booleanStringsInBody(op.value) } : op;
}
