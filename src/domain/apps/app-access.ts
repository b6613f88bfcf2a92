// What losing a seat does to applications, in the transaction that takes the seat (allocator
// `release`): every app the member signed in to or holds a grant for (e.g. a refresh token) gets
// one back-channel logout token queued (its subject is the member, which ends all their sessions
// at the app), and every OP session, grant, code and token of the member is deleted, so
// refresh and userinfo fail at once in every process. The outbox is sent by src/op/logout-outbox.ts.
import { sql } from 'kysely';
import type { Executor } from '../storage/transaction.js';

export type AccessEndReason = 'suspended' | 'removed';

/** Returns how many back-channel logouts were queued. */
export async function endAppAccess(tx: Executor, memberId: string, reason: AccessEndReason, now: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with sessions as (
      select a.key as client_id, a.value->>'sid' as sid
      from op_payloads p cross join lateral jsonb_each(coalesce(p.payload->'authorizations', '{}'::jsonb)) a
      where p.model = 'Session' and p.account_id = ${memberId}
    ), grants as (
      select distinct p.payload->>'clientId' as client_id, null::text as sid
      from op_payloads p
      where p.model = 'Grant' and p.account_id = ${memberId}
        and not exists (select 1 from sessions s where s.client_id = p.payload->>'clientId')
    ), targets as (
      select distinct on (client_id) client_id, sid from (select client_id, sid from sessions union all select client_id, sid from grants) s
      order by client_id, sid nulls last
    ), queued as (
      insert into op_logout_deliveries (app_id, member_id, sid, reason, next_attempt_at, created_at)
      select a.id, ${memberId}, t.sid, ${reason}, ${now}, ${now}
      from targets t join apps a on a.client_id = t.client_id
      where a.removed_at is null and a.backchannel_logout_uri is not null
      returning 1
    )
    select count(*)::int as n from queued`.execute(tx);
  await tx.deleteFrom('op_payloads').where('account_id', '=', memberId).execute();
  return rows[0]?.n ?? 0;
}
