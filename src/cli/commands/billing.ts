// Billing commands: set and show an org's contract, list its invoices, run the renewal job.
import { defineCommand, UsageError, type Values } from '../command.js';
import { checked, flag, isoDay, perTierNumbers, text, wholeNumber, type NumberRange } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { MAX_SEATS_PER_CHANGE } from '../../domain/seats/allocator.js';
import { tiersByPriority } from '../../domain/seats/tiers.js';
import { getCurrentContract, listContracts, setContract, type Contract, type ContractInput } from '../../domain/billing/contracts.js';
import { listInvoices } from '../../domain/billing/invoices.js';
import { runRenewals } from '../../domain/billing/renewal.js';
import { purgeIdempotencyKeys } from '../../domain/billing/idempotency.js';
import { formatMoney, parseCurrency } from '../../domain/billing/money.js';
import { describeInvoice, table } from '../format.js';

function minorUnits(values: Values, name: string): number {
  const v = values[name];
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) {
    throw new UsageError(`--${name} must be a whole number of minor units (cents), e.g. 9900 for 99.00${typeof v === 'string' ? `, not "${v}"` : ''}`);
  }
  return Number(v);
}

const seatRange: NumberRange = { min: 0, max: MAX_SEATS_PER_CHANGE };

export const contractSet = defineCommand<{ slug: string; input: ContractInput }>({
  words: ['contract', 'set'],
  summary: 'set an organization\'s annual contract (prices per seat per year, in minor units)',
  options: {
    org: orgOption,
    start: { type: 'string', value: 'YYYY-MM-DD', required: true, help: 'the first day of the twelve-month term' },
    prices: { type: 'string', value: 'TIER=MINOR,…', help: 'price of a seat for a year per tier of the catalogue, in minor units, e.g. basic=4900,standard=9900,premium=18900; every tier needs one, a better tier never cheaper' },
    'price-standard': { type: 'string', value: 'MINOR', help: 'price of a standard seat for a year, in minor units (9900 = 99.00); same as --prices standard=MINOR' },
    'price-premium': { type: 'string', value: 'MINOR', help: 'price of a premium seat for a year, in minor units; not below the standard price' },
    currency: { type: 'string', value: 'CODE', required: true, help: 'an ISO 4217 currency code such as EUR or USD' },
    'auto-renew': { type: 'boolean', help: 'renew for another year at the term end (otherwise the contract expires then)' },
    seats: { type: 'string', value: 'TIER=N,…', help: 'seats the term starts with per tier (default: the org\'s current seats, never fewer)' },
    standard: { type: 'string', value: 'N', help: 'standard seats the term starts with (with --premium; default: the org\'s current seats, never fewer)' },
    premium: { type: 'string', value: 'N', help: 'premium seats the term starts with (with --standard)' },
  },
  example: ['contract', 'set', '--org', 'acme-corp', '--start', '2027-01-01', '--price-standard', '9900', '--price-premium', '18900', '--currency', 'EUR', '--auto-renew'],
  notes: ['Seats bought later (`seatgate seats add`, or an Owner in the admin API) are prorated to the term end. See docs/billing.md.'],
  parse(v) {
    if ((v.standard === undefined) !== (v.premium === undefined)) throw new UsageError('give both --standard and --premium initial seats, or neither');
    return {
      slug: text(v, 'org'),
      input: {
        termStart: isoDay(v, 'start'), autoRenew: flag(v, 'auto-renew'), currency: checked('currency', () => parseCurrency(text(v, 'currency'))),
        prices: contractPrices(v),
        ...initialSeats(v),
      },
    };
  },
  async run(ctx, { slug, input }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const contract = await setContract(db, org.id, input, ctx.action());
    return { json: contract, text: `Contract set for ${org.slug}.\n\n${describeContract(contract)}` };
  },
});

