// The proration rule, pure. A contract term is twelve contract months counted from its start day
// (calendar.ts). A seat change on day D is billed from D (inclusive) to the term end: the whole
// contract months left after the one containing D, plus the days left in that month, from D
// inclusive, as a fraction of that month's length. On a contract-month boundary the fraction is
// zero, so a change on 1 March of a 1 January term is billed exactly 10/12 of a year.
//   amount = round(annual unit × quantity × (months × daysInMonth + days) / (12 × daysInMonth))
// Money is integer minor units; arithmetic is exact (bigint) and `roundHalfUp` is the only
// rounding, applied once per invoice line. See docs/billing.md for worked examples.
import { InvalidInput } from '../errors.js';
import { addMonths, daysBetween } from './calendar.js';

export const TERM_MONTHS = 12;

/** What is left of a term from a given day: `months` whole contract months plus `days` of a `daysInMonth`-day month. */
export interface BilledPeriod { months: number; days: number; daysInMonth: number }

/** The remaining period of the term [termStart, addMonths(termStart, 12)) seen from `day`. Days before the start bill the whole term. */
export function remainingPeriod(termStart: string, day: string): BilledPeriod {
  const termEnd = addMonths(termStart, TERM_MONTHS);
  if (day >= termEnd) throw new InvalidInput('date', `${day} is not before the term end ${termEnd}`);
  if (day <= termStart) return { months: TERM_MONTHS, days: 0, daysInMonth: daysBetween(termStart, addMonths(termStart, 1)) };
  let k = 0;
  while (addMonths(termStart, k + 1) <= day) k++;
  const monthStart = addMonths(termStart, k);
  const nextMonthStart = addMonths(termStart, k + 1);
  const daysInMonth = daysBetween(monthStart, nextMonthStart);
  if (day === monthStart) return { months: TERM_MONTHS - k, days: 0, daysInMonth };
  return { months: TERM_MONTHS - k - 1, days: daysBetween(day, nextMonthStart), daysInMonth };
}

/** The amount of one invoice line: `quantity` seats at `annualUnit` minor units a year, for `period`. */
export function proratedAmount(annualUnit: number, quantity: number, period: BilledPeriod): number {
  assertMinorUnits(annualUnit, 'unit amount');
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new InvalidInput('quantity', 'must be a whole number');
  const billedDays = BigInt(period.months * period.daysInMonth + period.days);
  const yearDays = BigInt(TERM_MONTHS * period.daysInMonth);
  return toSafeNumber(roundHalfUp(BigInt(annualUnit) * BigInt(quantity) * billedDays, yearDays));
}

/** The one rounding function: nearest integer, halves away from zero (amounts here are never negative). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const sign = numerator < 0n ? -1n : 1n;
  const n = numerator * sign;
  return sign * ((2n * n + denominator) / (2n * denominator));
}

export function assertMinorUnits(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidInput(field, 'must be a whole, non-negative number of minor units');
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidInput('amount', 'is too large to invoice');
  return Number(value);
}
