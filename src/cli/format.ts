// Plain-text tables, seat summaries and invoices for people at a terminal.
import type { SeatCounts } from '../domain/errors.js';
import type { Invoice } from '../domain/billing/invoices.js';
import { formatMoney } from '../domain/billing/money.js';

export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function seatTable(seats: SeatCounts): string {
  return table(['tier', 'purchased', 'claimed', 'available'], Object.entries(seats).map(([t, s]) =>
    [t, s.purchased, s.claimed, s.purchased - s.claimed]));
}

export function describeInvoice(i: Invoice): string {
  const head = i.number === null
    ? `Invoice preview (${i.kind}), period ${i.periodStart} to ${i.periodEnd}`
    : `Invoice #${i.number} (${i.kind}) issued ${i.issuedAt}, period ${i.periodStart} to ${i.periodEnd}, id ${i.id}`;
  const lines = table(['line', 'amount'], i.lines.map((l) => [l.description, formatMoney(l.amount, i.currency)]));
  return `${head}\n${lines}\nTotal: ${formatMoney(i.total, i.currency)}`;
}
