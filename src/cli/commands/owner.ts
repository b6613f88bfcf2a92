// `seatgate owner add --org SLUG --email EMAIL`: the operator gives an organization an Owner — the
// way in for an organization created without --primary-owner, or whose Owners have all left.
// A new person arrives through the allocator like every arrival (a seat, logged); a member is
// promoted (logged). Without a primary owner yet, the person becomes it. Then `console-link`
// signs them in.
import { defineCommand } from '../command.js';
import { text } from '../arguments.js';
import { orgOption } from './org-option.js';
import { getOrgBySlug } from '../../domain/orgs/orgs.js';
import { addOwner } from '../../domain/roles/operator-owners.js';

export const ownerAdd = defineCommand({
  words: ['owner', 'add'],
  summary: 'make a person an Owner of an organization (its primary owner if it has none)',
  options: {
    org: orgOption,
    email: { type: 'string', value: 'EMAIL', required: true, help: 'their email, on one of the organization\'s verified domains' },
  },
  example: ['owner', 'add', '--org', 'acme-corp', '--email', 'jane@acme.com'],
  notes: [
    'Someone who is not a member yet gets a seat like any arrival (premium first); with no seat free the command is refused and the refusal logged.',
    'A member keeps their seat and gets the role. Either way the change is in the provisioning log, with the command line as its actor.',
    'Next: `seatgate console-link --org SLUG --email EMAIL` prints their sign-in link.',
  ],
  parse: (v) => ({ slug: text(v, 'org'), email: text(v, 'email', 320) }),
  async run(ctx, { slug, email }) {
    const db = await ctx.db();
    const org = await getOrgBySlug(db, slug);
    const { member, change } = await addOwner(db, org.id, email, ctx.action());
    const role = member.role === 'primary_owner' ? 'primary owner' : 'Owner';
    const what = { created: `Added ${member.email} to ${org.name} as ${role} (${member.seat_tier} seat).`,
      promoted: `${member.email} is now ${role} of ${org.name}.`, unchanged: `${member.email} is already ${role} of ${org.name}; nothing changed.` }[change];
    return {
      json: { org: { id: org.id, slug: org.slug, name: org.name }, change, member: { id: member.id, email: member.email, role: member.role, seatTier: member.seat_tier } },
      text: [what, '', 'Sign them in to the admin console with:', `  seatgate console-link --org ${org.slug} --email ${member.email}`].join('\n'),
    };
  },
});
