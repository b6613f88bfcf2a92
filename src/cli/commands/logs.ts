import type { Command } from '../command.js';
import { requireString, UsageError, wholeNumber } from '../command.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { EVENT_TYPES, listEvents, type EventFilter, type EventType } from '../../domain/log/provisioning-log.js';
import { table } from '../format.js';

export const logs: Command = {
  words: ['logs'],
  usage: 'seatgate logs --org SLUG [--since WHEN] [--until WHEN] [--outcome success|rejected] [--event TYPE…] [--limit N] [--cursor C] [--json]',
  summary: 'show the provisioning log, newest first (WHEN: ISO date/time or a span like 24h, 7d)',
  options: {
    org: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, outcome: { type: 'string' },
    event: { type: 'string', multiple: true }, limit: { type: 'string' }, cursor: { type: 'string' },
  },
  async run(ctx, v) {
    const now = ctx.action().clock.now();
    const outcome = v.outcome as string | undefined;
    if (outcome !== undefined && outcome !== 'success' && outcome !== 'rejected') throw new UsageError('--outcome must be success or rejected');
    const events = (v.event as string[] | undefined) ?? [];
    const unknown = events.find((e) => !(EVENT_TYPES as readonly string[]).includes(e));
    if (unknown) throw new UsageError(`--event ${unknown} is not one of ${EVENT_TYPES.join(', ')}`);
    const slug = requireString(v, 'org');
    const filter: EventFilter = {
      ...(v.since ? { since: parseWhen(String(v.since), now, 'since') } : {}),
      ...(v.until ? { until: parseWhen(String(v.until), now, 'until') } : {}),
      ...(outcome ? { outcome: outcome as 'success' | 'rejected' } : {}),
      ...(events.length ? { events: events as EventType[] } : {}),
      ...(typeof v.cursor === 'string' ? { cursor: v.cursor } : {}),
      limit: wholeNumber(v, 'limit', 50),
    };
    // Every argument is checked before the database is opened.
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const page = await listEvents(db, org.id, filter);
    const text = page.events.length === 0 ? 'No matching events.'
      : table(['time', 'event', 'outcome', 'method', 'actor', 'subject', 'tier', 'reason'], page.events.map((e) =>
        [e.occurredAt, e.event, e.outcome, e.method, e.actor.label ?? e.actor.type, e.subject, e.tier, e.reason]))
        + (page.nextCursor ? `\n\nMore: --cursor ${page.nextCursor}` : '');
    return { json: page, text };
  },
};

/** An ISO date/time, or a span back from now: 30m, 24h, 7d. */
export function parseWhen(raw: string, now: Date, flag: string): Date {
  const span = /^(\d{1,6})([mhd])$/.exec(raw);
  if (span) return new Date(now.getTime() - Number(span[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd']);
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) throw new UsageError(`--${flag} must be an ISO date/time or a span like 30m, 24h, 7d`);
  return d;
}
