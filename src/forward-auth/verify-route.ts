// Forward auth for applications that cannot speak OpenID Connect: nginx `auth_request`, Traefik
// `ForwardAuth` and Caddy `forward_auth` ask GET /auth/verify before each request to the app,
// passing the browser's cookies. The answer is one indexed read (src/domain/sessions/
// verify-session.ts):
// - 200 with X-Seatgate-Email, -Org, -Role, -Tier (and -User, -Entitlements) for a signed-in
//   member holding a seat who meets the optional requirements (?tier=premium, ?feature=…, ?org=slug);
// - 401 without a session, with the login URL (X-Seatgate-Login, and in the body) that returns to
//   the original URL (X-Original-URL, or X-Forwarded-Proto/Host/Uri); with ?redirect=1 it is a
//   302 to that URL instead, for proxies that pass the answer to the browser as it is;
// - 403 when the person has no seat (it was taken: suspended or removed), or lacks what was required.
import { Router, type Request, type Response } from 'express';
import { verifySessionSecret, type VerifiedMember } from '../domain/sessions/verify-session.js';
import { entitlementsFor } from '../domain/seats/entitlements.js';
import { tierRank } from '../domain/seats/tiers.js';
import { readSessionCookie } from '../sessions/session-cookie.js';
import type { SessionSettings } from '../sessions/settings.js';

export const VERIFY_PATH = '/auth/verify';

export interface ForwardAuthDeps { session: SessionSettings; publicUrl: string }

export function forwardAuthRoutes(deps: ForwardAuthDeps): Router {
  const router = Router();
  router.get(VERIFY_PATH, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const now = deps.session.clock.now();
    const secret = await readSessionCookie(req, deps.session, now);
    const verified = secret ? await verifySessionSecret(deps.session.db, secret, deps.session, now) : { state: 'none' as const };
    if (verified.state === 'none') { signInRequired(req, res, deps); return; }
    if (verified.state === 'no_seat') { forbidden(res, 'You no longer hold a seat in your organization. Ask an Owner to restore your access.'); return; }
    const missing = unmetRequirement(req, verified.member);
    if (missing) { forbidden(res, missing); return; }
    const m = verified.member;
    res.set({
      'X-Seatgate-User': m.memberId, 'X-Seatgate-Email': m.email, 'X-Seatgate-Org': m.org.slug, 'X-Seatgate-Role': m.role,
      'X-Seatgate-Tier': m.tier, 'X-Seatgate-Entitlements': entitlementsFor(m.tier).features.join(','),
    });
    res.status(200).type('text').send('OK');
  });
  return router;
}

function unmetRequirement(req: Request, m: VerifiedMember): string | null {
  const { tier, feature, org } = req.query;
  // A better tier than the one asked for also qualifies (catalogue order); an unknown tier is met by none.
  if (typeof tier === 'string' && tier && tier !== m.tier && !(tierRank(tier) >= 0 && tierRank(m.tier) >= 0 && tierRank(m.tier) < tierRank(tier))) {
    return `This needs a ${tier} seat; yours is ${m.tier}.`;
  }
  if (typeof feature === 'string' && feature && !entitlementsFor(m.tier).features.includes(feature)) return `Your ${m.tier} seat does not include ${feature}.`;
  if (typeof org === 'string' && org && !org.split(',').includes(m.org.slug)) return `This is not available to members of ${m.org.name}.`;
  return null;
}

function forbidden(res: Response, reason: string): void {
  res.set('X-Seatgate-Reason', reason).status(403).type('text').send(reason);
}

function signInRequired(req: Request, res: Response, deps: ForwardAuthDeps): void {
  const original = originalUrl(req);
  const login = `${deps.publicUrl}/login${original ? `?return_to=${encodeURIComponent(original)}` : ''}`;
  res.set('X-Seatgate-Login', login);
  if (req.query.redirect === '1' || req.query.redirect === 'true') { res.redirect(302, login); return; }
  res.set('WWW-Authenticate', `Seatgate login="${login.replace(/"/g, '%22')}"`).status(401).type('text').send(`Sign in first: ${login}`);
}

/** The URL the person asked the app for, as the proxy reports it. /login allow-lists it (SSO_RETURN_ORIGINS). */
function originalUrl(req: Request): string | null {
  const direct = req.get('x-original-url');
  if (direct && URL.canParse(direct)) return direct;
  const host = req.get('x-forwarded-host');
  if (!host) return null;
  const proto = req.get('x-forwarded-proto') === 'http' ? 'http' : 'https';
  const uri = req.get('x-forwarded-uri') ?? '/';
  const candidate = `${proto}://${host.split(',')[0]!.trim()}${uri.startsWith('/') ? uri : `/${uri}`}`;
  return URL.canParse(candidate) ? candidate : null;
}
