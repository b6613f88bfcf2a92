// Names people read for the provisioning log's event types (src/domain/log/provisioning-log.ts).
export const EVENT_NAMES: Record<string, string> = {
  'member.created': 'Member created', 'member.updated': 'Member updated', 'member.suspended': 'Member suspended',
  'member.reactivated': 'Member reactivated', 'member.deprovisioned': 'Member removed', 'member.rejected': 'Arrival refused',
  'member.role_changed': 'Role changed', 'member.attributes_ignored': 'Attributes ignored',
  'seat.claimed': 'Seat claimed', 'seat.released': 'Seat freed', 'seat.tier_changed': 'Seat tier changed', 'seat.rejected': 'Refused: no seat',
  'seats.added': 'Seats added', 'seats.converted': 'Seats upgraded',
  'sso.signed_in': 'Signed in (SSO)', 'sso.rejected': 'Sign-in refused', 'sso.tested': 'Test sign-in',
  'group.created': 'Group created', 'group.updated': 'Group updated', 'group.members_added': 'Group members added',
  'group.members_removed': 'Group members removed', 'group.deleted': 'Group deleted', 'group.rejected': 'Group change refused',
  'contract.set': 'Contract set', 'contract.renewed': 'Contract renewed', 'contract.expired': 'Contract expired', 'invoice.issued': 'Invoice issued',
  'invitation.created': 'Invitation sent', 'invitation.resent': 'Invitation resent', 'invitation.revoked': 'Invitation revoked', 'invitation.accepted': 'Invitation accepted',
  'domain.added': 'Domain added', 'domain.verified': 'Domain verified', 'domain.removed': 'Domain removed',
  'alerts.configured': 'Alerts configured', 'org.provisioning_changed': 'Provisioning switched',
  'console_link.created': 'Console link created', 'console_link.used': 'Signed in (console link)',
  'seat_request.created': 'Seat request queued', 'seat_request.served': 'Seat request served', 'seat_request.expired': 'Seat request expired',
};
