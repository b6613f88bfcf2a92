// Billing commands: set and show an org's contract, list its invoices, run the renewal job.
import type { Command } from '../command.js';
import { requireString, UsageError, wholeNumber } from '../command.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { getCurrentContract, listContracts, setContract, type Contract } from '../../domain/billing/contracts.js';
import { listInvoices, type Invoice } from '../../domain/billing/invoices.js';
import { runRenewals } from '../../domain/billing/renewal.js';
import { purgeIdempotencyKeys } from '../../domain/billing/idempotency.js';
import { formatMoney } from '../../domain/billing/money.js';
import { table } from '../format.js';

function minorUnits(values: Record<string, unknown>, name: string): number {
  const v = values[name];
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) throw new UsageError(`--${name} must be a whole number of minor units (cents), e.g. 9900 for 99.00`);
  return Number(v);
}

export const contractSet: Command = {
  words: ['contract', 'set'],
  usage: 'seatgate contract set --org SLUG --start YYYY-MM-DD --price-standard MINOR --price-premium MINOR --currency CODE [--auto-renew] [--standard N --premium N] [--json]',
  summary: 'set an organization\'s annual contract (prices per seat per year, in minor units)',
  options: {
    org: { type: 'string' }, start: { type: 'string' }, 'price-standard': { type: 'string' }, 'price-premium': { type: 'string' },
    currency: { type: 'string' }, 'auto-renew': { type: 'boolean' }, standard: { type: 'string' }, premium: { type: 'string' },
  },
  async run(ctx, v) {
    const slug = requireString(v, 'org');
    if ((v.standard === undefined) !== (v.premium === undefined)) throw new UsageError('give both --standard and --premium initial seats, or neither');
    const input = {
      termStart: requireString(v, 'start'), autoRenew: v['auto-renew'] === true, currency: requireString(v, 'currency'),
      prices: { standard: minorUnits(v, 'price-standard'), premium: minorUnits(v, 'price-premium') },
      ...(v.standard !== undefined ? { initialSeats: { standard: wholeNumber(v, 'standard'), premium: wholeNumber(v, 'premium') } } : {}),
    };
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const contract = await setContract(db, org.id, input, ctx.action());
    return { json: contract, text: `Contract set for ${org.slug}.\n\n${describeContract(contract)}` };
  },
};

export const contractShow: Command = {
  words: ['contract', 'show'],
  usage: 'seatgate contract show --org SLUG [--history] [--json]',
  summary: 'show an organization\'s current contract (and, with --history, the earlier ones)',
  options: { org: { type: 'string' }, history: { type: 'boolean' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    if (v.history) {
      const all = await listContracts(db, org.id);
      return { json: all, text: all.length ? all.map(describeContract).join('\n\n') : `${org.slug} has no contract.` };
    }
    const contract = await getCurrentContract(db, org.id);
    return { json: contract, text: describeContract(contract) };
  },
};

export const invoicesList: Command = {
  words: ['invoices', 'list'],
  usage: 'seatgate invoices list --org SLUG [--limit N] [--json]',
  summary: 'list an organization\'s invoices, newest first, with their lines',
  options: { org: { type: 'string' }, limit: { type: 'string' } },
  async run(ctx, v) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, requireString(v, 'org'));
    const page = await listInvoices(db, org.id, { limit: wholeNumber(v, 'limit', 100) });
    const text = page.invoices.length === 0 ? `${org.slug} has no invoices.` : page.invoices.map(describeInvoice).join('\n\n');
    return { json: page, text };
  },
};

export const billingRenew: Command = {
  words: ['billing', 'renew'],
  usage: 'seatgate billing renew [--json]',
  summary: 'renew or expire every contract whose term has ended (idempotent; run it hourly)',
  options: {},
  async run(ctx) {
    const db = await ctx.db();
    const action = ctx.action();
    const outcomes = await runRenewals(db, action);
    const purgedKeys = await purgeIdempotencyKeys(db, action.clock.now());
    const text = outcomes.length === 0 ? 'No contract was due.'
      : table(['org', 'contract', 'action', 'invoice', 'total'], outcomes.map((o) => [o.orgId, o.contractId, o.action, o.invoiceId, o.total]));
    return { json: { outcomes, purgedIdempotencyKeys: purgedKeys }, text };
  },
};

function describeContract(c: Contract): string {
  return table(['field', 'value'], [
    ['id', c.id], ['status', c.status], ['term', `${c.termStart} to ${c.termEnd} (end exclusive)`],
    ['auto-renew', c.autoRenew ? 'yes' : 'no'],
    ['standard seat', `${formatMoney(c.prices.standard, c.currency)} a year`],
    ['premium seat', `${formatMoney(c.prices.premium, c.currency)} a year`],
    ['initial seats', `${c.initialSeats.standard} standard, ${c.initialSeats.premium} premium`],
  ]);
}

function describeInvoice(i: Invoice): string {
  const head = `Invoice #${i.number} (${i.kind}) issued ${i.issuedAt}, period ${i.periodStart} to ${i.periodEnd}, id ${i.id}`;
  const lines = table(['line', 'amount'], i.lines.map((l) => [l.description, formatMoney(l.amount, i.currency)]));
  return `${head}\n${lines}\nTotal: ${formatMoney(i.total, i.currency)}`;
}
