// Console sign-in links carry `sgcl_` + a JWT (HS256, a key of their own) naming the link and
// holding its secret (`sgcl_` + 32 random bytes): the prefix lets secret scanners recognize a
// leaked link, the signature turns away forged or altered links before any look-up, and the
// secret, stored only as a SHA-256 hash, means that neither the key nor a copy of the database
// alone makes a working link. Expiry is in the token and in the row.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Executor } from '../storage/transaction.js';
import type { Clock } from '../clock.js';
import { hashSecret, issueSecret, looksLike } from '../access/secrets.js';
import { serverKey } from '../access/server-keys.js';
import { ConsoleLinkExpired, ConsoleLinkInvalid } from '../errors.js';
import { isUuid } from '../ids.js';

export const CONSOLE_LINK_KIND = 'sgcl';
const AUDIENCE = 'seatgate:console-link';
const MAX_TOKEN_LENGTH = 2048;

export function consoleLinkKey(db: Executor, clock: Clock): Promise<Uint8Array> {
  return serverKey(db, 'console-link-signing-v1', clock);
}

export async function issueConsoleLinkToken(key: Uint8Array, linkId: string, issuedAt: Date, expiresAt: Date): Promise<{ token: string; secretHash: Buffer }> {
  const secret = issueSecret(CONSOLE_LINK_KIND);
  const token = await new SignJWT({ sec: secret.secret }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(linkId).setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000)).setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token: `${CONSOLE_LINK_KIND}_${token}`, secretHash: secret.hash };
}

/** The link a token names and the hash of its secret; throws CONSOLE_LINK_INVALID or CONSOLE_LINK_EXPIRED. */
export async function readConsoleLinkToken(key: Uint8Array, token: string, now: Date): Promise<{ linkId: string; secretHash: Buffer }> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !token.startsWith(`${CONSOLE_LINK_KIND}_`)) throw new ConsoleLinkInvalid();
  try {
    const { payload } = await jwtVerify(token.slice(CONSOLE_LINK_KIND.length + 1), key, { algorithms: ['HS256'], audience: AUDIENCE, currentDate: now, requiredClaims: ['sub', 'exp'] });
    if (!isUuid(payload.sub) || !looksLike(CONSOLE_LINK_KIND, payload.sec)) throw new ConsoleLinkInvalid();
    return { linkId: payload.sub, secretHash: hashSecret(payload.sec) };
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new ConsoleLinkExpired();
    throw new ConsoleLinkInvalid();
  }
}
