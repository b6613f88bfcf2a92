// Whether a form post comes from another site. Browsers name the origin of a form post (Origin)
// and say how the request was made (Sec-Fetch-Site); either one pointing elsewhere is refused. A
// request with neither is not from a browser a page could drive (curl, scripts), so it passes.
import type { Request } from 'express';

export function isCrossSite(req: Request, publicUrl: string): boolean {
  const origin = req.get('origin');
  if (origin !== undefined) return origin !== new URL(publicUrl).origin;
  const site = req.get('sec-fetch-site');
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}
