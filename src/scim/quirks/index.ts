// The IdP quirks, in the order they apply. Each is a named, sourced normalizer with a replay test
// (test/scim/quirks/<idp>-<quirk>.json); see docs/scim-compat.md.
import { booleanStringsInBody, booleanStringsInOperation } from './boolean-strings.js';
import { lowerCaseOp } from './patch-op-case.js';
import { managerAsStringInBody, managerAsStringInOperation } from './manager-as-string.js';
import { enterpriseColonFormInOperation } from './enterprise-dot-path.js';

type Json = Record<string, unknown>;

export function normalizeResourceBody(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return managerAsStringInBody(booleanStringsInBody(body) as Json);
}

export function normalizePatchBody(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = body as Json;
  const key = Object.keys(b).find((k) => k.toLowerCase() === 'operations');
  if (!key || !Array.isArray(b[key])) return body;
  const ops = (b[key] as unknown[]).map((op) => (op && typeof op === 'object' && !Array.isArray(op)
    ? managerAsStringInOperation(booleanStringsInOperation(enterpriseColonFormInOperation(lowerCaseOp(op as Json))))
    : op));
  // scimmy reads `Operations` with that exact spelling.
  const { [key]: _dropped, ...rest } = b;
  return { ...rest, Operations: ops };
}
