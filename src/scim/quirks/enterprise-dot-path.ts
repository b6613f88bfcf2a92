// Entra ID (its inbound, API-driven provisioning) writes Enterprise User attributes with a dot
// after the schema URN: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager`,
// where RFC 7644 §3.10 joins URN and attribute with a colon (`…:2.0:User:manager`). Read strictly
// there is no such attribute, so scimmy answers 400 noTarget and the user's change is lost. The
// URN itself ends in ":User", so a dot right after it can only mean that colon: rewritten (URN in
// its registered spelling, any case accepted) in PATCH paths, path-less PATCH value keys, filters
// and sortBy. Everything after the URN is left as it was. (scimmy already reads the dot form in
// attributes/excludedAttributes; the replay checks that too.)
// Source: Microsoft, AzureAD/SCIMReferenceCode "SCIM Inbound" Postman collection, request
// "Update User (manager)" (../shared/peer-suites/microsoft-scim-inbound).
import { ENTERPRISE_USER } from '../schemas.js';

const DOT_FORM = new RegExp(`^\\s*${ENTERPRISE_USER.replace(/[.:]/g, (c) => `\\${c}`)}\\.`, 'i');

export function enterpriseColonForm(path: string): string {
  return DOT_FORM.test(path) ? path.replace(DOT_FORM, `${ENTERPRISE_USER}:`) : path;
}

/** For a PATCH operation: its path, or the keys of its path-less value object. */
export function enterpriseColonFormInOperation(op: Record<string, unknown>): Record<string, unknown> {
  if (typeof op.path === 'string') return { ...op, path: enterpriseColonForm(op.path) };
  if (op.path === undefined && op.value && typeof op.value === 'object' && !Array.isArray(op.value)) {
    return { ...op, value: Object.fromEntries(Object.entries(op.value).map(([k, v]) => [enterpriseColonForm(k), v])) };
  }
  return op;
}
