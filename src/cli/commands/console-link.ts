// `seatgate console-link --org SLUG --email OWNER`: a single-use link that signs an Owner into
// the admin console for the first time, before single sign-on is set up. Valid 15 minutes; only
// its hash is kept; its creation (and later its use) is in the provisioning log.
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { createConsoleLink, CONSOLE_LINK_TTL_MS } from '../../domain/console-links/console-links.js';

export const consoleLink: Command = {
  words: ['console-link'],
  usage: 'seatgate console-link --org SLUG --email OWNER [--json]',
  summary: 'print a single-use link that signs an Owner into the console (15 minutes)',
  options: { org: { type: 'string' }, email: { type: 'string' } },
  async run(ctx, v) {
    const orgSlug = requireString(v, 'org');
    const email = requireString(v, 'email');
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
};
