// What an alert says, by mail to Owners and as a webhook body: every alert raised in one scan of
// one organization, in one message.
import type { AlertKey } from '../../db/schema.js';
import type { SeatCounts } from '../errors.js';

export interface RaisedAlerts { org: { id: string; slug: string; name: string }; alerts: AlertKey[]; counts: SeatCounts; thresholdPercent: number; at: Date }

export function describeAlert(alert: AlertKey, counts: SeatCounts, threshold: number): string {
  if (alert === 'seats.rejecting') return 'People are being refused a seat (SCIM, SSO or invitations): no seat was free for them.';
  const [tier, kind] = alert.split('.') as [string, string];
  const { claimed, purchased } = counts[tier] ?? { claimed: 0, purchased: 0 };
  return kind === 'exhausted'
    ? `All ${purchased} ${tier} seats are taken: the next arrival needing one will be refused.`
    : `${tier} seats are ${Math.floor((claimed * 100) / purchased)}% used (${claimed} of ${purchased}; alert threshold ${threshold}%).`;
}

export function alertMail(r: RaisedAlerts): { subject: string; text: string } {
  const worst = r.alerts.includes('seats.rejecting') ? 'arrivals refused for lack of seats'
    : r.alerts.some((a) => a.endsWith('.exhausted')) ? 'seats have run out' : 'seats are nearly used up';
  // "All seats taken" says more than "100% used": one line per tier.
  const shown = r.alerts.filter((a) => !(a.endsWith('.threshold') && r.alerts.includes(a.replace('.threshold', '.exhausted') as AlertKey)));
  const lines = shown.map((a) => `- ${describeAlert(a, r.counts, r.thresholdPercent)}`);
  return {
    subject: `${r.org.name}: ${worst}`,
    text: [`Seat usage alert for ${r.org.name} (${r.org.slug}):`, '', ...lines, '',
      'An Owner can add seats, or an Admin can free seats by removing members who no longer need one.',
      'You will not get this alert again until the condition has cleared (and at most once a day).'].join('\n'),
  };
}

export function alertWebhookBody(r: RaisedAlerts): string {
  return JSON.stringify({
    type: 'seat.alert', occurredAt: r.at.toISOString(), org: r.org,
    alerts: r.alerts.map((alert) => ({ alert, message: describeAlert(alert, r.counts, r.thresholdPercent) })),
    seats: r.counts, thresholdPercent: r.thresholdPercent,
  });
}
