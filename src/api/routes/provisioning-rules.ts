// Provisioning rules of the caller's organization (docs/roles.md, "Provisioning rules"): read and
// replace the ordered list and the default seat tier, and a dry run of a candidate list that
// changes nothing. Owners and the Primary Owner (`provisioning.manage`). The zod schemas document
// the shape; the domain's parseRuleSet is the strict check (unknown tier, duplicate group…).
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import { actionContext, type ApiDeps } from '../deps.js';
import { getRuleSet, putRuleSet } from '../../domain/rules/rule-store.js';
import { previewRules } from '../../domain/rules/preview.js';
import { MAX_GROUP_NAME, MAX_RULES } from '../../domain/rules/rule-list.js';

const tierChoice = z.string().max(64).describe('"highest" (the best tier with a free seat) or a seat tier key such as "premium" or "standard"');
const rule = z.strictObject({
  match: z.strictObject({ group: z.string().max(MAX_GROUP_NAME).describe('IdP group display name, SCIM group id or externalId; compared ignoring case') }),
  role: z.enum(['admin', 'member']).optional().describe('The role members matching this rule get (owners keep theirs)'),
  seatTier: tierChoice.optional(),
});
const ruleSet = z.strictObject({
  rules: z.array(rule).max(MAX_RULES).describe('Read top to bottom; for the role and for the tier, the first matching rule that names one wins'),
  defaultSeatTier: tierChoice.optional().describe('For members no rule gives a tier; default "highest"'),
});
const who = { memberId: z.uuid(), userName: z.string() };
const preview = z.object({
  members: z.int().describe('active members evaluated'),
  changes: z.array(z.object({
    ...who, role: z.object({ from: z.string(), to: z.string() }).optional(), tier: z.object({ from: z.string(), to: z.string() }).optional(),
  })).describe('who would change role or seat tier'),
  refused: z.array(z.object({ ...who, role: z.string(), wantedRole: z.string() })).describe('owners a rule names a role for: they keep their role'),
  queued: z.array(z.object({ ...who, wantedTier: z.string(), keepsTier: z.string() })).describe('who would wait for a seat of the tier a rule wants, keeping theirs'),
  seatsNeeded: z.record(z.string(), z.int()).describe('seats to add per tier so that nobody waits'),
});

export function provisioningRuleRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/provisioning-rules', tag: 'Provisioning rules', permission: 'provisioning.manage',
    summary: 'The rules that give members a role and seat tier from their IdP groups',
    response: { status: 200, schema: ruleSet, description: 'The rule list and default' },
    handler: async ({ principal }) => getRuleSet(deps.db, principal.orgId),
  });
  routes.add(router, {
    method: 'put', path: '/provisioning-rules', tag: 'Provisioning rules', permission: 'provisioning.manage',
    summary: 'Replace the rule list; members are re-evaluated at their next sign-in or group change (logged as org.rules_changed)',
    body: ruleSet,
    response: { status: 200, schema: ruleSet, description: 'The stored rule list' },
    handler: async ({ principal, body, req }) => putRuleSet(deps.db, principal.orgId, body, actionContext(deps, principal, req)),
  });
  routes.add(router, {
    method: 'post', path: '/provisioning-rules/preview', tag: 'Provisioning rules', permission: 'provisioning.manage',
    summary: 'Dry run: what a candidate rule list would do to the current members; nothing is changed',
    body: ruleSet,
    response: { status: 200, schema: preview, description: 'Who would change, be refused or wait, and the seats needed' },
    handler: async ({ principal, body }) => previewRules(deps.db, principal.orgId, body),
  });
}
