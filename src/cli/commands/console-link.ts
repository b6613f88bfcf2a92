// `seatgate console-link --org SLUG --email OWNER`: a single-use link that signs an Owner into
// the admin console for the first time, before single sign-on is set up. Valid 15 minutes; only
// its hash is kept; its creation (and later its use) is in the provisioning log.
import { defineCommand } from '../command.js';
import { text } from '../arguments.js';
import { orgOption } from './org-option.js';
import { createConsoleLink, CONSOLE_LINK_TTL_MS } from '../../domain/console-links/console-links.js';

export const consoleLink = defineCommand({
  words: ['console-link'],
  summary: 'print a single-use link that signs an Owner into the console (15 minutes)',
  options: {
    org: orgOption,
    email: { type: 'string', value: 'OWNER', required: true, help: 'the email of an active Owner or the Primary owner of the organization' },
  },
  example: ['console-link', '--org', 'acme-corp', '--email', 'jane@acme.com'],
  notes: ['The link works once, for 15 minutes; only its hash is stored, and its creation and use are in the provisioning log.'],
  parse: (v) => ({ orgSlug: text(v, 'org'), email: text(v, 'email') }),
  async run(ctx, { orgSlug, email }) {
    const link = await createConsoleLink(await ctx.db(), { orgSlug, email }, ctx.action());
    const url = `${ctx.config.publicUrl}/console-link/${link.token}`;
    const until = link.expiresAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    return {
      json: {
        url, expiresAt: link.expiresAt.toISOString(), singleUse: true,
        org: { id: link.org.id, slug: link.org.slug, name: link.org.name },
        member: { id: link.member.id, email: link.member.email, role: link.member.role },
      },
      text: [`Console sign-in link for ${link.member.email} (${link.member.role.replace('_', ' ')} of ${link.org.name}):`, '',
        `  ${url}`, '',
        `It works once, until ${until} (${CONSOLE_LINK_TTL_MS / 60_000} minutes). Open it in a browser while Seatgate is running`,
        `(start it with \`npm start\` if it is not). Treat it like a password: whoever opens it first is signed in.`].join('\n'),
    };
  },
});
