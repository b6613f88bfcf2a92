// Enforces: the ID token was issued recently and not in the future (beyond the clock skew).
// OpenID Connect Core §3.1.3.7 step 10: the client MAY reject tokens issued too far from now;
// we do, so a token minted long ago (or post-dated) cannot be replayed into a fresh sign-in.
import { SsoRejected } from '../../../domain/errors.js';
import type { Rule } from './rule.js';

export const iatIsRecent: Rule = (claims, expected, now) => {
  const iat = claims.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new SsoRejected('OIDC_IAT_INVALID', 'The ID token has no issue time.');
  const issuedMs = iat * 1000;
  if (issuedMs > now.getTime() + expected.clockSkewMs) throw new SsoRejected('OIDC_IAT_INVALID', 'The ID token is issued in the future: check the clocks.', `iat ${iat}`);
  if (issuedMs < now.getTime() - expected.maxAgeMs - expected.clockSkewMs) throw new SsoRejected('OIDC_IAT_INVALID', 'The ID token was issued too long ago.', `iat ${iat}`);
};
