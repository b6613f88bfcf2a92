// `seatgate org create|list`: organizations with their verified domains and seats.
import { defineCommand } from '../command.js';
import { checked, emailAddress, list, optionalText, text, wholeNumber } from '../arguments.js';
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
    standard: { type: 'string', value: 'N', required: true, help: 'standard seats to start with, 0 to 1000000' },
    premium: { type: 'string', value: 'N', required: true, help: 'premium seats to start with, 0 to 1000000' },
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
      seats: { standard: wholeNumber(v, 'standard'), premium: wholeNumber(v, 'premium') },
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
