// Calendar days for contracts: a date is a UTC calendar day written 'YYYY-MM-DD'. Adding months
// keeps the day of month and clamps to the month's last day (31 Jan + 1 month = 28/29 Feb), the
// same rule as PostgreSQL's `date + interval`, so the database's term check and ours agree.
import { InvalidInput } from '../errors.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a 'YYYY-MM-DD' string naming a real day; `field` names it in the error. */
export function parseDate(value: string, field = 'date'): string {
  const m = ISO_DATE.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || toDate(ms) !== value || Number(m[1]) < 2000 || Number(m[1]) > 2999) {
    throw new InvalidInput(field, 'must be a calendar date written YYYY-MM-DD (years 2000-2999)');
  }
  return value;
}

/** The UTC calendar day of an instant. */
export function dayOf(instant: Date): string {
  return toDate(instant.getTime());
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return toDate(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((msOf(to) - msOf(from)) / DAY_MS);
}

function msOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function toDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
