import type { Command } from '../command.js';
import { runAlertsOnce } from '../../alerts/alert-job.js';
import { createAlertTransport } from '../../alerts/alert-transport.js';
import { createMailer } from '../../mail/mailer.js';
import { createLogger } from '../../logger.js';

export const alertsRun: Command = {
  words: ['alerts', 'run'],
  usage: 'seatgate alerts run [--json]',
  summary: 'run one seat-alert pass now: scan every organization, then send queued mails and webhooks',
  options: {},
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
};
