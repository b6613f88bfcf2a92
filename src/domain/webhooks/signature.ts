// Standard Webhooks signatures (standardwebhooks.com): the secret is `whsec_` + base64 of random
// bytes; each call carries `webhook-id` (the event id, the same on every retry, for the
// receiver's de-duplication), `webhook-timestamp` (unix seconds of this attempt) and
// `webhook-signature`: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body` keyed with the decoded
// secret. Receivers verify with any Standard Webhooks library.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
