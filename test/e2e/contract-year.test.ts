// One organization through a whole contract year, over HTTP against the real app, with a real
// SMTP server on loopback and time moved by a ManualClock: invitations mailed and accepted (one
// left to expire on day 21), the March example, a mid-month purchase, an upgrade that moves named
// members, and the renewal at term end. Every amount below is computed by hand in a comment and
// written as a literal: the test never calls the production pricing function.
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { inviteLink, startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { seatInvariantViolations } from '../support/invariants.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { runRenewals } from '../../src/domain/billing/renewal.js';

const DAY = 86_400_000;
const INVITED_AT = new Date('2026-01-01T09:00:00Z');

interface Line { kind: string; tier: string; quantity: number; unitAmount: number; months: number; days: number; daysInMonth: number; amount: number; description: string }
interface Invoice { id: string; kind: string; issuedAt: string; periodStart: string; periodEnd: string; currency: string; lines: Line[]; total: number }

/** The lines without their human description: exactly the numbers that were billed. */
const numbers = (lines: Line[]) => lines.map(({ description: _d, ...rest }) => rest);
const seats = (standard: [number, number], premium: [number, number]) => ({
  standard: { purchased: standard[0], claimed: standard[1], available: standard[0] - standard[1] },
  premium: { purchased: premium[0], claimed: premium[1], available: premium[0] - premium[1] },
});

describeEachDatabase('a contract year over the admin API', (kind) => {
  let s: TestServer;
  let smtp: TestSmtp;
  const clock = new ManualClock('2026-01-01T08:00:00Z');

  beforeAll(async () => {
    smtp = await startTestSmtp();
    s = await startTestServer(kind, { clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Seatgate <noreply@seatgate.test>' } });
  });
  afterAll(async () => { await s?.stop(); await smtp?.stop(); });

  test('invites, an expiry, the March example, a mid-month purchase, a named upgrade and a renewal issue exactly the expected invoices', async () => {
    const { org, domain } = await makeOrg(s.db.db, { standard: 100, premium: 0 });
    await setContract(s.db.db, org.id, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
    const owner = (await createApiKey(s.db.db, org.id, 'owner', 'owner', clock)).secret;
    const admin = (await createApiKey(s.db.db, org.id, 'admin', 'admin', clock)).secret;
    const api = (key: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => fetch(`${s.url}/api/v1${path}`, {
      method: init.method ?? 'GET', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const confirm = (key: string, body: unknown, idempotencyKey: string) => api(key, '/seats/confirm', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } });
    const seatsNow = () => json(api(admin, '/seats'));
    const invoices = async (): Promise<Invoice[]> => (await json(api(owner, '/invoices'))).invoices;
    const memberCount = async () => (await json(api(admin, '/members'))).members.length as number;
    const invite = async (email: string) => {
      const before = smtp.mails.length;
      const res = await api(admin, '/invitations', { method: 'POST', body: { email } });
      expect(res.status).toBe(201);
      const body = await json(res);
      expect(body.mail).toEqual({ sent: true, via: 'smtp' });
      const mail = (await smtp.waitFor(before + 1)).filter((m) => m.to.includes(email));
      expect(mail).toHaveLength(1);
      return { id: body.invitation.id as string, link: inviteLink(mail[0]!) };
    };
    const acceptAs = async (link: string, email: string) => {
      expect(await (await fetch(link)).text()).toContain('Accept the invitation');
      const res = await fetch(link, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('You are now a member');
      const { members } = await json(api(admin, '/members'));
      return members.find((m: { email: string }) => m.email === email) as { id: string; seatTier: string; status: string };
    };

    // 1 January 2026: four invitations mailed through the SMTP server; three are accepted.
    clock.set(INVITED_AT);
    const sent = Object.fromEntries(await Promise.all(['ann', 'bob', 'cat', 'dan'].map(async (n) => [n, await invite(`${n}@${domain}`)] as const)));
    expect(new Set(Object.values(sent).map((x) => x.link)).size).toBe(4);
    const ann = await acceptAs(sent.ann!.link, `ann@${domain}`);
    const bob = await acceptAs(sent.bob!.link, `bob@${domain}`);
    const cat = await acceptAs(sent.cat!.link, `cat@${domain}`);
    for (const m of [ann, bob, cat]) expect(m).toMatchObject({ status: 'active', seatTier: 'standard' });
    expect(await seatsNow()).toEqual(seats([100, 3], [0, 0]));

    // Dan's link works until day 21 minus a minute, and on day 21 shows the expiry page and creates nothing.
    clock.set(new Date(INVITED_AT.getTime() + 21 * DAY - 60_000));
    const stillOpen = await fetch(sent.dan!.link);
    expect(stillOpen.status).toBe(200);
    expect(await stillOpen.text()).toContain('Accept the invitation');
    clock.set(new Date(INVITED_AT.getTime() + 21 * DAY));
    for (const res of [await fetch(sent.dan!.link), await fetch(sent.dan!.link, { method: 'POST' })]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('Invitation expired');
    }
    expect(await memberCount()).toBe(3);
    expect((await json(api(admin, '/invitations?status=expired'))).invitations.map((i: { id: string }) => i.id)).toEqual([sent.dan!.id]);
    expect(await seatsNow()).toEqual(seats([100, 3], [0, 0]));

    // 1 March 2026: the March example. 1 March starts contract month 2 (31 days): 10 whole months left.
    clock.set('2026-03-01T09:30:00Z');
    const march = { add: { standard: 5 }, upgrade: { count: 10 } };
    const marchLines = [
      // 5 × 9900 × 10/12 = 495000 / 12 = 41250 (EUR 412.50)
      { kind: 'seat_purchase', tier: 'standard', quantity: 5, unitAmount: 9900, months: 10, days: 0, daysInMonth: 31, amount: 41250 },
      // 10 × (18900 − 9900) × 10/12 = 900000 / 12 = 75000 (EUR 750.00)
      { kind: 'upgrade', tier: 'premium', quantity: 10, unitAmount: 9000, months: 10, days: 0, daysInMonth: 31, amount: 75000 },
    ];
    for (const [path, headers] of [['/seats/preview', {}], ['/seats/confirm', { 'idempotency-key': 'march-by-admin' }]] as const) {
      const refused = await api(admin, path, { method: 'POST', body: march, headers });
      expect(refused.status).toBe(403);
      expect((await json(refused)).error.code).toBe('ROLE_FORBIDDEN');
    }
    const preview = await json(api(owner, '/seats/preview', { method: 'POST', body: march }));
    expect(numbers(preview.invoice.lines)).toEqual(marchLines);
    expect(preview.invoice.total).toBe(116250); // 41250 + 75000 (EUR 1,162.50)
    expect(await invoices()).toEqual([]);
    expect(await seatsNow()).toEqual(seats([100, 3], [0, 0]));
    const first = await confirm(owner, march, 'march-2026');
    expect(first.status).toBe(201);
    const firstText = await first.text();
    const marchReceipt = JSON.parse(firstText);
    expect(numbers(marchReceipt.invoice.lines)).toEqual(marchLines);
    expect(marchReceipt.invoice).toMatchObject({ kind: 'seat_change', total: 116250, currency: 'EUR', periodStart: '2026-03-01', periodEnd: '2027-01-01' });
    const retry = await confirm(owner, march, 'march-2026');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(firstText);
    expect((await invoices()).map((i) => i.id)).toEqual([marchReceipt.invoice.id]);
    // 100 + 5 − 10 standard, 10 premium; the three members stay on standard seats.
    expect(await seatsNow()).toEqual(seats([95, 3], [10, 0]));

    // 20 June 2026, mid-month: contract month 1 Jun – 1 Jul has 30 days; 20…30 June = 11 days, plus 6 whole months (Jul–Dec).
    clock.set('2026-06-20T14:00:00Z');
    const june = await confirm(owner, { add: { standard: 3, premium: 1 } }, 'june-2026');
    expect(june.status).toBe(201);
    const juneInvoice = (await json(june)).invoice as Invoice;
    expect(numbers(juneInvoice.lines)).toEqual([
      // 3 × 9900 × (6 × 30 + 11) / (12 × 30) = 5672700 / 360 = 15757.5 → rounds half up to 15758
      { kind: 'seat_purchase', tier: 'standard', quantity: 3, unitAmount: 9900, months: 6, days: 11, daysInMonth: 30, amount: 15758 },
      // 1 × 18900 × 191 / 360 = 3609900 / 360 = 10027.5 → 10028
      { kind: 'seat_purchase', tier: 'premium', quantity: 1, unitAmount: 18900, months: 6, days: 11, daysInMonth: 30, amount: 10028 },
    ]);
    expect(juneInvoice.total).toBe(25786); // 15758 + 10028: rounded per line, then summed
    expect(juneInvoice.periodStart).toBe('2026-06-20');
    expect(await seatsNow()).toEqual(seats([98, 3], [11, 0]));

    // 1 July 2026: a new invitee takes the highest tier with room, now premium.
    clock.set('2026-07-01T10:00:00Z');
    const eve = await acceptAs((await invite(`eve@${domain}`)).link, `eve@${domain}`);
    expect(eve.seatTier).toBe('premium');
    expect(await seatsNow()).toEqual(seats([98, 3], [11, 1]));

    // 1 October 2026: upgrade 97 standard seats; only 95 are unclaimed (98 − 3), so two members must be named.
    clock.set('2026-10-01T09:00:00Z');
    const unnamed = await confirm(owner, { upgrade: { count: 97 } }, 'october-2026');
    expect(unnamed.status).toBe(409);
    expect((await json(unnamed)).error.code).toBe('UPGRADE_NEEDS_MEMBERS');
    expect(await seatsNow()).toEqual(seats([98, 3], [11, 1]));
    expect(await invoices()).toHaveLength(2);
    // The refused confirm stored nothing, so its key can carry the corrected request.
    const october = await confirm(owner, { upgrade: { count: 97, memberIds: [bob.id, cat.id] } }, 'october-2026');
    expect(october.status).toBe(201);
    const octoberBody = await json(october);
    expect([...octoberBody.movedMemberIds].sort()).toEqual([bob.id, cat.id].sort());
    expect(numbers(octoberBody.invoice.lines)).toEqual([
      // 97 × 9000 × 3/12 (October–December) = 2619000 / 12 = 218250
      { kind: 'upgrade', tier: 'premium', quantity: 97, unitAmount: 9000, months: 3, days: 0, daysInMonth: 31, amount: 218250 },
    ]);
    expect(octoberBody.invoice.total).toBe(218250);
    for (const [m, tier] of [[ann, 'standard'], [bob, 'premium'], [cat, 'premium'], [eve, 'premium']] as const) {
      expect((await json(api(admin, `/members/${m.id}`))).seatTier).toBe(tier);
    }
    // Standard 98 − 97 = 1 (Ann's); premium 11 + 97 = 108, held by Eve, Bob and Cat.
    expect(await seatsNow()).toEqual(seats([1, 1], [108, 3]));

    // Term end: nothing is due on the last second of the term; after it, changes wait for the job.
    clock.set('2026-12-31T23:59:59Z');
    expect(await runRenewals(s.db.db, ctx('cli', clock))).toEqual([]);
    clock.set('2027-01-01T00:05:00Z');
    const pending = await api(owner, '/seats/preview', { method: 'POST', body: { add: { standard: 1 } } });
    expect(pending.status).toBe(409);
    expect((await json(pending)).error.code).toBe('CONTRACT_RENEWAL_PENDING');
    // 108 × 18900 = 2041200 and 1 × 9900 = 9900: total 2051100 (EUR 20,511.00).
    expect(await runRenewals(s.db.db, ctx('cli', clock))).toMatchObject([{ orgId: org.id, action: 'renewed', total: 2051100 }]);
    expect(await runRenewals(s.db.db, ctx('cli', clock))).toEqual([]);
    expect(await json(api(admin, '/contract'))).toMatchObject({
      termStart: '2027-01-01', termEnd: '2028-01-01', status: 'active', autoRenew: true, currency: 'EUR',
      prices: { standard: 9900, premium: 18900 }, initialSeats: { standard: 1, premium: 108 },
    });
    expect(await seatsNow()).toEqual(seats([1, 1], [108, 3]));

    // The year's invoices, newest first, exactly.
    const all = await invoices();
    expect(all.map((i) => [i.kind, i.issuedAt, i.periodStart, i.periodEnd, i.total])).toEqual([
      ['renewal', '2027-01-01T00:05:00.000Z', '2027-01-01', '2028-01-01', 2051100],
      ['seat_change', '2026-10-01T09:00:00.000Z', '2026-10-01', '2027-01-01', 218250],
      ['seat_change', '2026-06-20T14:00:00.000Z', '2026-06-20', '2027-01-01', 25786],
      ['seat_change', '2026-03-01T09:30:00.000Z', '2026-03-01', '2027-01-01', 116250],
    ]);
    expect(numbers(all[0]!.lines)).toEqual([
      // premium first: 108 × 18900 × 12/12 = 2041200
      { kind: 'renewal', tier: 'premium', quantity: 108, unitAmount: 18900, months: 12, days: 0, daysInMonth: 31, amount: 2041200 },
      // 1 × 9900 × 12/12 = 9900
      { kind: 'renewal', tier: 'standard', quantity: 1, unitAmount: 9900, months: 12, days: 0, daysInMonth: 31, amount: 9900 },
    ]);
    expect(all[3]).toEqual(marchReceipt.invoice);
    expect(all.every((i) => i.currency === 'EUR')).toBe(true);
    expect(await seatInvariantViolations(s.db.db)).toEqual([]);
  });
});
