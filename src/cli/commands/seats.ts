import type { Command } from '../command.js';
import { requireString, UsageError, wholeNumber } from '../command.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { addSeats, seatCounts } from '../../domain/seats/allocator.js';
import { isTier } from '../../domain/seats/tiers.js';
import { inTransaction } from '../../db/transaction.js';
import { seatTable } from '../format.js';

export const seatsShow: Command = {
  words: ['seats', 'show'],
  usage: 'seatgate seats show --org SLUG [--json]',
  summary: 'show purchased and claimed seats per tier',
  options: { org: { type: 'string' } },
  async run(ctx, v) {
    const slug = requireString(v, 'org');
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const seats = await seatCounts(db, org.id);
    return { json: { org: org.slug, seats }, text: `Seats of ${org.name} (${org.slug})\n\n${seatTable(seats)}` };
  },
};

export const seatsAdd: Command = {
  words: ['seats', 'add'],
  usage: 'seatgate seats add --org SLUG --tier premium|standard --count N [--json]',
  summary: 'add purchased seats to a tier (seats are never removed)',
  options: { org: { type: 'string' }, tier: { type: 'string' }, count: { type: 'string' } },
  async run(ctx, v) {
    const slug = requireString(v, 'org');
    const tier = requireString(v, 'tier');
    if (!isTier(tier)) throw new UsageError('--tier must be premium or standard');
    const count = wholeNumber(v, 'count');
    if (count < 1) throw new UsageError('--count must be at least 1');
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const seats = await inTransaction(db, (tx) => addSeats(tx, org.id, tier, count, ctx.action()));
    return { json: { org: org.slug, added: { tier, count }, seats }, text: `Added ${count} ${tier} seat(s) to ${org.slug}.\n\n${seatTable(seats)}` };
  },
};
