// `seatgate seats show|add`. Adding seats to an organization with a contract buys them through
// the same path as an Owner's purchase in the admin API (seat-changes.ts: the exact invoice,
// then confirm with an idempotency key, invoice issued); `--complimentary` adds them without an
// invoice instead, logged as complimentary with the operator as actor. Without a contract
// there is nothing to bill and seats are simply added.
import { randomUUID } from 'node:crypto';
import { defineCommand, UsageError } from '../command.js';
import { checked, flag, oneOf, optionalText, text, wholeNumber } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { MAX_SEATS_PER_CHANGE, seatCounts } from '../../domain/seats/allocator.js';
import { tiersByPriority } from '../../domain/seats/tiers.js';
import type { Tier } from '../../db/schema.js';
import { findCurrentContract } from '../../domain/billing/contracts.js';
import { confirmSeatChange, previewSeatChange } from '../../domain/billing/seat-changes.js';
import { checkIdempotencyKey } from '../../domain/billing/idempotency.js';
import { addUnbilledSeats } from '../../domain/billing/unbilled-seats.js';
import { describeInvoice, seatTable } from '../format.js';

export const seatsShow = defineCommand({
  words: ['seats', 'show'],
  summary: 'show purchased and claimed seats per tier',
  options: { org: orgOption },
  example: ['seats', 'show', '--org', 'acme-corp'],
  parse: (v) => ({ slug: text(v, 'org') }),
  async run(ctx, { slug }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const seats = await seatCounts(db, org.id);
    return { json: { org: org.slug, seats }, text: `Seats of ${org.name} (${org.slug})\n\n${seatTable(seats)}` };
  },
});

interface SeatsAddInput { slug: string; tier: Tier; count: number; complimentary: boolean; preview: boolean; key: string | undefined }

export const seatsAdd = defineCommand<SeatsAddInput>({
  words: ['seats', 'add'],
  summary: 'add seats to a tier: bought (invoiced) under a contract, or --complimentary',
  options: {
    org: orgOption,
    tier: { type: 'string', value: 'TIER', required: true, help: 'the tier that gets the seats: a key of the tier catalogue (TIERS_FILE), e.g. premium or standard' },
    count: { type: 'string', value: 'N', required: true, help: `how many seats, 1 to ${MAX_SEATS_PER_CHANGE}` },
    complimentary: { type: 'boolean', help: 'add them without an invoice although the org has a contract; logged as complimentary, with you as actor' },
    preview: { type: 'boolean', help: 'show the invoice the purchase would issue now, and change nothing' },
    'idempotency-key': { type: 'string', value: 'KEY', help: 'make a retried purchase bill once: the same key replays the first result (default: a new key each run)' },
  },
  example: ['seats', 'add', '--org', 'acme-corp', '--tier', 'premium', '--count', '5'],
  notes: [
    'With a contract, the seats are bought as an Owner buys them in the admin API: prorated to the term end',
    'at the contract price, with an invoice issued in the same transaction. A lapsed contract or a pending',
    'renewal refuses the purchase (CONTRACT_EXPIRED, CONTRACT_RENEWAL_PENDING). Without a contract nothing is billed.',
  ],
  parse(v) {
    const input = {
      slug: text(v, 'org'), tier: oneOf(v, 'tier', tiersByPriority()), count: wholeNumber(v, 'count', { min: 1, max: MAX_SEATS_PER_CHANGE }),
      complimentary: flag(v, 'complimentary'), preview: flag(v, 'preview'),
      key: optionalText(v, 'idempotency-key'),
    };
    if (input.key !== undefined) checked('idempotency-key', () => checkIdempotencyKey(input.key!));
    if (input.complimentary && (input.preview || input.key !== undefined)) {
      throw new UsageError('--complimentary issues no invoice: it takes neither --preview nor --idempotency-key');
    }
    return input;
  },
  async run(ctx, input) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, input.slug);
    const change = { add: { [input.tier]: input.count } };
    const contract = input.complimentary ? null : await findCurrentContract(db, org.id);
    if (contract && input.preview) {
      const preview = await previewSeatChange(db, org.id, change, ctx.action().clock);
      return {
        json: { org: org.slug, preview },
        text: `${describeInvoice(preview.invoice)}\n\nNothing was changed. Run without --preview to buy these seats.`,
      };
    }
    if (contract) {
      const key = input.key ?? randomUUID();
      const done = await confirmSeatChange(db, org.id, change, key, ctx.action());
      const { invoice, seats } = done.receipt;
      return {
        json: { org: org.slug, added: { tier: input.tier, count: input.count }, billed: true, idempotencyKey: key, replayed: done.replayed, invoice, seats },
        text: [`${done.replayed ? 'Already bought with this key; nothing billed again' : `Bought ${input.count} ${input.tier} seat(s) for ${org.slug}`}.`,
          '', describeInvoice(invoice), '', seatTable(seats), '', `Idempotency key: ${key}`].join('\n'),
      };
    }
    if (input.preview) throw new UsageError(`${org.slug} has no contract: there is no invoice to preview`);
    const seats = await addUnbilledSeats(db, org.id, input.tier, input.count, ctx.action(), { complimentary: input.complimentary });
    const how = input.complimentary ? 'as complimentary seats, without an invoice' : '(no contract: nothing billed)';
    return {
      json: { org: org.slug, added: { tier: input.tier, count: input.count }, billed: false, complimentary: input.complimentary, seats },
      text: `Added ${input.count} ${input.tier} seat(s) to ${org.slug} ${how}.\n\n${seatTable(seats)}`,
    };
  },
});
