// Plain-text tables and seat summaries for people at a terminal.
import type { SeatCounts } from '../domain/errors.js';

export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function seatTable(seats: SeatCounts): string {
  return table(['tier', 'purchased', 'claimed', 'available'], (['premium', 'standard'] as const).map((t) =>
    [t, seats[t].purchased, seats[t].claimed, seats[t].purchased - seats[t].claimed]));
}
