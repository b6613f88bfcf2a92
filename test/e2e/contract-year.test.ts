// One organization through a whole contract year, over HTTP against the real app, with a real
// SMTP server on loopback and time moved by a ManualClock: invitations mailed and accepted (one
// left to expire on day 21), the March example, a mid-month purchase, an upgrade that moves named
// members, and the renewal at term end. The steps are sequential tests on one organization: each
// starts where the previous one left the year. Every amount is computed by hand in a comment and
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
interface MemberJson { id: string; email: string; seatTier: string; status: string }
type Call = { method?: string; body?: unknown; headers?: Record<string, string> };

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
  let orgId: string;
  let domain: string;
  let owner: string;
  let admin: string;
  const sent: Record<string, { id: string; link: string }> = {};
  const members: Record<string, MemberJson> = {};
  let marchInvoice: Invoice;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    s = await startTestServer(kind, { clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Seatgate <noreply@seatgate.test>' } });
    const made = await makeOrg(s.db.db, { standard: 100, premium: 0 });
    orgId = made.org.id;
    domain = made.domain;
    await setContract(s.db.db, orgId, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { standard: 9900, premium: 18900 } }, ctx('cli', clock));
    owner = (await createApiKey(s.db.db, orgId, 'owner', 'owner', clock)).secret;
    admin = (await createApiKey(s.db.db, orgId, 'admin', 'admin', clock)).secret;
  });
  afterAll(async () => { await s?.stop(); await smtp?.stop(); });
  afterEach(async () => { expect(await seatInvariantViolations(s.db.db)).toEqual([]); });

  const api = (key: string, path: string, init: Call = {}) => fetch(`${s.url}/api/v1${path}`, {
    method: init.method ?? 'GET', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const confirm = (key: string, body: unknown, idempotencyKey: string) => api(key, '/seats/confirm', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } });
  const seatsNow = () => json(api(admin, '/seats'));
  const invoices = async (): Promise<Invoice[]> => (await json(api(owner, '/invoices'))).invoices;
  const memberList = async (): Promise<MemberJson[]> => (await json(api(admin, '/members'))).members;

  /** Invites `name` as the Admin and reads the link from the one mail the SMTP server received for them. */
  async function invite(name: string) {
    const email = `${name}@${domain}`;
    const before = smtp.mails.length;
    const res = await api(admin, '/invitations', { method: 'POST', body: { email } });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.mail).toEqual({ sent: true, via: 'smtp' });
    const mails = (await smtp.waitFor(before + 1)).filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    sent[name] = { id: body.invitation.id, link: inviteLink(mails[0]!) };
  }

  /** Opens the mailed link as a browser would, accepts it, and records the member it created. */
  async function accept(name: string) {
    expect(await (await fetch(sent[name]!.link)).text()).toContain('Accept the invitation');
    const res = await fetch(sent[name]!.link, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are now a member');
    members[name] = (await memberList()).find((m) => m.email === `${name}@${domain}`)!;
    expect(members[name]).toMatchObject({ status: 'active' });
  }

  test('1 January: mailed invitations become members on standard seats when accepted', async () => {
    clock.set(INVITED_AT);
    for (const name of ['ann', 'bob', 'cat', 'dan']) await invite(name);
    expect(new Set(Object.values(sent).map((x) => x.link)).size).toBe(4);
    for (const name of ['ann', 'bob', 'cat']) await accept(name);
    expect(['ann', 'bob', 'cat'].map((n) => members[n]!.seatTier)).toEqual(['standard', 'standard', 'standard']);
    expect(await seatsNow()).toEqual(seats([100, 3], [0, 0]));
  });

  test('the unaccepted link works until day 21 minus a minute; on day 21 it shows the expiry page and creates nothing', async () => {
    clock.set(new Date(INVITED_AT.getTime() + 21 * DAY - 60_000));
    const stillOpen = await fetch(sent.dan!.link);
    expect(stillOpen.status).toBe(200);
    expect(await stillOpen.text()).toContain('Accept the invitation');
    clock.set(new Date(INVITED_AT.getTime() + 21 * DAY));
    for (const res of [await fetch(sent.dan!.link), await fetch(sent.dan!.link, { method: 'POST' })]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('Invitation expired');
    }
    expect(await memberList()).toHaveLength(3);
    expect((await json(api(admin, '/invitations?status=expired'))).invitations.map((i: { id: string }) => i.id)).toEqual([sent.dan!.id]);
    expect(await seatsNow()).toEqual(seats([100, 3], [0, 0]));
  });

  test('1 March: the March example is billed to the cent; an Admin is refused and a retried confirm bills once', async () => {
    // 1 March starts contract month 2 (1 March – 1 April, 31 days): 10 whole months are left.
    clock.set('2026-03-01T09:30:00Z');
    const march = { add: { standard: 5 }, upgrade: { count: 10 } };
    const lines = [
      // 5 × 9900 × 10/12 = 495000 / 12 = 41250 (EUR 412.50)
      { kind: 'seat_purchase', tier: 'standard', quantity: 5, unitAmount: 9900, months: 10, days: 0, daysInMonth: 31, amount: 41250 },
      // 10 × (18900 − 9900) × 10/12 = 900000 / 12 = 75000 (EUR 750.00)
      { kind: 'upgrade', tier: 'premium', fromTier: 'standard', quantity: 10, unitAmount: 9000, months: 10, days: 0, daysInMonth: 31, amount: 75000 },
    ];
    for (const [path, headers] of [['/seats/preview', {}], ['/seats/confirm', { 'idempotency-key': 'march-by-admin' }]] as const) {
      const refused = await api(admin, path, { method: 'POST', body: march, headers });
      expect(refused.status).toBe(403);
      expect((await json(refused)).error.code).toBe('ROLE_FORBIDDEN');
    }
    const preview = await json(api(owner, '/seats/preview', { method: 'POST', body: march }));
    expect(numbers(preview.invoice.lines)).toEqual(lines);
    expect(preview.invoice.total).toBe(116250); // 41250 + 75000 (EUR 1,162.50)
    expect(await invoices()).toEqual([]);
    expect(await seatsNow()).toEqual(seats([100, 3], [0, 0]));
    const first = await confirm(owner, march, 'march-2026');
    expect(first.status).toBe(201);
    const firstText = await first.text();
    marchInvoice = JSON.parse(firstText).invoice;
    expect(numbers(marchInvoice.lines)).toEqual(lines);
    expect(marchInvoice).toMatchObject({ kind: 'seat_change', total: 116250, currency: 'EUR', periodStart: '2026-03-01', periodEnd: '2027-01-01' });
    const retry = await confirm(owner, march, 'march-2026');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(firstText);
    expect((await invoices()).map((i) => i.id)).toEqual([marchInvoice.id]);
    // 100 + 5 − 10 standard, 10 premium; the three members stay on standard seats.
    expect(await seatsNow()).toEqual(seats([95, 3], [10, 0]));
  });

  test('20 June: a mid-month purchase is billed 6 months and 11 of 30 days, rounded half up per line', async () => {
    // Contract month 1 June – 1 July has 30 days; 20…30 June = 11 days, then 6 whole months (July–December).
    clock.set('2026-06-20T14:00:00Z');
    const res = await confirm(owner, { add: { standard: 3, premium: 1 } }, 'june-2026');
    expect(res.status).toBe(201);
    const invoice = (await json(res)).invoice as Invoice;
    expect(numbers(invoice.lines)).toEqual([
      // 3 × 9900 × (6 × 30 + 11) / (12 × 30) = 5672700 / 360 = 15757.5 → half up: 15758
      { kind: 'seat_purchase', tier: 'standard', quantity: 3, unitAmount: 9900, months: 6, days: 11, daysInMonth: 30, amount: 15758 },
      // 1 × 18900 × 191 / 360 = 3609900 / 360 = 10027.5 → 10028
      { kind: 'seat_purchase', tier: 'premium', quantity: 1, unitAmount: 18900, months: 6, days: 11, daysInMonth: 30, amount: 10028 },
    ]);
    expect(invoice).toMatchObject({ total: 25786, periodStart: '2026-06-20' }); // 15758 + 10028: rounded per line, then summed
    expect(await seatsNow()).toEqual(seats([98, 3], [11, 0]));
  });

  test('1 July: a new invitee takes a premium seat, the highest tier with room', async () => {
    clock.set('2026-07-01T10:00:00Z');
    await invite('eve');
    await accept('eve');
    expect(members.eve!.seatTier).toBe('premium');
    expect(await seatsNow()).toEqual(seats([98, 3], [11, 1]));
  });

  test('1 October: an upgrade beyond the unclaimed seats is refused until members are named, then moves them', async () => {
    // Upgrade 97 standard seats; only 95 are unclaimed (98 − 3), so two members must move.
    clock.set('2026-10-01T09:00:00Z');
    const unnamed = await confirm(owner, { upgrade: { count: 97 } }, 'october-2026');
    expect(unnamed.status).toBe(409);
    expect((await json(unnamed)).error.code).toBe('UPGRADE_NEEDS_MEMBERS');
    expect(await seatsNow()).toEqual(seats([98, 3], [11, 1]));
    expect(await invoices()).toHaveLength(2);
    // The refused confirm stored nothing, so its key can carry the corrected request.
    const named = [members.bob!.id, members.cat!.id].sort();
    const res = await confirm(owner, { upgrade: { count: 97, memberIds: named } }, 'october-2026');
    expect(res.status).toBe(201);
    const body = await json(res);
    expect([...body.movedMemberIds].sort()).toEqual(named);
    expect(numbers(body.invoice.lines)).toEqual([
      // 97 × 9000 × 3/12 (October–December) = 2619000 / 12 = 218250
      { kind: 'upgrade', tier: 'premium', fromTier: 'standard', quantity: 97, unitAmount: 9000, months: 3, days: 0, daysInMonth: 31, amount: 218250 },
    ]);
    expect(body.invoice.total).toBe(218250);
    const tiers = Object.fromEntries((await memberList()).map((m) => [m.email.split('@')[0], m.seatTier]));
    expect(tiers).toEqual({ ann: 'standard', bob: 'premium', cat: 'premium', eve: 'premium' });
    // Standard 98 − 97 = 1 (Ann's); premium 11 + 97 = 108, three held (Bob, Cat, Eve).
    expect(await seatsNow()).toEqual(seats([1, 1], [108, 3]));
  });

  test('term end: the renewal job renews once at the seats held, and the year has exactly the expected invoices', async () => {
    clock.set('2026-12-31T23:59:59Z');
    expect(await runRenewals(s.db.db, ctx('cli', clock))).toEqual([]);
    clock.set('2027-01-01T00:05:00Z');
    const pending = await api(owner, '/seats/preview', { method: 'POST', body: { add: { standard: 1 } } });
    expect(pending.status).toBe(409);
    expect((await json(pending)).error.code).toBe('CONTRACT_RENEWAL_PENDING');
    // 108 × 18900 = 2041200 and 1 × 9900 = 9900: total 2051100 (EUR 20,511.00).
    expect(await runRenewals(s.db.db, ctx('cli', clock))).toMatchObject([{ orgId, action: 'renewed', total: 2051100 }]);
    expect(await runRenewals(s.db.db, ctx('cli', clock))).toEqual([]);
    expect(await json(api(admin, '/contract'))).toMatchObject({
      termStart: '2027-01-01', termEnd: '2028-01-01', status: 'active', autoRenew: true, currency: 'EUR',
      prices: { standard: 9900, premium: 18900 }, initialSeats: { standard: 1, premium: 108 },
    });
    expect(await seatsNow()).toEqual(seats([1, 1], [108, 3]));

    const all = await invoices();
    expect(all.map((i) => [i.kind, i.issuedAt, i.periodStart, i.periodEnd, i.currency, i.total])).toEqual([
      ['renewal', '2027-01-01T00:05:00.000Z', '2027-01-01', '2028-01-01', 'EUR', 2051100],
      ['seat_change', '2026-10-01T09:00:00.000Z', '2026-10-01', '2027-01-01', 'EUR', 218250],
      ['seat_change', '2026-06-20T14:00:00.000Z', '2026-06-20', '2027-01-01', 'EUR', 25786],
      ['seat_change', '2026-03-01T09:30:00.000Z', '2026-03-01', '2027-01-01', 'EUR', 116250],
    ]);
    expect(numbers(all[0]!.lines)).toEqual([
      // premium first: 108 × 18900 × 12/12 = 2041200
      { kind: 'renewal', tier: 'premium', quantity: 108, unitAmount: 18900, months: 12, days: 0, daysInMonth: 31, amount: 2041200 },
      // 1 × 9900 × 12/12 = 9900
      { kind: 'renewal', tier: 'standard', quantity: 1, unitAmount: 9900, months: 12, days: 0, daysInMonth: 31, amount: 9900 },
    ]);
    expect(all[3]).toEqual(marchInvoice);
  });
});
