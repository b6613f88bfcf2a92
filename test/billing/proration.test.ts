import { proratedAmount, remainingPeriod, roundHalfUp } from '../../src/domain/billing/proration.js';
import { addMonths, parseDate } from '../../src/domain/billing/calendar.js';
import { formatMoney, parseCurrency } from '../../src/domain/billing/money.js';
import { InvalidInput } from '../../src/domain/errors.js';

describe('proration rule', () => {
  test('a change on 1 March of a 1 January term is billed exactly 10 of 12 months', () => {
    const period = remainingPeriod('2026-01-01', '2026-03-01');
    expect(period).toEqual({ months: 10, days: 0, daysInMonth: 31 });
    expect(proratedAmount(9900, 5, period)).toBe(41250);
    expect(proratedAmount(18900 - 9900, 10, period)).toBe(75000);
  });

  test.each([
    // [term start, change day, months, days, daysInMonth, amount for 1 seat at 9900/year]
    ['mid-month: 15 March bills 9 months and 17/31', '2026-01-01', '2026-03-15', 9, 17, 31, 7877],
    ['first day of the term bills the whole year', '2026-01-01', '2026-01-01', 12, 0, 31, 9900],
    ['a day before the term starts bills the whole year', '2026-01-01', '2025-12-20', 12, 0, 31, 9900],
    ['last day of the term bills one day of December', '2026-01-01', '2026-12-31', 0, 1, 31, 27],
    ['February in a leap year has 29 days', '2028-01-01', '2028-02-15', 10, 15, 29, 8677],
    ['a term starting on the 31st counts months to the 28th/29th/30th', '2026-01-31', '2026-02-28', 11, 0, 31, 9075],
    ['the month after a clamped one starts on the 31st again', '2026-01-31', '2026-03-30', 10, 1, 31, 8277],
  ])('%s', (_name, start, day, months, days, daysInMonth, amount) => {
    const period = remainingPeriod(start, day);
    expect(period).toEqual({ months, days, daysInMonth });
    expect(proratedAmount(9900, 1, period)).toBe(amount);
  });

  test('refuses a day at or after the term end', () => {
    expect(() => remainingPeriod('2026-01-01', '2027-01-01')).toThrow(InvalidInput);
  });

  test('rounds halves up once per line, exactly, even for amounts beyond 2^53 before division', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(7n, 3n)).toBe(2n);
    expect(roundHalfUp(8n, 3n)).toBe(3n);
    // 1 seat at 1 cent a year for 1 day of a 31-day month: 1/372 of a cent rounds to 0.
    expect(proratedAmount(1, 1, { months: 0, days: 1, daysInMonth: 31 })).toBe(0);
    // 1,000,000 seats at 99,999,999 a year for 6 months: the product exceeds 2^53 but the result is exact.
    expect(proratedAmount(99_999_999, 1_000_000, { months: 6, days: 0, daysInMonth: 30 })).toBe(49_999_999_500_000);
  });

  test('adds months with the same clamping as PostgreSQL', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
  });

  test.each(['2026-02-30', '26-01-01', '2026-1-1', '', '1999-12-31', '2026-01-01T00:00:00Z'])('rejects the date %p', (bad) => {
    expect(() => parseDate(bad)).toThrow(InvalidInput);
  });

  test('formats minor units by the currency\'s digits, and knows ISO 4217 codes', () => {
    expect(formatMoney(41250, 'EUR')).toBe('EUR 412.50');
    expect(formatMoney(5, 'EUR')).toBe('EUR 0.05');
    expect(formatMoney(41250, 'JPY')).toBe('JPY 41250');
    expect(formatMoney(41250, 'BHD')).toBe('BHD 41.250');
    expect(parseCurrency('eur')).toBe('EUR');
    expect(() => parseCurrency('EUX')).toThrow(InvalidInput);
  });
});
