// Test sign-ins: an Owner checks an SSO connection from the Identity page without signing anyone
// in. The flow (SAML AuthnRequest id or OIDC state) is marked as a test when it starts; when the
// IdP's answer for it has passed every protocol check, the edge takes the mark (once: DELETE …
// RETURNING) and shows the identity and what a real sign-in would do instead of starting a
// session. Each finished test is in the provisioning log, with the Owner who started it.
import type { Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import type { Clock } from '../clock.js';
import { recordEvent } from '../log/provisioning-log.js';
import { previewSignIn, type SignInPreview } from '../members/sign-in-preview.js';
import type { SsoIdentity } from '../members/sign-in.js';

/** As long as a sign-in may take at the IdP (the AuthnRequest and OIDC state live as long). */
export const SIGN_IN_TEST_TTL_MS = 10 * 60_000;

export interface SignInTestStart { connectionId: string; orgId: string; startedBy: string; flowId: string }

export async function markSignInTest(db: Executor, t: SignInTestStart, now: Date): Promise<void> {
  await db.insertInto('sso_sign_in_tests').values({
    connection_id: t.connectionId, flow_id: t.flowId, org_id: t.orgId, started_by: t.startedBy,
    created_at: now, expires_at: new Date(now.getTime() + SIGN_IN_TEST_TTL_MS),
  }).execute();
  // Housekeeping: tests nobody finished are of no use.
  await db.deleteFrom('sso_sign_in_tests').where('expires_at', '<', now).execute();
}

export interface FinishedSignInTest { preview: SignInPreview; startedBy: { id: string; email: string } }

/**
 * When `flowId` was a test of this connection, uses its mark up, logs it and returns what a real
 * sign-in of `who` would do; null for an ordinary sign-in.
 */
export async function finishSignInTest(db: Executor, who: SsoIdentity, flowId: string | null, opts: { clock: Clock; requestId: string | null }): Promise<FinishedSignInTest | null> {
  if (!flowId) return null;
  const now = opts.clock.now();
  const mark = await db.deleteFrom('sso_sign_in_tests').where('connection_id', '=', who.connection.id).where('flow_id', '=', flowId)
    .returning(['started_by', 'expires_at']).executeTakeFirst();
  if (!mark || mark.expires_at <= now) return null;
  const owner = await db.selectFrom('members').select(['id', 'email']).where('id', '=', mark.started_by).executeTakeFirstOrThrow();
  const preview = await previewSignIn(db, who, now);
  const ctx: ActionContext = { method: 'admin', clock: opts.clock, requestId: opts.requestId, actor: { type: 'member', id: owner.id, label: owner.email } };
  await recordEvent(db, ctx, {
    orgId: who.orgId, event: 'sso.tested', memberId: preview.outcome === 'creates' ? null : preview.member?.id ?? null, subject: who.email || who.subject,
    reason: preview.outcome === 'refused' ? preview.error.message : null,
    detail: { connection: who.connection, outcome: preview.outcome, subject: who.subject, ...(preview.outcome === 'refused' ? { code: preview.error.code } : {}) },
  });
  return { preview, startedBy: owner };
}
