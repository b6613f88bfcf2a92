// The one read behind forward auth (GET /auth/verify, asked by a reverse proxy before every
// request to an app): the session a secret names, joined with its member and organization through
// primary keys and the unique secret-hash index. It tells apart a live session of a member holding
// a seat, a session that ended because the seat was taken (suspension, removal: 403, the person is
// known but has no seat), and no session at all (401, sign in). Refreshes last_seen_at at most
// once a minute, as findLiveSession does.
import type { Executor } from '../storage/transaction.js';
import type { Role, Tier } from '../../db/schema.js';
import { hashSecret, looksLike, sameHash } from '../access/secrets.js';
import { LAST_SEEN_RESOLUTION_MS, SESSION_KIND, type SessionPolicy } from './sessions.js';

export interface VerifiedMember {
  sessionId: string;
  memberId: string;
  email: string;
  displayName: string | null;
  role: Role;
  tier: Tier;
  org: { id: string; slug: string; name: string };
}

export type Verification = { state: 'live'; member: VerifiedMember } | { state: 'no_seat' } | { state: 'none' };

export async function verifySessionSecret(db: Executor, presented: unknown, policy: SessionPolicy, now: Date): Promise<Verification> {
  if (!looksLike(SESSION_KIND, presented)) return { state: 'none' };
  const hash = hashSecret(presented);
  const row = await db.selectFrom('sessions as s').innerJoin('members as m', 'm.id', 's.member_id').innerJoin('organizations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.secret_hash', 's.org_id', 's.last_seen_at', 's.expires_at', 's.revoked_at', 's.revoked_reason',
      'm.id as member_id', 'm.org_id as member_org_id', 'm.email', 'm.display_name', 'm.role', 'm.status', 'm.seat_tier', 'o.slug', 'o.name'])
    .where('s.secret_hash', '=', hash).executeTakeFirst();
  if (!row || !sameHash(row.secret_hash, hash) || row.member_org_id !== row.org_id) return { state: 'none' };
  const timedOut = row.expires_at.getTime() <= now.getTime() || row.last_seen_at.getTime() + policy.idleMs <= now.getTime();
  if (row.revoked_at) return row.revoked_reason === 'suspended' || row.revoked_reason === 'removed' ? (timedOut ? { state: 'none' } : { state: 'no_seat' }) : { state: 'none' };
  if (timedOut) return { state: 'none' };
  if (row.status !== 'active' || !row.seat_tier) return { state: 'no_seat' };
  if (now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
  }
  return {
    state: 'live',
    member: { sessionId: row.id, memberId: row.member_id, email: row.email, displayName: row.display_name, role: row.role, tier: row.seat_tier, org: { id: row.org_id, slug: row.slug, name: row.name } },
  };
}
