// What every OIDC rule is: a pure check of validated ID token claims against what we expect,
// at a given time (STYLE §1). openid-client has already checked signature, iss, aud, azp, exp,
// nonce; these rules add what it leaves to the relying party.
export interface IdTokenClaims { sub?: unknown; iat?: unknown; [claim: string]: unknown }
export interface Expected { clockSkewMs: number; maxAgeMs: number }
export type Rule = (claims: IdTokenClaims, expected: Expected, now: Date) => void;
