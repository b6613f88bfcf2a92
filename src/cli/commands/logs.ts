// `seatgate logs`: the provisioning log of one organization, newest first, filtered and paged.
import { defineCommand, UsageError } from '../command.js';
import { list, oneOf, optionalText, text, wholeNumber } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { EVENT_TYPES, MAX_PAGE, listEvents, type EventFilter, type EventType } from '../../domain/log/provisioning-log.js';
import { table } from '../format.js';

interface LogsInput { slug: string; since?: string; until?: string; filter: Omit<EventFilter, 'since' | 'until'> }

export const logs = defineCommand<LogsInput>({
  words: ['logs'],
  summary: 'show the provisioning log, newest first (WHEN: ISO date/time or a span like 24h, 7d)',
  options: {
    org: orgOption,
    since: { type: 'string', value: 'WHEN', help: 'only events at or after WHEN: an ISO date or date-time, or a span back from now (30m, 24h, 7d)' },
    until: { type: 'string', value: 'WHEN', help: 'only events before WHEN (same forms as --since)' },
    outcome: { type: 'string', value: 'success|rejected', help: 'only successes, or only refusals (who was turned away and why)' },
    event: { type: 'string', value: 'TYPE', multiple: true, help: `only these event types: ${EVENT_TYPES.join(', ')}` },
    limit: { type: 'string', value: 'N', help: `events per page, 1 to ${MAX_PAGE} (default 50)` },
    cursor: { type: 'string', value: 'C', help: 'the next page: the cursor printed under the previous one' },
  },
  example: ['logs', '--org', 'acme-corp', '--since', '24h', '--outcome', 'rejected'],
  parse(v) {
    const events = list(v, 'event');
    const unknown = events.find((e) => !(EVENT_TYPES as readonly string[]).includes(e));
    if (unknown) throw new UsageError(`--event ${unknown} is not one of ${EVENT_TYPES.join(', ')}`);
    const since = optionalText(v, 'since');
    const until = optionalText(v, 'until');
    // Spans are counted back from the clock at run time; here the forms are only checked.
    for (const [when, name] of [[since, 'since'], [until, 'until']] as const) if (when) parseWhen(when, new Date(), name);
    const outcome = v.outcome === undefined ? undefined : oneOf(v, 'outcome', ['success', 'rejected'] as const);
    const cursor = optionalText(v, 'cursor');
    return {
      slug: text(v, 'org'),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      filter: {
        ...(outcome ? { outcome } : {}),
        ...(events.length ? { events: events as EventType[] } : {}),
        ...(cursor ? { cursor } : {}),
        limit: wholeNumber(v, 'limit', { min: 1, max: MAX_PAGE, fallback: 50 }),
      },
    };
  },
  async run(ctx, input) {
    const now = ctx.action().clock.now();
    const filter: EventFilter = {
      ...input.filter,
      ...(input.since ? { since: parseWhen(input.since, now, 'since') } : {}),
      ...(input.until ? { until: parseWhen(input.until, now, 'until') } : {}),
    };
    const db = await ctx.db();
    const org = await getOrgBySlug(db, input.slug);
    const page = await listEvents(db, org.id, filter);
    const text = page.events.length === 0 ? 'No matching events.'
      : table(['time', 'event', 'outcome', 'method', 'actor', 'subject', 'tier', 'reason'], page.events.map((e) =>
        [e.occurredAt, e.event, e.outcome, e.method, e.actor.label ?? e.actor.type, e.subject, e.tier, e.reason]))
        + (page.nextCursor ? `\n\nMore: --cursor ${page.nextCursor}` : '');
    return { json: page, text };
  },
});

/** An ISO date/time, or a span back from now: 30m, 24h, 7d. */
export function parseWhen(raw: string, now: Date, flag: string): Date {
  const span = /^(\d{1,6})([mhd])$/.exec(raw);
  if (span) return new Date(now.getTime() - Number(span[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd']);
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) throw new UsageError(`--${flag} must be an ISO date/time or a span like 30m, 24h, 7d, not "${raw}"`);
  return d;
}
