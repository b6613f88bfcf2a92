// A real SMTP server on loopback (smtp-server) that keeps every message it receives, for tests
// that follow a mail from Seatgate to the person who reads it.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail { from: string; to: string[]; raw: string; text: string }

export interface TestSmtp { url: string; mails: ReceivedMail[]; waitFor(n: number): Promise<ReceivedMail[]>; stop(): Promise<void> }

export async function startTestSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeBody(raw) });
        waiters.splice(0).forEach((w) => w());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`, mails,
    async waitFor(n) {
      while (mails.length < n) await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 2000).unref(); });
      return mails;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The body of a single-part message, quoted-printable or base64 decoded. */
function decodeBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

export function inviteLink(mail: ReceivedMail): string {
  const m = /(https?:\/\/\S+\/invite\/[A-Za-z0-9._-]+)/.exec(mail.text);
  if (!m) throw new Error(`no invitation link in:\n${mail.text}`);
  return m[1]!;
}
