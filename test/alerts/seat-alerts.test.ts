// Seat-usage alerts: a real SMTP server and a real webhook receiver on loopback, time from a
// ManualClock, and the alert pass run directly (as the interval job would). Each alert mails each
// Owner once and calls the webhook once, signed; repeated passes and concurrent passes add nothing.
import { createHmac } from 'node:crypto';
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.js';
import { ctx, makeOrg, ManualClock, uniqueSlug } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { provision } from '../../src/domain/members/provision.js';
import { deprovision } from '../../src/domain/members/lifecycle.js';
import { inTransaction } from '../../src/domain/storage/transaction.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createLogger } from '../../src/logger.js';
import { createAlertTransport } from '../../src/alerts/alert-transport.js';
import { runAlertsOnce } from '../../src/alerts/alert-job.js';
import { scanSeatAlerts } from '../../src/domain/alerts/scan.js';

const HOUR = 3_600_000;

describeEachDatabase('seat usage alerts', (kind) => {
  let s: TestServer;
  let smtp: TestSmtp;
  let hook: TestReceiver;
  const clock = new ManualClock('2026-05-01T08:00:00Z');
  let run: () => ReturnType<typeof runAlertsOnce>;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    hook = await startWebhookReceiver();
    s = await startTestServer(kind, { clock, env: { SMTP_URL: smtp.url, WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Seatgate <alerts@seatgate.test>', dataDir: './data-test' }, createLogger('silent'));
    const transport = createAlertTransport(mailer, true);
    run = () => runAlertsOnce({ db: s.db.db, clock, transport });
  });
  afterAll(async () => { await s?.stop(); await smtp?.stop(); await hook?.stop(); });

  async function setup(standard: number, opts: { webhook?: boolean; threshold?: number } = {}) {
    const slug = uniqueSlug('al');
    const o = await makeOrg(s.db.db, { premium: 0, standard }, { slug, primaryOwnerEmail: `po@${slug}.example.com` });
    const c = ctx('scim', clock);
    const add = async (name: string, role: 'owner' | 'member' = 'member') => (await provision(s.db.db, { path: 'scim', active: true, fields: { orgId: o.org.id, userName: `${name}@${o.domain}`, email: `${name}@${o.domain}`, role } }, c)).id;
    await add('olga', 'owner');
    const key = (await createApiKey(s.db.db, o.org.id, 'owner', 'owner', clock)).secret;
    let secret: string | undefined;
    if (opts.webhook || opts.threshold) {
      const res = await fetch(`${s.url}/api/v1/alerts`, {
        method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...(opts.webhook ? { webhookUrl: hook.url } : {}), ...(opts.threshold ? { thresholdPercent: opts.threshold } : {}) }),
      });
      expect(res.status).toBe(200);
      secret = (await json(res)).webhookSecret;
    }
    const mailsTo = () => smtp.mails.filter((m) => m.to.some((t) => t.endsWith(`@${o.domain}`)));
    const hooks = () => hook.calls.filter((h) => JSON.parse(h.body).org.id === o.org.id);
    return { org: o.org, domain: o.domain, add, secret, mailsTo, hooks, c, key };
  }

  async function settle(): Promise<void> {
    await run();
    await new Promise((r) => setTimeout(r, 50));
  }

  test('crossing 90% mails each Owner once and calls the webhook once, signed; further passes add nothing', async () => {
    const o = await setup(10, { webhook: true });
    for (let i = 0; i < 6; i++) await o.add(`m${i}`);
    await settle();
    expect(o.mailsTo()).toHaveLength(0);
    await o.add('m6');
    await settle();
    await settle();
    await settle();
    const mails = o.mailsTo();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([`olga@${o.domain}`, `po@${o.domain}`]);
    expect(mails[0]!.text).toContain('90% used (9 of 10');
    const calls = o.hooks();
    expect(calls).toHaveLength(1);
    const header = String(calls[0]!.headers['seatgate-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(v1).toBe(createHmac('sha256', o.secret!).update(`${t}.${calls[0]!.body}`).digest('hex'));
    expect(JSON.parse(calls[0]!.body).alerts.map((a: { alert: string }) => a.alert)).toEqual(['standard.threshold']);
  });

  test('running out and refused arrivals alert once each; a clear and re-cross within a day stays quiet, after a day it alerts again', async () => {
    const o = await setup(4);
    await o.add('a');
    await o.add('b');
    await settle();
    expect(o.mailsTo().map((m) => m.text.includes('All 4 standard seats are taken'))).toEqual([true, true]);
    await expect(o.add('c')).rejects.toMatchObject({ code: 'SEATS_EXHAUSTED' });
    await settle();
    await settle();
    expect(o.mailsTo()).toHaveLength(4);
    expect(o.mailsTo().at(-1)!.text).toContain('People are being refused a seat');
    const bId = (await s.db.db.selectFrom('members').select('id').where('email', '=', `b@${o.domain}`).executeTakeFirstOrThrow()).id;
    // c's refusal queued a seat request, which would take b's seat at once; withdrawn here, so
    // that the freed seat stays free and the alert clears (the queue has its own tests).
    await s.db.db.updateTable('seat_requests').set({ status: 'expired' }).where('org_id', '=', o.org.id).execute();
    await inTransaction(s.db.db, (tx) => deprovision(tx, o.org.id, bId, o.c));
    clock.advance(2 * HOUR);
    await settle();
    await o.add('d');
    await settle();
    expect(o.mailsTo()).toHaveLength(4);
    clock.advance(25 * HOUR);
    const dId = (await s.db.db.selectFrom('members').select('id').where('email', '=', `d@${o.domain}`).executeTakeFirstOrThrow()).id;
    await inTransaction(s.db.db, (tx) => deprovision(tx, o.org.id, dId, o.c));
    await settle();
    await o.add('e');
    await settle();
    expect(o.mailsTo()).toHaveLength(6);
  });

  test('a failing webhook is retried with backoff and its state kept in the database', async () => {
    const o = await setup(3, { webhook: true });
    hook.failNext(500, 503);
    await o.add('x');
    await settle();
    const row = () => s.db.db.selectFrom('alert_deliveries').selectAll().where('org_id', '=', o.org.id).where('channel', '=', 'webhook').executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'the receiver answered HTTP 500' });
    await settle();
    expect((await row()).attempts).toBe(1);
    clock.advance(30_000);
    await settle();
    expect(await row()).toMatchObject({ status: 'pending', attempts: 2 });
    clock.advance(60_000);
    await settle();
    expect(await row()).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(o.hooks()).toHaveLength(3);
    expect(new Set(o.hooks().map((h) => h.body)).size).toBe(1);
    const listed = await json(fetch(`${s.url}/api/v1/alerts/deliveries`, { headers: { authorization: `Bearer ${o.key}` } }));
    expect(listed.deliveries.find((d: { channel: string }) => d.channel === 'webhook')).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    const state = await json(fetch(`${s.url}/api/v1/alerts/state`, { headers: { authorization: `Bearer ${o.key}` } }));
    expect(state.alerts.filter((a: { active: boolean }) => a.active).map((a: { alert: string }) => a.alert)).toEqual(['standard.exhausted', 'standard.threshold']);
  }, 30_000);

  test('concurrent passes in several processes raise an alert once', async () => {
    const o = await setup(4, { threshold: 50 });
    const pools = kind === 'postgres' ? [s.db.db, (await s.db.openAnotherPool(2)).db, (await s.db.openAnotherPool(2)).db] : [s.db.db, s.db.db, s.db.db];
    const results = await Promise.all(pools.map((db) => scanSeatAlerts(db, clock.now())));
    expect(results.flatMap((r) => r.raised)).toContain('standard.threshold');
    const rows = await s.db.db.selectFrom('alert_deliveries').select('target').where('org_id', '=', o.org.id).execute();
    expect(rows.map((r) => r.target).sort()).toEqual([`olga@${o.domain}`, `po@${o.domain}`]);
  });

  test('finished deliveries are deleted after 90 days; pending ones are kept', async () => {
    const o = await setup(10);
    const old = new Date(clock.now().getTime() - 91 * 24 * HOUR);
    const row = { org_id: o.org.id, channel: 'email' as const, target: `po@${o.domain}`, subject: 's', body: 'b', next_attempt_at: clock.now(), created_at: old, last_error: null, delivered_at: null };
    await s.db.db.insertInto('alert_deliveries').values([{ ...row, status: 'delivered' }, { ...row, status: 'failed' }, { ...row, status: 'pending', next_attempt_at: new Date(clock.now().getTime() + HOUR) }]).execute();
    expect((await run()).pruned).toBeGreaterThanOrEqual(2);
    const left = await s.db.db.selectFrom('alert_deliveries').select('status').where('org_id', '=', o.org.id).execute();
    expect(left.map((r) => r.status)).toEqual(['pending']);
  });
});
