// Sign-in sessions, kept in the database so that every process agrees on them. A session is a
// secret of kind `sgsess` (32 random bytes, stored only as its SHA-256 hash) tied to one member.
// It counts while it is not revoked, not past its absolute expiry, not idle for longer than the
// idle timeout, and its member is active with a seat: all checked by one indexed read joined with
// the member row. Revocation (sign-out, suspension, removal, demotion) is an UPDATE in the
// transaction of the change that causes it, so it holds for every process at the next request.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import type { Role, SessionRevokeReason, SessionVia, Tier } from '../../db/schema.js';
import { hashSecret, issueSecret, looksLike, sameHash } from '../access/secrets.js';

export const SESSION_KIND = 'sgsess';
/** last_seen_at is written at most this often: a busy console does not write on every request. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
/** Ended sessions are kept this long after their absolute expiry (for support), then deleted. */
export const RETENTION_MS = 24 * 3_600_000;

export interface SessionPolicy { idleMs: number; absoluteMs: number }

export interface StartedSession { id: string; secret: string; expiresAt: Date }

export interface LiveSession {
  id: string;
  orgId: string;
  memberId: string;
  via: SessionVia;
  createdAt: Date;
  expiresAt: Date;
  member: { email: string; displayName: string | null; role: Role; tier: Tier };
}

/**
 * Starts a session for a member who is active right now, or returns null. The member row is read
 * FOR SHARE, so a concurrent suspension either commits first (and no session is made) or waits
 * for this insert and then revokes the new session with the others.
 */
export async function createSession(
  db: Executor, orgId: string, memberId: string, via: SessionVia, policy: SessionPolicy, now: Date,
): Promise<StartedSession | null> {
  const issued = issueSecret(SESSION_KIND);
  const expiresAt = new Date(now.getTime() + policy.absoluteMs);
  const { rows } = await sql<{ id: string }>`
    insert into sessions (secret_hash, org_id, member_id, via, created_at, last_seen_at, expires_at)
    select ${issued.hash}, m.org_id, m.id, ${via}, ${now}, ${now}, ${expiresAt}
    from members m where m.id = ${memberId} and m.org_id = ${orgId} and m.status = 'active' and m.seat_tier is not null
    for share
    returning id`.execute(db);
  if (!rows[0]) return null;
  // Each sign-in also clears this member's long-ended sessions, so no one's rows pile up.
  await db.deleteFrom('sessions').where('member_id', '=', memberId)
    .where('expires_at', '<', new Date(now.getTime() - RETENTION_MS)).execute();
  return { id: rows[0].id, secret: issued.secret, expiresAt };
}

/** The live session a presented secret names, or null. Refreshes last_seen_at at most once a minute. */
export async function findLiveSession(db: Executor, presented: unknown, policy: SessionPolicy, now: Date): Promise<LiveSession | null> {
  if (!looksLike(SESSION_KIND, presented)) return null;
  const hash = hashSecret(presented);
  const row = await db.selectFrom('sessions as s').innerJoin('members as m', 'm.id', 's.member_id')
    .select(['s.id', 's.secret_hash', 's.org_id', 's.member_id', 's.via', 's.created_at', 's.last_seen_at', 's.expires_at', 's.revoked_at',
      'm.email', 'm.display_name', 'm.role', 'm.status', 'm.seat_tier', 'm.org_id as member_org_id'])
    .where('s.secret_hash', '=', hash).executeTakeFirst();
  if (!row || !sameHash(row.secret_hash, hash) || row.revoked_at) return null;
  if (row.expires_at.getTime() <= now.getTime() || row.last_seen_at.getTime() + policy.idleMs <= now.getTime()) return null;
  if (row.member_org_id !== row.org_id || row.status !== 'active' || !row.seat_tier) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
  }
  return {
    id: row.id, orgId: row.org_id, memberId: row.member_id, via: row.via, createdAt: row.created_at, expiresAt: row.expires_at,
    member: { email: row.email, displayName: row.display_name, role: row.role, tier: row.seat_tier },
  };
}

/** Ends one session (sign-out). Ending an ended session changes nothing. */
export async function revokeSession(db: Executor, sessionId: string, reason: SessionRevokeReason, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a member, in the caller's transaction; returns how many were live. */
export async function revokeMemberSessions(db: Executor, orgId: string, memberId: string, reason: SessionRevokeReason, now: Date): Promise<number> {
  const res = await db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason })
    .where('member_id', '=', memberId).where('org_id', '=', orgId).where('revoked_at', 'is', null)
    .where('expires_at', '>', now).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Deletes sessions that ended more than a day ago (the housekeeping job). */
export async function pruneSessions(db: Executor, now: Date): Promise<number> {
  const res = await db.deleteFrom('sessions').where('expires_at', '<', new Date(now.getTime() - RETENTION_MS)).executeTakeFirst();
  return Number(res.numDeletedRows);
}
