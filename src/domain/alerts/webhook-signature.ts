// Webhook signatures: `Seatgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
// keyed with the org's webhook secret. The timestamp inside the MAC lets receivers refuse replays
// (compare t with their clock, e.g. within 5 minutes).
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Seatgate-Signature';

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}
