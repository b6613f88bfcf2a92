// Entra ID sets a typed value that the user does not have yet with a value-filter path, e.g.
// `{"op":"Add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555"}` or
// `addresses[type eq "work"].streetAddress`. Read strictly (RFC 7644 §3.5.2), the filter matches
// nothing and scimmy answers 400 noTarget — a failed object in Entra. The intent is plain: add an
// element of that type. Rewritten to `{"op":"add","path":"phoneNumbers","value":[{type, value}]}`
// only when no element of that type exists; otherwise the op is left to scimmy.
// Source: Microsoft, "Tutorial: Develop and plan provisioning for a SCIM endpoint" (PATCH
// examples with `[type eq "work"]` paths); Microsoft SCIM reference code, AddPhoneNumbers.
const TYPED_PATH = /^([A-Za-z][A-Za-z0-9]*)\[\s*type\s+eq\s+"([^"]*)"\s*\]\.([A-Za-z][A-Za-z0-9]*)$/i;

export function addToMissingTypedValue(op: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  const kind = String(op.op).toLowerCase();
  if ((kind !== 'add' && kind !== 'replace') || typeof op.path !== 'string') return op;
  const m = TYPED_PATH.exec(op.path.trim());
  if (!m) return op;
  const [, attribute, type, sub] = m as unknown as [string, string, string, string];
  const key = Object.keys(current).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const values = key && Array.isArray(current[key]) ? (current[key] as Array<Record<string, unknown>>) : [];
  if (values.some((v) => typeof v?.type === 'string' && v.type.toLowerCase() === type.toLowerCase())) return op;
  return { op: 'add', path: attribute, value: [{ type, [sub]: op.value }] };
}
