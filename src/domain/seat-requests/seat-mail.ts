// The mail a person turned away for lack of a seat gets once a seat was found for them.
export function seatMail(i: { orgName: string; tier: string | null }): { subject: string; text: string } {
  return {
    subject: `You have a seat in ${i.orgName} now`,
    text: [
      `You tried to sign in to ${i.orgName} when no seat was free. A seat has now been assigned to you${i.tier ? ` (${i.tier})` : ''}.`,
      '',
      'Sign in again through your organization\'s identity provider to start using it.',
    ].join('\n'),
  };
}
