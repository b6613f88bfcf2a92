// Entra ID sends the Enterprise extension's `manager` as a bare id string (PATCH with
// `"path": "urn:…:enterprise:2.0:User:manager", "value": "<id>"`, or as a URN-prefixed key in a
// path-less value object), though RFC 7643 §4.3 defines it as complex with `value`. Wrap it.
// Source: Microsoft, "Tutorial: Develop and plan provisioning for a SCIM endpoint", manager PATCH.
import { ENTERPRISE_USER } from '../schemas.js';

const MANAGER = `${ENTERPRISE_USER}:manager`.toLowerCase();

const wrap = (v: unknown) => (typeof v === 'string' ? (v ? { value: v } : undefined) : v);

export function managerAsStringInOperation(op: Record<string, unknown>): Record<string, unknown> {
  if (typeof op.path === 'string' && op.path.toLowerCase() === MANAGER) {
    const value = wrap(op.value);
    // An empty string means "no manager": remove it (value-less remove is the RFC form).
    return value === undefined ? { op: 'remove', path: op.path } : { ...op, value };
  }
  if (op.path === undefined && op.value && typeof op.value === 'object' && !Array.isArray(op.value)) {
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(op.value)) value[k] = k.toLowerCase() === MANAGER ? wrap(v) ?? null : v;
    return { ...op, value };
  }
  return op;
}

export function managerAsStringInBody(body: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(body).find((k) => k.toLowerCase() === ENTERPRISE_USER.toLowerCase());
  const ext = key ? body[key] : undefined;
  if (!key || !ext || typeof ext !== 'object') return body;
  const fixed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ext)) fixed[k] = k.toLowerCase() === 'manager' ? wrap(v) : v;
  return { ...body, [key]: fixed };
}
