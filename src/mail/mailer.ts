// Outgoing mail. With SMTP_URL, nodemailer over SMTP; without, each message is rendered by
// nodemailer to a complete .eml file under DATA_DIR/outbox and its links are logged, so a
// development install can follow invitations without a mail server.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';
import type { Mailer, MailMessage, MailReceipt } from '../domain/mail/mailer.js';

export interface MailConfig { smtpUrl: string | undefined; mailFrom: string; dataDir: string }

export function createMailer(config: MailConfig, logger: Logger): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : outboxMailer(path.resolve(config.dataDir, 'outbox'), config.mailFrom, logger);
}

function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m: MailMessage): Promise<MailReceipt> {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
      return { via: 'smtp', id: String(info.messageId) };
    },
  };
}

function outboxMailer(dir: string, from: string, logger: Logger): Mailer {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(m: MailMessage): Promise<MailReceipt> {
      const info = await render.sendMail({ from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
      await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
      logger.info({ to: m.to, subject: m.subject, file, links: m.links ?? [] }, 'mail written to the outbox (SMTP_URL is not set)');
      return { via: 'outbox', id: file };
    },
  };
}
