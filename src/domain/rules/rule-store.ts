// Storage of an org's rule list. An org without a row has no rules and the 'highest' default.
// Writing validates first (parseRuleSet), then replaces the whole list and logs the change, in
// one transaction; members are re-evaluated as they next sign in or change group, never in bulk
// here (the dry run shows what a list would do before it is saved).
import { sql } from 'kysely';
import { inTransaction, type Executor } from '../storage/transaction.js';
import type { ActionContext } from '../context.js';
import { recordEvent } from '../log/provisioning-log.js';
import { NO_RULES, parseRuleSet, type ProvisioningRule, type RuleSet, type TierChoice } from './rule-list.js';

export async function getRuleSet(db: Executor, orgId: string): Promise<RuleSet> {
  const row = await db.selectFrom('provisioning_rules').select(['rules', 'default_seat_tier'])
    .where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return NO_RULES;
  return { rules: row.rules as ProvisioningRule[], defaultSeatTier: row.default_seat_tier as TierChoice };
}

export async function putRuleSet(db: Executor, orgId: string, input: unknown, ctx: ActionContext): Promise<RuleSet> {
  const set = parseRuleSet(input);
  return inTransaction(db, async (tx) => {
    const before = await getRuleSet(tx, orgId);
    const now = ctx.clock.now();
    await tx.insertInto('provisioning_rules')
      .values({ org_id: orgId, rules: JSON.stringify(set.rules), default_seat_tier: set.defaultSeatTier, updated_at: now })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({
        rules: sql`excluded.rules`, default_seat_tier: sql`excluded.default_seat_tier`, updated_at: sql`excluded.updated_at`,
      })).execute();
    await recordEvent(tx, ctx, {
      orgId, event: 'org.rules_changed',
      detail: { rules: set.rules.length, defaultSeatTier: set.defaultSeatTier, before: { rules: before.rules.length, defaultSeatTier: before.defaultSeatTier } },
    });
    return set;
  });
}
