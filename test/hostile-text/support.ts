// Hostile text as named data, and a way to prove that a refused request wrote nothing: the two
// kinds of text PostgreSQL cannot hold as sent — a NUL (SQLSTATE 22021) and an unpaired
// surrogate (which UTF-8 cannot encode, so a driver silently stores U+FFFD) — each as a JSON
// string and as percent-escaped UTF-8 bytes for URLs (ED A0 80 is how WTF-8 spells U+D800).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export interface Hostile { name: string; text: string; inUrl: string; fault: RegExp }

export const HOSTILE: readonly Hostile[] = [
  { name: 'a NUL', text: 'x\u0000y', inUrl: 'x%00y', fault: /NUL character \(U\+0000\)/ },
  { name: 'an unpaired surrogate', text: 'x\ud800y', inUrl: 'x%ED%A0%80y', fault: /unpaired UTF-16 surrogate/ },
];

/** Every table a request could change, except the log (checked on its own) and protocol state (SCIM token use, SAML/OIDC flow state, the replay cache). */
const WATCHED = [
  'organizations', 'org_domains', 'seat_pools', 'members', 'contracts', 'invoices', 'invoice_lines', 'seat_changes',
  'idempotency_keys', 'invitations', 'alert_settings', 'seat_alert_state', 'alert_deliveries', 'groups', 'group_members',
  'sso_connections', 'member_sso_identities', 'api_keys_without_use',
] as const;

/** A fingerprint of every watched table: row count and a hash of all rows, so an UPDATE shows too. */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of WATCHED) {
    // api_keys.last_used_at moves on every authenticated call; the rest of the row must not.
    const source = table === 'api_keys_without_use' ? sql`(select id, org_id, name, role, revoked_at from api_keys)` : sql.table(table);
    const { rows } = await sql<{ n: number; h: string | null }>`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${source} as t`.execute(db);
    out[table] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  return out;
}

export interface LoggedRow { event: string; subject: string | null; reason: string | null; detail: Record<string, unknown> }

/** The org's newest provisioning-log id (0 for none): what a request logged is what comes after. */
export async function logMark(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db.selectFrom('provisioning_events').select(sql<number>`coalesce(max(id), 0)::int`.as('id')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return row.id;
}

export async function loggedSince(db: Kysely<Database>, orgId: string, mark: number): Promise<LoggedRow[]> {
  const rows = await db.selectFrom('provisioning_events').select(['event', 'subject', 'reason', 'detail'])
    .where('org_id', '=', orgId).where('id', '>', mark).orderBy('id').execute();
  return rows.map((r) => ({ event: r.event, subject: r.subject, reason: r.reason, detail: (r.detail ?? {}) as Record<string, unknown> }));
}

/** True when no character of the text is a NUL or an unpaired surrogate (what the log may hold). */
export function storable(s: string | null): boolean {
  return s === null || (!s.includes('\u0000') && (s as string & { isWellFormed(): boolean }).isWellFormed());
}
