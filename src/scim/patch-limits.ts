// Bounds on a PATCH request before scimmy sees it: scimmy's PatchOp validates operations with an
// indexOf per operation (quadratic), so a body of 100,000 tiny operations would pin the CPU. One
// operation can carry 10,000 group members; 1,000 operations is far beyond any IdP's batch.
import { SCIMMY } from './schemas.js';

export const MAX_PATCH_OPERATIONS = 1000;

export function checkPatchBody(body: unknown): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new SCIMMY.Types.Error(400, 'invalidSyntax', 'A PATCH body must be a PatchOp JSON object.');
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const ops = key ? (body as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(ops) && ops.length > MAX_PATCH_OPERATIONS) {
    throw new SCIMMY.Types.Error(400, 'invalidValue', `A PATCH may hold at most ${MAX_PATCH_OPERATIONS} operations; split the change.`);
  }
}
