// Runs `fn` in a transaction, joining the caller's if it already is one, and turns database
// constraint violations into domain errors on the way out.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { translateDbError, type ConstraintContext } from './constraint-errors.js';

export type Executor = Kysely<Database>;

export async function inTransaction<T>(
  db: Executor, fn: (tx: Transaction<Database>) => Promise<T>, ctx?: ConstraintContext,
): Promise<T> {
  try {
    if (db.isTransaction) return await fn(db as Transaction<Database>);
    return await db.transaction().execute(fn);
  } catch (err) {
    throw await translateDbError(err, ctx);
  }
}
