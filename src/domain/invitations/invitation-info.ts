// An invitation as the API shows it: never its secret hash; `expired` as soon as its time has
// passed, even before a write has recorded it.
import type { Invitation, InvitationStatus, Tier } from '../../db/schema.js';

export interface InvitationInfo {
  id: string; email: string; role: 'owner' | 'admin' | 'member'; seatTier: Tier | null; status: InvitationStatus;
  invitedBy: { type: string; id: string | null; label: string | null };
  createdAt: string; expiresAt: string; acceptedAt: string | null; revokedAt: string | null;
  memberId: string | null; replacedBy: string | null;
}

export function effectiveStatus(row: Invitation, now: Date): InvitationStatus {
  return row.status === 'pending' && row.expires_at.getTime() <= now.getTime() ? 'expired' : row.status;
}

export function toInfo(r: Invitation, now: Date): InvitationInfo {
  return {
    id: r.id, email: r.email, role: r.role, seatTier: r.seat_tier, status: effectiveStatus(r, now),
    invitedBy: { type: r.invited_by_type, id: r.invited_by_id, label: r.invited_by_label },
    createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(),
    acceptedAt: r.accepted_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
    memberId: r.member_id, replacedBy: r.replaced_by,
  };
}
