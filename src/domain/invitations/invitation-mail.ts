// The invitation email: who invites whom to which organization, the link, and until when.
import type { MailMessage } from '../mail/mailer.js';

export interface InvitationMailInput { to: string; orgName: string; invitedBy: string | null; link: string; expiresAt: Date; role: string }

export function invitationMail(i: InvitationMailInput): MailMessage {
  const by = i.invitedBy ? ` by ${i.invitedBy}` : '';
  const until = i.expiresAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const text = [
    `You have been invited${by} to join ${i.orgName} on Seatgate as ${article(i.role)} ${i.role}.`,
    '',
    `Open this link to accept the invitation (valid until ${until}):`,
    '',
    i.link,
    '',
    'If you did not expect this invitation, ignore this email: nothing happens unless you accept.',
  ].join('\n');
  return { to: i.to, subject: `You are invited to join ${i.orgName}`, text, links: [i.link] };
}

function article(word: string): string { return /^[aeiou]/i.test(word) ? 'an' : 'a'; }
