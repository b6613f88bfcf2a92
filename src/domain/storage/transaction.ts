// Runs `fn` in a transaction, joining the caller's if it already is one, and turns database
// constraint violations into domain errors on the way out.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
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

/**
 * Runs `fn`, which issues ONE statement, without an explicit transaction: PostgreSQL runs a
 * single statement atomically on its own, which saves the BEGIN and COMMIT round trips on hot
 * paths. Constraint violations become domain errors as with `inTransaction`.
 */
export async function asOneStatement<T>(fn: () => Promise<T>, ctx?: ConstraintContext): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw await translateDbError(err, ctx);
  }
}
