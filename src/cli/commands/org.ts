// `seatgate org create|list`: organizations with their verified domains and seats.
import { defineCommand, UsageError, type Values } from '../command.js';
import { checked, emailAddress, list, optionalText, perTierNumbers, text, wholeNumber } from '../arguments.js';
import { createOrg, listOrgs, type NewOrgInput } from '../../domain/orgs/orgs.js';
import { checkSlug } from '../../domain/orgs/slug.js';
import { normalizeDomain } from '../../domain/orgs/domains.js';
import { seatTable, table } from '../format.js';
import { tiersByPriority } from '../../domain/seats/tiers.js';

export const orgCreate = defineCommand<NewOrgInput>({
  words: ['org', 'create'],
  summary: 'create an organization with verified domains and seats',
  options: {
    name: { type: 'string', value: 'NAME', required: true, help: 'the display name, at most 200 characters' },
    slug: { type: 'string', value: 'SLUG', help: 'the short name used in URLs and commands (default: made from the name)' },
    domain: { type: 'string', value: 'DOMAIN', multiple: true, required: true, help: 'an email domain of the organization, taken as verified' },
    seats: { type: 'string', value: 'TIER=N,…', help: 'seats to start with per tier of the catalogue, e.g. basic=50,premium=5 (a tier left out starts with none)' },
    standard: { type: 'string', value: 'N', help: 'standard seats to start with, 0 to 1000000 (the default catalogue; same as --seats standard=N)' },
    premium: { type: 'string', value: 'N', help: 'premium seats to start with, 0 to 1000000 (the default catalogue; same as --seats premium=N)' },
    'primary-owner': { type: 'string', value: 'EMAIL', help: 'the primary owner, created as the first member (needs a free seat; premium first)' },
  },
  example: ['org', 'create', '--name', 'Acme Corp', '--domain', 'acme.com', '--standard', '100', '--premium', '10', '--primary-owner', 'jane@acme.com'],
  notes: ['Everything is created in one transaction: the organization, its domains, its seats and the primary owner, or nothing.'],
  parse(v) {
    const slug = optionalText(v, 'slug');
    const owner = emailAddress(v, 'primary-owner');
    return {
      name: text(v, 'name', 200),
      ...(slug !== undefined ? { slug: checked('slug', () => checkSlug(slug)) } : {}),
      domains: list(v, 'domain').map((d) => checked('domain', () => normalizeDomain(d))),
      seats: startingSeats(v),
      ...(owner !== undefined ? { primaryOwnerEmail: owner } : {}),
    };
  },
  async run(ctx, input) {
    const created = await createOrg(await ctx.db(), input, ctx.action());
    const json = {
      id: created.org.id, slug: created.org.slug, name: created.org.name, domains: created.domains, seats: created.seats,
      primaryOwner: created.primaryOwner ? { id: created.primaryOwner.id, email: created.primaryOwner.email, seatTier: created.primaryOwner.seat_tier } : null,
    };
    const text = [`Created organization ${json.name} (${json.slug}), id ${json.id}`,
      `Verified domains: ${json.domains.join(', ')}`,
      json.primaryOwner ? `Primary owner: ${json.primaryOwner.email} (${json.primaryOwner.seatTier} seat)`
        : `No owner yet: add one with \`seatgate owner add --org ${json.slug} --email EMAIL\`, then sign them in with \`seatgate console-link\`.`,
      '', seatTable(created.seats)].join('\n');
    return { json, text };
  },
});

function startingSeats(v: Values): Record<string, number> {
  const named = perTierNumbers(v, 'seats');
  if (named === undefined && (v.standard === undefined || v.premium === undefined)) {
    throw new UsageError('give the seats to start with: --seats TIER=N,… (or both --standard and --premium)');
  }
  return {
    ...(v.standard !== undefined ? { standard: wholeNumber(v, 'standard') } : {}),
    ...(v.premium !== undefined ? { premium: wholeNumber(v, 'premium') } : {}),
    ...named,
  };
}

export const orgList = defineCommand({
  words: ['org', 'list'],
  summary: 'list organizations with their seats',
  options: {},
  example: ['org', 'list'],
  async run(ctx) {
    const orgs = await listOrgs(await ctx.db());
    const text = orgs.length === 0 ? 'No organizations yet. Create one with `seatgate org create`.'
      : table(['slug', 'name', 'members', ...tiersByPriority()], orgs.map((o) => [o.slug, o.name, o.members,
        ...tiersByPriority().map((t) => `${o.seats[t]?.claimed ?? 0}/${o.seats[t]?.purchased ?? 0}`)]));
    return { json: orgs, text };
  },
});
