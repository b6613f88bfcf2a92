// Builders for billing tests: an org with a contract, members on standard seats, and error codes.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { setContract, type ContractInput } from '../../src/domain/billing/contracts.js';
import { provision } from '../../src/domain/members/provision.js';
import { DomainError } from '../../src/domain/errors.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';

export const PRICES = { standard: 9900, premium: 18900 };

export async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'NO_ERROR'; } catch (err) { return err instanceof DomainError ? err.code : `RAW:${(err as Error).message}`; }
}

export async function orgWithContract(
  db: Kysely<Database>, seats: { standard: number; premium: number }, clock: ManualClock, contract: Partial<ContractInput> = {},
) {
  const made = await makeOrg(db, seats);
  const c = await setContract(db, made.org.id, {
    termStart: '2026-01-01', autoRenew: false, currency: 'EUR', prices: PRICES, ...contract,
  }, ctx('cli', clock));
  return { ...made, contract: c };
}

export async function addMembers(db: Kysely<Database>, orgId: string, domain: string, n: number, clock: ManualClock, prefix = 'user') {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${prefix}${i}@${domain}`;
    ids.push((await provision(db, { path: 'scim', active: true, fields: { orgId, userName: email, email } }, ctx('scim', clock))).id);
  }
  return ids;
}
