// The pages oidc-provider shows a person itself, in Seatgate's layout: the error page for a
// request that cannot go back to the app (an unknown client or redirect_uri), the sign-out
// confirmation of RP-initiated logout, and the page after it. Text is escaped; the confirmation
// form may redirect to the app's registered post-logout URIs, which the CSP's form-action allows.
import { escapeHtml, page, WAY_BACK } from '../web/page.js';
import { CONTENT_SECURITY_POLICY } from '../web/security-headers.js';

interface PageCtx {
  type: string;
  body: string;
  status: number;
  set(name: string, value: string): void;
  oidc?: { client?: { clientName?: string; clientId: string; postLogoutRedirectUris?: string[] } };
}

const appName = (ctx: PageCtx) => ctx.oidc?.client?.clientName ?? ctx.oidc?.client?.clientId ?? 'the application';

export async function opErrorPage(ctx: PageCtx, out: { error?: string; error_description?: string }): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('The application sign-in cannot go on', `<p class="problem">${escapeHtml(out.error_description ?? 'The request was not valid.')}</p>
<p class="muted">Code: ${escapeHtml(out.error ?? 'invalid_request')}. Go back to the application and start again; if it keeps happening, tell its operator.</p>`, { links: WAY_BACK });
}

export async function logoutPage(ctx: PageCtx, form: string): Promise<void> {
  const origins = (ctx.oidc?.client?.postLogoutRedirectUris ?? []).filter((u) => URL.canParse(u)).map((u) => new URL(u).origin);
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY.replace("form-action 'self'", ["form-action 'self'", ...new Set(origins)].join(' ')));
  ctx.type = 'html';
  ctx.body = page(`Sign out of ${appName(ctx)}?`, `${form}
<p>Signing out also ends your Seatgate sign-in and tells the other applications you use through Seatgate.</p>
<div class="actions"><button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button></div>`);
}

export async function signedOutPage(ctx: PageCtx): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('You are signed out', `<p>You have signed out of ${escapeHtml(appName(ctx))}.</p>`, { links: [{ href: '/login', label: 'Sign in again' }] });
}
