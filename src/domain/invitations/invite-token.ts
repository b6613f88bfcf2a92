// Invitation links carry `sginv_` + a JWT (HS256, our own key) naming the invitation and holding
// its secret (sginv_ + 32 random bytes); the prefix lets secret scanners recognize leaked links. The signature rejects forged or altered links before any look-up;
// the secret, stored only as a SHA-256 hash, means that neither the signing key nor a copy of the
// database alone is enough to make a working link. Expiry is in the token and in the row.
import { errors, jwtVerify, SignJWT } from 'jose';
import { hashSecret, issueSecret, looksLike, sameHash } from '../access/secrets.js';
import { InviteExpired, InviteInvalid } from '../errors.js';
import { isUuid } from '../ids.js';

export const INVITE_KIND = 'sginv';
const AUDIENCE = 'seatgate:invitation';
const MAX_TOKEN_LENGTH = 2048;

export interface IssuedInvite { token: string; secretHash: Buffer }

export async function issueInviteToken(key: Uint8Array, invitationId: string, issuedAt: Date, expiresAt: Date): Promise<IssuedInvite> {
  const secret = issueSecret(INVITE_KIND);
  const token = await new SignJWT({ sec: secret.secret })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(invitationId).setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000)).setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token: `${INVITE_KIND}_${token}`, secretHash: secret.hash };
}

/** The invitation a link names and the hash of its secret; throws INVITE_INVALID or INVITE_EXPIRED. */
export async function readInviteToken(key: Uint8Array, token: string, now: Date): Promise<{ invitationId: string; secretHash: Buffer }> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !token.startsWith(`${INVITE_KIND}_`)) throw new InviteInvalid();
  try {
    const { payload } = await jwtVerify(token.slice(INVITE_KIND.length + 1), key, { algorithms: ['HS256'], audience: AUDIENCE, currentDate: now, requiredClaims: ['sub', 'exp'] });
    if (!isUuid(payload.sub) || !looksLike(INVITE_KIND, payload.sec)) throw new InviteInvalid();
    return { invitationId: payload.sub, secretHash: hashSecret(payload.sec) };
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new InviteExpired(null);
    throw new InviteInvalid();
  }
}

export function secretMatches(stored: Buffer, presented: Buffer): boolean {
  return sameHash(stored, presented);
}
