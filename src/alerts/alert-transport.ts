// How alert deliveries leave the process: mail through the configured mailer, webhooks as a JSON
// POST with a 10-second timeout, no redirects followed, and the target re-checked each time.
import type { Mailer } from '../domain/mail/mailer.js';
import type { AlertTransport } from '../domain/alerts/deliveries.js';
import { checkWebhookUrl } from './webhook-target.js';

export function createAlertTransport(mailer: Mailer, allowPrivate: boolean): AlertTransport {
  return {
    sendMail: (m) => mailer.send(m),
    async postWebhook(target, body, headers) {
      const url = await checkWebhookUrl(target, allowPrivate);
      const res = await fetch(url, {
        method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(10_000),
        headers: { 'content-type': 'application/json', 'user-agent': 'Seatgate-Webhook/1', ...headers },
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new Error(`the receiver answered HTTP ${res.status}`);
    },
  };
}
