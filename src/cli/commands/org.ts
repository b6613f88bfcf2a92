import type { Command } from '../command.js';
import { requireString, UsageError, wholeNumber } from '../command.js';
import { createOrg, listOrgs } from '../../domain/orgs/orgs.js';
import { seatTable, table } from '../format.js';

export const orgCreate: Command = {
  words: ['org', 'create'],
  usage: 'seatgate org create --name NAME [--slug SLUG] --domain DOMAIN [--domain DOMAIN…] --standard N --premium N [--primary-owner EMAIL] [--json]',
  summary: 'create an organization with verified domains and seats',
  options: {
    name: { type: 'string' }, slug: { type: 'string' }, domain: { type: 'string', multiple: true },
    standard: { type: 'string' }, premium: { type: 'string' }, 'primary-owner': { type: 'string' },
  },
  async run(ctx, v) {
    const domains = (v.domain as string[] | undefined) ?? [];
    if (domains.length === 0) throw new UsageError('at least one --domain is required');
    // Every argument is checked before the database is opened.
    const input = {
      name: requireString(v, 'name'),
      ...(typeof v.slug === 'string' ? { slug: v.slug } : {}),
      domains,
      seats: { standard: wholeNumber(v, 'standard'), premium: wholeNumber(v, 'premium') },
      ...(typeof v['primary-owner'] === 'string' ? { primaryOwnerEmail: v['primary-owner'] } : {}),
    };
    const created = await createOrg(await ctx.db(), input, ctx.action());
    const json = {
      id: created.org.id, slug: created.org.slug, name: created.org.name, domains: created.domains, seats: created.seats,
      primaryOwner: created.primaryOwner ? { id: created.primaryOwner.id, email: created.primaryOwner.email, seatTier: created.primaryOwner.seat_tier } : null,
    };
    const text = [`Created organization ${json.name} (${json.slug}), id ${json.id}`,
      `Verified domains: ${json.domains.join(', ')}`,
      json.primaryOwner ? `Primary owner: ${json.primaryOwner.email} (${json.primaryOwner.seatTier} seat)` : 'No primary owner yet.',
      '', seatTable(created.seats)].join('\n');
    return { json, text };
  },
};

export const orgList: Command = {
  words: ['org', 'list'],
  usage: 'seatgate org list [--json]',
  summary: 'list organizations with their seats',
  options: {},
  async run(ctx) {
    const orgs = await listOrgs(await ctx.db());
    const text = orgs.length === 0 ? 'No organizations yet. Create one with `seatgate org create`.'
      : table(['slug', 'name', 'members', 'premium', 'standard'], orgs.map((o) => [o.slug, o.name, o.members,
        `${o.seats.premium.claimed}/${o.seats.premium.purchased}`, `${o.seats.standard.claimed}/${o.seats.standard.purchased}`]));
    return { json: orgs, text };
  },
};
