// Entra ID sends PATCH `op` capitalised ("Replace", "Add", "Remove"); RFC 7644 §3.5.2 names them
// in lower case and matching them case-insensitively is what scimmy's PatchOp does too. Our own
// group-member handling compares lower case, so ops are lowered once here.
// Source: Microsoft, "Known issues and resolutions with SCIM 2.0 compliance" (PATCH op casing);
// Microsoft SCIM test collection, "Patch user omalley new username".
export function lowerCaseOp(op: Record<string, unknown>): Record<string, unknown> {
  return typeof op.op === 'string' ? { ...op, op: op.op.toLowerCase() } : op;
}
