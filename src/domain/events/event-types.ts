// The events an application hears about, by the names it sees: the provisioning-log events that
// change who holds a seat, with which tier and role (member.deprovisioned is member.removed here).
// Migration 0601's trigger writes exactly these; test/events/feed.test.ts keeps the two in step.
export const APP_EVENT_TYPES = [
  'member.created', 'member.updated', 'member.suspended', 'member.reactivated', 'member.removed', 'member.role_changed',
  'seat.claimed', 'seat.released', 'seat.tier_changed', 'seats.added', 'seat_request.created', 'seat_request.served',
] as const;

export type AppEventType = (typeof APP_EVENT_TYPES)[number];

export function isAppEventType(value: string): value is AppEventType {
  return (APP_EVENT_TYPES as readonly string[]).includes(value);
}
