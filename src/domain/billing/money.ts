// Currencies and display of amounts. Amounts are integer minor units everywhere; a currency's
// number of minor digits (EUR 2, JPY 0, BHD 3) comes from the platform's ISO 4217 data (Intl) and
// is used only to show an amount to a person, never to compute one.
import { InvalidInput } from '../errors.js';

const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code the platform knows, upper case. */
export function parseCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN.has(code)) throw new InvalidInput('currency', 'must be an ISO 4217 currency code such as EUR or USD');
  return code;
}

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 41250, 'EUR' -> 'EUR 412.50'. Exact: string arithmetic, no floating point. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits) || '0';
  return `${currency} ${sign}${whole}${digits ? '.' + text.slice(text.length - digits) : ''}`;
}
