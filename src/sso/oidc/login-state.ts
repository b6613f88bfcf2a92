// The server-side half of an OIDC sign-in in flight: state, nonce and PKCE verifier, in the
// database so any process can finish what another started. (The browser-side half is the flow
// cookie, src/sso/browser-binding.ts.) A state is used once: consuming it is a DELETE …
// RETURNING, so a replayed callback finds nothing.
import type { Executor } from '../../domain/storage/transaction.js';
import { SsoRejected } from '../../domain/errors.js';

export const STATE_TTL_MS = 10 * 60_000;

export interface LoginState { codeVerifier: string; nonce: string; returnTo: string | null }

export async function saveLoginState(db: Executor, connectionId: string, state: string, s: LoginState, now: Date): Promise<void> {
  await db.insertInto('oidc_login_states').values({
    state, connection_id: connectionId, code_verifier: s.codeVerifier, nonce: s.nonce, return_to: s.returnTo,
    expires_at: new Date(now.getTime() + STATE_TTL_MS),
  }).execute();
  await db.deleteFrom('oidc_login_states').where('expires_at', '<', now).execute();
}

/** The state as a string, once it is known to be pending for this connection (issued, unexpired, unused). */
export async function pendingState(db: Executor, connectionId: string, state: unknown, now: Date): Promise<string> {
  if (typeof state !== 'string' || !state || state.length > 200) throw new SsoRejected('OIDC_STATE_UNKNOWN', 'This sign-in link is incomplete. Start again from the sign-in page.');
  const row = await db.selectFrom('oidc_login_states').select('expires_at').where('state', '=', state).where('connection_id', '=', connectionId).executeTakeFirst();
  if (!row || row.expires_at <= now) throw new SsoRejected('OIDC_STATE_UNKNOWN', 'This sign-in has expired or was already used. Start again from the sign-in page.');
  return state;
}

export async function consumeLoginState(db: Executor, connectionId: string, state: string, now: Date): Promise<LoginState> {
  const row = await db.deleteFrom('oidc_login_states').where('state', '=', state).where('connection_id', '=', connectionId)
    .returning(['code_verifier', 'nonce', 'return_to', 'expires_at']).executeTakeFirst();
  if (!row || row.expires_at <= now) throw new SsoRejected('OIDC_STATE_UNKNOWN', 'This sign-in has expired or was already used. Start again from the sign-in page.');
  return { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to };
}
