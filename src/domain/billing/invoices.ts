// Invoices: written once with their lines (the database checks total = sum of lines and refuses
// edits), read back per org newest first. An invoice line carries everything needed to recompute
// it: quantity, annual unit amount, and the billed period (months + days of a daysInMonth month).
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';
import type { InvoiceKind, InvoiceLineKind, Tier } from '../../db/schema.js';
import type { ActionContext } from '../context.js';
import { InvalidInput, InvoiceNotFound } from '../errors.js';
import { recordEvent } from '../log/provisioning-log.js';
import { isUuid } from '../ids.js';
import { formatMoney } from './money.js';

export interface InvoiceLine {
  kind: InvoiceLineKind;
  /** The tier the seats are of (for an upgrade: the tier they moved to). */
  tier: Tier;
  /** Upgrade lines only: the tier the seats moved from. */
  fromTier?: Tier;
  quantity: number;
  /** Annual amount per seat in minor units: the tier's price, or for an upgrade the difference between the two tiers' prices. */
  unitAmount: number;
  months: number;
  days: number;
  daysInMonth: number;
  amount: number;
  description: string;
}

export interface Invoice {
  /** null in a preview: nothing has been written. */
  id: string | null;
  number: number | null;
  orgId: string;
  contractId: string;
  kind: InvoiceKind;
  currency: string;
  issuedAt: string;
  periodStart: string;
  periodEnd: string;
  lines: InvoiceLine[];
  total: number;
}

export type InvoiceDraft = Omit<Invoice, 'id' | 'number'> & { renewalOf?: string };

export function describeLine(line: Omit<InvoiceLine, 'description'>, currency: string): string {
  const what = line.kind === 'upgrade'
    ? `${line.quantity} ${line.fromTier ?? 'lower-tier'}-to-${line.tier} upgrade(s) at ${formatMoney(line.unitAmount, currency)} a year each (price difference)`
    : `${line.quantity} ${line.tier} seat(s) at ${formatMoney(line.unitAmount, currency)} a year each`;
  const months = `${line.months} month${line.months === 1 ? '' : 's'}`;
  const period = line.days === 0 ? months : `${months} and ${line.days}/${line.daysInMonth} of a month`;
  return `${what}, for ${period}`;
}

/** Writes the invoice and its lines; the caller's transaction also writes what it bills for. */
export async function insertInvoice(tx: Executor, draft: InvoiceDraft, ctx: ActionContext): Promise<Invoice> {
  const row = await tx.insertInto('invoices').values({
    org_id: draft.orgId, contract_id: draft.contractId, currency: draft.currency, kind: draft.kind,
    issued_at: new Date(draft.issuedAt), period_start: draft.periodStart, period_end: draft.periodEnd,
    total: draft.total, renewal_of: draft.renewalOf ?? null,
  }).returning(['id', 'number']).executeTakeFirstOrThrow();
  if (draft.lines.length) {
    await tx.insertInto('invoice_lines').values(draft.lines.map((l, i) => ({
      invoice_id: row.id, position: i + 1, kind: l.kind, tier: l.tier, from_tier: l.fromTier ?? null, quantity: l.quantity, unit_amount: l.unitAmount,
      months: l.months, days: l.days, days_in_month: l.daysInMonth, amount: l.amount,
    }))).execute();
  }
  await recordEvent(tx, ctx, {
    orgId: draft.orgId, event: 'invoice.issued',
    detail: { invoiceId: row.id, number: Number(row.number), kind: draft.kind, currency: draft.currency, total: draft.total },
  });
  return {
    id: row.id, number: Number(row.number), orgId: draft.orgId, contractId: draft.contractId, kind: draft.kind,
    currency: draft.currency, issuedAt: draft.issuedAt, periodStart: draft.periodStart, periodEnd: draft.periodEnd,
    lines: draft.lines, total: draft.total,
  };
}

export async function getInvoice(db: Executor, orgId: string, invoiceId: string): Promise<Invoice> {
  if (!isUuid(invoiceId)) throw new InvoiceNotFound(invoiceId);
  const [invoice] = await loadInvoices(db, orgId, { id: invoiceId, limit: 1 });
  if (!invoice) throw new InvoiceNotFound(invoiceId);
  return invoice;
}

export interface InvoicePage { invoices: Invoice[]; nextCursor: string | null }

/** Newest first; the cursor is the last invoice number seen. */
export async function listInvoices(db: Executor, orgId: string, opts: { limit?: number; cursor?: string } = {}): Promise<InvoicePage> {
  const limit = opts.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new InvalidInput('limit', 'must be an integer from 1 to 500');
  let before: number | undefined;
  if (opts.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(opts.cursor)) throw new InvalidInput('cursor', 'is not a cursor returned by a previous page');
    before = Number(opts.cursor);
  }
  const rows = await loadInvoices(db, orgId, { limit: limit + 1, ...(before !== undefined ? { before } : {}) });
  const page = rows.slice(0, limit);
  return { invoices: page, nextCursor: rows.length > limit ? String(page.at(-1)!.number) : null };
}

async function loadInvoices(db: Executor, orgId: string, q: { id?: string; before?: number; limit: number }): Promise<Invoice[]> {
  let query = db.selectFrom('invoices').select([
    'id', 'number', 'org_id', 'contract_id', 'kind', 'currency', 'issued_at', 'total',
    sql<string>`to_char(period_start, 'YYYY-MM-DD')`.as('period_start'),
    sql<string>`to_char(period_end, 'YYYY-MM-DD')`.as('period_end'),
  ]).where('org_id', '=', orgId);
  if (q.id) query = query.where('id', '=', q.id);
  if (q.before !== undefined) query = query.where('number', '<', q.before);
  const rows = await query.orderBy('number', 'desc').limit(q.limit).execute();
  if (rows.length === 0) return [];
  const lines = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', 'in', rows.map((r) => r.id))
    .orderBy('invoice_id').orderBy('position').execute();
  return rows.map((r) => ({
    id: r.id, number: Number(r.number), orgId: r.org_id, contractId: r.contract_id, kind: r.kind, currency: r.currency,
    issuedAt: new Date(r.issued_at).toISOString(), periodStart: r.period_start, periodEnd: r.period_end,
    lines: lines.filter((l) => l.invoice_id === r.id).map((l) => {
      const line = {
        kind: l.kind, tier: l.tier, ...(l.from_tier !== null ? { fromTier: l.from_tier } : {}), quantity: l.quantity, unitAmount: Number(l.unit_amount),
        months: l.months, days: l.days, daysInMonth: l.days_in_month, amount: Number(l.amount),
      };
      return { ...line, description: describeLine(line, r.currency) };
    }),
    total: Number(r.total),
  }));
}
