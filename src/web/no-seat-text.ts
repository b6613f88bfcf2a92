// What a person reads when no seat is free for them: which tier is full (a premium invitation
// while standard seats are free is not "no seat at all"), and what happens next. Plain text; the
// pages escape it.
import type { Tier } from '../db/schema.js';
import type { SeatCounts } from '../domain/errors.js';

export interface NoSeatText { headline: string; next: string }

const OTHER: Record<Tier, Tier> = { premium: 'standard', standard: 'premium' };

/** Why there is no seat: for one tier (an invitation or a change naming it), or for any tier. */
export function whyNoSeat(counts: SeatCounts, orgName: string, tier?: Tier | null): string {
  if (!tier) {
    return `Every seat of ${orgName} is taken: ${taken(counts, 'premium')} and ${taken(counts, 'standard')}.`;
  }
  const own = counts[tier];
  const full = own.purchased === 0 ? `${orgName} has no ${tier} seats.` : `All ${own.purchased} ${tier} seats of ${orgName} are taken.`;
  const other = OTHER[tier];
  const free = counts[other].purchased - counts[other].claimed;
  return free > 0 ? `${full} ${free} ${other} seat${free === 1 ? ' is' : 's are'} free, but this is for a ${tier} seat.` : full;
}

/** The page text for an invitee whose invitation cannot be accepted now. */
export function invitationNoSeat(counts: SeatCounts, orgName: string, tier: Tier | null): NoSeatText {
  const which = tier ? `a ${tier} seat` : 'a seat';
  const other = tier ? OTHER[tier] : null;
  const retier = other && counts[other].claimed < counts[other].purchased ? ` — or invite you again for a ${other} seat` : '';
  return {
    headline: whyNoSeat(counts, orgName, tier),
    next: `Nothing has changed and this link stays valid. An administrator of ${orgName} can free or add ${which}${retier}; then open this link again.`,
  };
}

/** The page text for a first sign-in refused for lack of seats. */
export function signInNoSeat(counts: SeatCounts, orgName: string): NoSeatText {
  return {
    headline: `${whyNoSeat(counts, orgName)} Your account has not been created.`,
    next: `An Owner of ${orgName} can add seats, or an administrator can free one; then sign in again. The administrators see this refusal in their provisioning log.`,
  };
}

function taken(counts: SeatCounts, tier: Tier): string {
  const c = counts[tier];
  return c.purchased === 0 ? `no ${tier} seats` : `${c.claimed} of ${c.purchased} ${tier}`;
}
