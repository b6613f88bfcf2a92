// Without SMTP_URL, mail is written as a complete .eml file under DATA_DIR/outbox and its links
// are logged, so an install without a mail server can still follow invitations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createMailer } from '../../src/mail/mailer.js';

test('writes each mail as an .eml file in DATA_DIR/outbox and logs its link', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-outbox-'));
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } }));
  const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'Seatgate <noreply@seatgate.test>', dataDir }, logger);
  const link = 'http://localhost:3000/invite/abc.def.ghi';
  const receipt = await mailer.send({ to: 'ann@acme.example.com', subject: 'You are invited to join Acme', text: `Open ${link}`, links: [link] });
  expect(receipt.via).toBe('outbox');
  const files = fs.readdirSync(path.join(dataDir, 'outbox'));
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/\.eml$/);
  const eml = fs.readFileSync(path.join(dataDir, 'outbox', files[0]!), 'utf8');
  expect(eml).toMatch(/^To: ann@acme\.example\.com$/m);
  expect(eml).toContain(link);
  expect(lines.join('')).toContain(link);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
