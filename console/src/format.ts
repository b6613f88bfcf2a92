// How the console writes money, dates and enum values. Money is integer minor units with an ISO
// 4217 currency (docs/billing.md); the currency's own number of digits decides the decimals.
import type { Role, Tier } from './types.js';

export function money(minor: number, currency: string): string {
  const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });

/** A calendar date (contract terms are dates): "1 Mar 2026". */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFmt.format(d);
}

/** The day before an exclusive end date: a term ending 2027-01-01 runs "until 31 Dec 2026". */
export function lastDay(exclusiveEnd: string): string {
  const d = new Date(`${exclusiveEnd.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return dateFmt.format(d);
}

export const ROLE_NAMES: Record<Role, string> = { primary_owner: 'Primary owner', owner: 'Owner', admin: 'Admin', member: 'Member' };
export const STATUS_NAMES: Record<string, string> = { active: 'Active', suspended: 'Suspended', deprovisioned: 'Removed' };
export const METHOD_NAMES: Record<string, string> = { scim: 'SCIM', jit: 'SSO (first sign-in)', manual: 'Invitation', admin: 'Admin console / API', cli: 'Command line' };

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export const isOwner = (role: Role) => role === 'owner' || role === 'primary_owner';
