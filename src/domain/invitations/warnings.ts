// What an admin should know about invitations in their organization before the invitees find out
// the hard way. Today one fact: with no single sign-on connection, an invitee can accept but
// cannot sign in (sign-in is through the org's identity provider), so the invitation stalls.
import type { Executor } from '../storage/transaction.js';
import { primaryConnection } from '../sso/connections.js';

export type InvitationWarningCode = 'SSO_NOT_CONFIGURED';

export interface InvitationWarning { code: InvitationWarningCode; message: string }

export async function invitationWarnings(db: Executor, orgId: string): Promise<InvitationWarning[]> {
  if (await primaryConnection(db, orgId)) return [];
  return [{
    code: 'SSO_NOT_CONFIGURED',
    message: 'This organization has no single sign-on connection yet: invitees can accept, but cannot sign in until one is set up (SAML or OIDC, in the console or with `seatgate sso add-saml|add-oidc`).',
  }];
}
