// The provisioning log: who arrived how, who was refused and why. JSON pages with a cursor, or
// the same filters as CSV (format=csv) for a spreadsheet, streamed page by page.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { EVENT_TYPES, listEvents, MAX_PAGE, type EventFilter, type ProvisioningEvent } from '../../domain/log/provisioning-log.js';
import { limitParam, tier } from '../schemas.js';

const query = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  memberId: z.uuid().optional(),
  event: z.union([z.enum(EVENT_TYPES), z.array(z.enum(EVENT_TYPES))]).optional(),
  outcome: z.enum(['success', 'rejected']).optional(),
  method: z.enum(['scim', 'jit', 'manual', 'admin', 'cli']).optional(),
  person: z.string().min(1).max(320).optional().describe('part of an email or userName: that person\'s events, refusals included'),
  cursor: z.string().max(100).optional(),
  limit: limitParam(MAX_PAGE, 100),
  format: z.enum(['json', 'csv']).default('json'),
});

const event = z.object({
  id: z.string(), occurredAt: z.string(), event: z.string(), outcome: z.enum(['success', 'rejected']),
  memberId: z.string().nullable(), subject: z.string().nullable(), method: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  tier: tier.nullable(), reason: z.string().nullable(), detail: z.unknown(), requestId: z.string().nullable(),
});

const CSV_COLUMNS = ['id', 'occurredAt', 'event', 'outcome', 'method', 'actorType', 'actorLabel', 'memberId', 'subject', 'tier', 'reason', 'requestId'] as const;
const CSV_MAX_ROWS = 100_000;

export function logRoutes(router: Router, routes: ApiRoutes, deps: ApiDeps): void {
  routes.add(router, {
    method: 'get', path: '/logs', tag: 'Provisioning log', permission: 'logs.read',
    summary: 'Provisioning events, newest first, with filters; format=csv exports every matching event',
    query,
    response: { status: 200, schema: z.object({ events: z.array(event), nextCursor: z.string().nullable() }), description: 'A page of events (or text/csv)' },
    handler: async ({ principal, query: q, res }) => {
      const filter: EventFilter = {
        ...(q.since ? { since: new Date(q.since) } : {}), ...(q.until ? { until: new Date(q.until) } : {}),
        ...(q.memberId ? { memberId: q.memberId } : {}), ...(q.outcome ? { outcome: q.outcome } : {}),
        ...(q.method ? { method: q.method } : {}), ...(q.person ? { person: q.person } : {}), ...(q.event ? { events: [q.event].flat() } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}), limit: q.limit,
      };
      if (q.format === 'json') return listEvents(deps.db, principal.orgId, filter);
      res.status(200).type('text/csv').attachment('provisioning-log.csv');
      res.write(CSV_COLUMNS.join(',') + '\r\n');
      let cursor: string | undefined = filter.cursor;
      for (let written = 0; written < CSV_MAX_ROWS;) {
        const page = await listEvents(deps.db, principal.orgId, { ...filter, limit: MAX_PAGE, ...(cursor ? { cursor } : {}) });
        for (const e of page.events) res.write(csvRow(e));
        written += page.events.length;
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      res.end();
      return undefined;
    },
  });
}

function csvRow(e: ProvisioningEvent): string {
  const values = [e.id, e.occurredAt, e.event, e.outcome, e.method, e.actor.type, e.actor.label, e.memberId, e.subject, e.tier, e.reason, e.requestId];
  return values.map(csvCell).join(',') + '\r\n';
}

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
