// What a person reads when no seat is free for them: which tier is full (a premium invitation
// while standard seats are free is not "no seat at all"), and what happens next. Plain text; the
// pages escape it. Tiers are read from the counts, best first (the catalogue's order).
import type { Tier } from '../db/schema.js';
import type { SeatCounts } from '../domain/errors.js';

export interface NoSeatText { headline: string; next: string }

const NONE = { purchased: 0, claimed: 0 };

/** The best other tier that has a free seat, or the best other tier at all. */
function otherTier(counts: SeatCounts, tier: Tier): Tier | null {
  const others = Object.keys(counts).filter((t) => t !== tier);
  return others.find((t) => counts[t]!.claimed < counts[t]!.purchased) ?? others[0] ?? null;
}

/** Why there is no seat: for one tier (an invitation or a change naming it), or for any tier. */
export function whyNoSeat(counts: SeatCounts, orgName: string, tier?: Tier | null): string {
  if (!tier) {
    const all = Object.keys(counts).map((t) => taken(counts, t));
    return `Every seat of ${orgName} is taken: ${all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all.at(-1)}` : all.join('')}.`;
  }
  const own = counts[tier] ?? NONE;
  const full = own.purchased === 0 ? `${orgName} has no ${tier} seats.` : `All ${own.purchased} ${tier} seats of ${orgName} are taken.`;
  const other = otherTier(counts, tier);
  const free = other ? counts[other]!.purchased - counts[other]!.claimed : 0;
  return free > 0 ? `${full} ${free} ${other} seat${free === 1 ? ' is' : 's are'} free, but this is for a ${tier} seat.` : full;
}

/** The page text for an invitee whose invitation cannot be accepted now. */
export function invitationNoSeat(counts: SeatCounts, orgName: string, tier: Tier | null): NoSeatText {
  const which = tier ? `a ${tier} seat` : 'a seat';
  const other = tier ? otherTier(counts, tier) : null;
  const retier = other && counts[other]!.claimed < counts[other]!.purchased ? ` — or invite you again for a ${other} seat` : '';
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
  const c = counts[tier] ?? NONE;
  return c.purchased === 0 ? `no ${tier} seats` : `${c.claimed} of ${c.purchased} ${tier}`;
}
