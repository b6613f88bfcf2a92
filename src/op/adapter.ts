// oidc-provider's storage over PostgreSQL/PGlite (table op_payloads, migration 0600): one row per
// model and id with its expiry, plus the look-ups the provider needs (by grant, by session uid, by
// user code). Never in memory, so every Seatgate process sees the same sessions, codes and
// tokens. `account_id` is kept beside the payload so that losing a seat can delete a member's
// grants and tokens in the allocator's transaction (src/domain/apps/app-access.ts). The `Client`
// model is not stored here: clients are the operator's applications (src/op/clients.ts).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';

type Payload = Record<string, unknown>;

export interface AdapterDeps { db: Kysely<Database>; clock: Clock; findClient(id: string): Promise<Payload | undefined> }

/** The adapter class oidc-provider instantiates once per model name. */
export function databaseAdapter(deps: AdapterDeps) {
  return class DatabaseAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expiresAt = typeof expiresIn === 'number' ? new Date(deps.clock.now().getTime() + expiresIn * 1000) : null;
      const account = payload.accountId ?? payload.account;
      await sql`
        insert into op_payloads (model, id, payload, grant_id, uid, user_code, account_id, expires_at)
        values (${this.model}, ${id}, ${JSON.stringify(payload)}::jsonb, ${str(payload.grantId)}, ${str(payload.uid)},
                ${str(payload.userCode)}, ${str(account)}, ${expiresAt})
        on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
          user_code = excluded.user_code, account_id = excluded.account_id, expires_at = excluded.expires_at`.execute(deps.db);
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return deps.findClient(id);
      return this.#findWhere(sql`model = ${this.model} and id = ${id}`);
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return this.#findWhere(sql`model = ${this.model} and uid = ${uid}`);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.#findWhere(sql`model = ${this.model} and user_code = ${userCode}`);
    }

    async consume(id: string): Promise<void> {
      await deps.db.updateTable('op_payloads').set({ consumed_at: deps.clock.now() })
        .where('model', '=', this.model).where('id', '=', id).execute();
    }

    async destroy(id: string): Promise<void> {
      await deps.db.deleteFrom('op_payloads').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await deps.db.deleteFrom('op_payloads').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
    }

    async #findWhere(where: ReturnType<typeof sql>): Promise<Payload | undefined> {
      const { rows } = await sql<{ payload: Payload; consumed_at: Date | null }>`
        select payload, consumed_at from op_payloads where ${where} and (expires_at is null or expires_at > ${deps.clock.now()})`.execute(deps.db);
      const row = rows[0];
      if (!row) return undefined;
      return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
    }
  };
}

/** Deletes expired rows (the OP's housekeeping); returns how many. */
export async function pruneOpPayloads(db: Kysely<Database>, now: Date): Promise<number> {
  const res = await db.deleteFrom('op_payloads').where('expires_at', '<', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}
