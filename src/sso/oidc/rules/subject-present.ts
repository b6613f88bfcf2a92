// Enforces: the ID token names its subject. `sub` (with the connection) is the person's key —
// never the email, which an IdP may let users change (OpenID Connect Core §2, §5.7).
import { SsoRejected } from '../../../domain/errors.js';
import type { Rule } from './rule.js';

export const subjectPresent: Rule = (claims) => {
  if (typeof claims.sub !== 'string' || !claims.sub || claims.sub.length > 255) {
    throw new SsoRejected('OIDC_REJECTED', 'The ID token names no subject.');
  }
};
