// `seatgate alerts run`: one seat-alert pass now, as the server's alert job runs it.
import { defineCommand } from '../command.js';
import { runAlertsOnce } from '../../alerts/alert-job.js';
import { createAlertTransport } from '../../alerts/alert-transport.js';
import { createMailer } from '../../mail/mailer.js';
import { createLogger } from '../../logger.js';

export const alertsRun = defineCommand({
  words: ['alerts', 'run'],
  summary: 'run one seat-alert pass now: scan every organization, then send queued mails and webhooks',
  options: {},
  example: ['alerts', 'run'],
  async run(ctx) {
    const db = await ctx.db();
    const mailer = createMailer(ctx.config, createLogger(ctx.config.logLevel, 2));
    const r = await runAlertsOnce({ db, clock: ctx.action().clock, transport: createAlertTransport(mailer, ctx.config.webhookAllowPrivate) });
    return {
      json: r,
      text: `Raised ${r.scan.raised.length} alert(s), cleared ${r.scan.cleared.length}, queued ${r.scan.deliveries} delivery(ies); ` +
        `sent ${r.delivery.delivered}, retrying ${r.delivery.retrying}, failed ${r.delivery.failed}.`,
    };
  },
});
