// The OpenID Provider's interaction step: where an authorization that needs a sign-in lands. A
// browser with a live Seatgate session of a member the app serves is signed in to the app at once;
// otherwise it goes through Seatgate's own sign-in (home realm discovery, SAML or OIDC at the
// organization's IdP, JIT included) with this step as the return URL, and comes back here. A
// refused sign-in comes back with its reason (src/sessions/sign-in-refusal.ts) and the app
// receives `access_denied` with that reason; so does a member of an organization the app does not
// serve (logged as app.access_denied). `/abort` is the person's "cancel".
import { Router, type Request, type Response } from 'express';
import { appServesOrg, findApp } from '../domain/apps/apps.js';
import { getOrg } from '../domain/orgs/orgs.js';
import { recordEvent } from '../domain/log/provisioning-log.js';
import { currentSession, type LiveSession } from '../sessions/request-session.js';
import { readRefusal, REFUSAL_PARAM } from '../sessions/sign-in-refusal.js';
import { page, WAY_BACK } from '../web/page.js';
import { INTERACTION_PATH, type OidcProvider } from './provider.js';
import type { ProviderHolder } from './current-provider.js';
import type { OpDeps } from './deps.js';

type Details = Awaited<ReturnType<OidcProvider['interactionDetails']>>;

export function interactionRoutes(deps: OpDeps, holder: ProviderHolder): Router {
  const router = Router();

  router.get(`${INTERACTION_PATH}/:uid`, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const provider = await holder.get();
    const details = await interaction(provider, req, res);
    if (!details) return;
    const app = await findApp(deps.db, String(details.params.client_id ?? ''));
    if (!app) { await deny(provider, req, res, 'The application is no longer registered with Seatgate.'); return; }
    const live = await currentSession(req, deps.session);
    if (live) {
      if (!(await appServesOrg(deps.db, app, live.orgId))) { await refuseOrg(deps, provider, req, res, app, live); return; }
      await provider.interactionFinished(req, res, { login: { accountId: live.memberId, amr: [live.via === 'sso' ? 'fed' : 'otp'] } }, { mergeWithLastSubmission: false });
      return;
    }
    const refusal = await readRefusal(req.query[REFUSAL_PARAM], req.path, deps.session, deps.clock.now());
    if (refusal) { await deny(provider, req, res, refusal.reason); return; }
    const back = `${INTERACTION_PATH}/${details.uid}`;
    const hint = typeof details.params.login_hint === 'string' && details.params.login_hint.includes('@')
      ? `&email=${encodeURIComponent(details.params.login_hint)}` : '';
    res.redirect(303, `/login?return_to=${encodeURIComponent(back)}${hint}`);
  });

  router.get(`${INTERACTION_PATH}/:uid/abort`, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const provider = await holder.get();
    if (!(await interaction(provider, req, res))) return;
    await deny(provider, req, res, 'The person cancelled the sign-in.');
  });
  return router;
}

/** The interaction this browser is in, or null after answering with a page (expired, or another browser's). */
async function interaction(provider: OidcProvider, req: Request, res: Response): Promise<Details | null> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid === req.params.uid) return details;
  } catch {
    // SessionNotFound: no interaction cookie, or the interaction expired.
  }
  res.status(400).type('html').send(page('This sign-in has expired', `<p class="problem">This sign-in to an application expired or was started in another browser.</p>
<p>Go back to the application and sign in again.</p>`, { links: WAY_BACK }));
  return null;
}

async function deny(provider: OidcProvider, req: Request, res: Response, reason: string): Promise<void> {
  await provider.interactionFinished(req, res, { error: 'access_denied', error_description: reason }, { mergeWithLastSubmission: false });
}

async function refuseOrg(deps: OpDeps, provider: OidcProvider, req: Request, res: Response, app: { id: string; name: string; client_id: string }, live: LiveSession): Promise<void> {
  const org = await getOrg(deps.db, live.orgId);
  const reason = `${app.name} is not available to members of ${org.name}.`;
  await recordEvent(deps.db, { method: 'jit', actor: { type: 'member', id: live.memberId, label: live.member.email }, clock: deps.clock, requestId: String(req.id ?? '') || null }, {
    orgId: live.orgId, event: 'app.access_denied', outcome: 'rejected', memberId: live.memberId, subject: live.member.email,
    reason, detail: { code: 'APP_ACCESS_DENIED', app: app.name, clientId: app.client_id },
  });
  req.log?.info({ clientId: app.client_id, org: org.slug }, 'application refused: it does not serve this organization');
  await deny(provider, req, res, reason);
}
