// What a successful PATCH answers (RFC 7644 §3.5.2 allows 200 with the resource or 204). Microsoft's
// suite asserts 204 ("Patch user omalley new username"); Okta's documentation shows 200 with the
// user and Okta's clients identify themselves with an "Okta" User-Agent. An explicit
// `Prefer: return=minimal|representation` (RFC 7240) always wins.
import type { Request } from 'express';

export function patchAnswersNoContent(req: Request): boolean {
  const prefer = req.get('prefer') ?? '';
  if (/return=minimal/i.test(prefer)) return true;
  if (/return=representation/i.test(prefer)) return false;
  return !/okta/i.test(req.get('user-agent') ?? '');
}