function contractPrices(v: Values): Record<string, number> {
  const named = perTierNumbers(v, 'prices', { max: 999_999_999_999_999 });
  const pair = v['price-standard'] !== undefined || v['price-premium'] !== undefined;
  if (named === undefined && !pair) throw new UsageError('give the prices: --prices TIER=MINOR,… (or --price-standard and --price-premium)');
  return {
    ...(v['price-standard'] !== undefined ? { standard: minorUnits(v, 'price-standard') } : {}),
    ...(v['price-premium'] !== undefined ? { premium: minorUnits(v, 'price-premium') } : {}),
    ...named,
  };
}

function initialSeats(v: Values): { initialSeats?: Record<string, number> } {
  const named = perTierNumbers(v, 'seats', seatRange);
  if (v.standard === undefined && v.premium === undefined) return named ? { initialSeats: named } : {};
  return { initialSeats: { standard: wholeNumber(v, 'standard', seatRange), premium: wholeNumber(v, 'premium', seatRange), ...named } };
}

export const contractShow = defineCommand({
  words: ['contract', 'show'],
  summary: 'show an organization\'s current contract (and, with --history, the earlier ones)',
  options: { org: orgOption, history: { type: 'boolean', help: 'list every contract the organization had, newest term first' } },
  example: ['contract', 'show', '--org', 'acme-corp'],
  parse: (v) => ({ slug: text(v, 'org'), history: flag(v, 'history') }),
  async run(ctx, { slug, history }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    if (history) {
      const all = await listContracts(db, org.id);
      return { json: all, text: all.length ? all.map(describeContract).join('\n\n') : `${org.slug} has no contract.` };
    }
    const contract = await getCurrentContract(db, org.id);
    return { json: contract, text: describeContract(contract) };
  },
});

export const invoicesList = defineCommand({
  words: ['invoices', 'list'],
  summary: 'list an organization\'s invoices, newest first, with their lines',
  options: { org: orgOption, limit: { type: 'string', value: 'N', help: 'at most N invoices, 1 to 500 (default 100)' } },
  example: ['invoices', 'list', '--org', 'acme-corp', '--limit', '10'],
  parse: (v) => ({ slug: text(v, 'org'), limit: wholeNumber(v, 'limit', { min: 1, max: 500, fallback: 100 }) }),
  async run(ctx, { slug, limit }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const page = await listInvoices(db, org.id, { limit });
    const text = page.invoices.length === 0 ? `${org.slug} has no invoices.` : page.invoices.map(describeInvoice).join('\n\n');
    return { json: page, text };
  },
});

export const billingRenew = defineCommand({
  words: ['billing', 'renew'],
  summary: 'renew or expire every contract whose term has ended (idempotent; run it hourly)',
  options: {},
  example: ['billing', 'renew'],
  notes: ['The server runs this itself every RENEWAL_INTERVAL_SECONDS; the command is for RENEWAL_INTERVAL_SECONDS=0.'],
  async run(ctx) {
    const db = await ctx.db();
    const action = ctx.action();
    const outcomes = await runRenewals(db, action);
    const purgedKeys = await purgeIdempotencyKeys(db, action.clock.now());
    const text = outcomes.length === 0 ? 'No contract was due.'
      : table(['org', 'contract', 'action', 'invoice', 'total'], outcomes.map((o) => [o.orgId, o.contractId, o.action, o.invoiceId, o.total]));
    return { json: { outcomes, purgedIdempotencyKeys: purgedKeys }, text };
  },
});

function describeContract(c: Contract): string {
  return table(['field', 'value'], [
    ['id', c.id], ['status', c.status], ['term', `${c.termStart} to ${c.termEnd} (end exclusive)`],
    ['auto-renew', c.autoRenew ? 'yes' : 'no'],
    ...[...tiersByPriority()].reverse().map((t) => [`${t} seat`, c.prices[t] === undefined ? 'no price (tier newer than the contract)' : `${formatMoney(c.prices[t], c.currency)} a year`]),
    ['initial seats', [...tiersByPriority()].reverse().map((t) => `${c.initialSeats[t] ?? 0} ${t}`).join(', ')],
  ]);
}
