// Invitations end to end: the admin API invites, a real SMTP server on loopback receives the
// mail, and the link in it is opened and accepted as a browser would, with time moved by a
// ManualClock through the 21-day lifetime.
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { inviteLink, startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import { seatCounts } from '../../src/domain/seats/allocator.js';
import { invite } from '../../src/domain/invitations/invitations.js';

const DAY = 86_400_000;
const START = new Date('2026-03-01T09:00:00Z');

describeEachDatabase('invitations', (kind) => {
  let s: TestServer;
  let smtp: TestSmtp;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    smtp = await startTestSmtp();
    s = await startTestServer(kind, { clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Seatgate <noreply@seatgate.test>' } });
  });
  afterAll(async () => { await s?.stop(); await smtp?.stop(); });
  beforeEach(() => clock.set(START));

  async function setup(seats = { premium: 0, standard: 3 }) {
    const o = await makeOrg(s.db.db, seats);
    const admin = (await createApiKey(s.db.db, o.org.id, 'admin', 'admin', clock)).secret;
    const owner = (await createApiKey(s.db.db, o.org.id, 'owner', 'owner', clock)).secret;
    const api = (key: string, path: string, init: { method?: string; body?: unknown } = {}) => fetch(`${s.url}/api/v1${path}`, {
      method: init.method ?? 'GET', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return { ...o, admin, owner, api };
  }

  async function invited(o: Awaited<ReturnType<typeof setup>>, email: string, extra: Record<string, unknown> = {}) {
    const before = smtp.mails.length;
    const res = await o.api(o.admin, '/invitations', { method: 'POST', body: { email, ...extra } });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.mail).toEqual({ sent: true, via: 'smtp' });
    const mail = (await smtp.waitFor(before + 1)).filter((m) => m.to.includes(email)).at(-1)!;
    return { id: body.invitation.id as string, link: inviteLink(mail), mail };
  }

  const accept = (link: string) => fetch(link, { method: 'POST' });
  const memberCount = async (orgId: string) => (await s.db.db.selectFrom('members').select('id').where('org_id', '=', orgId).execute()).length;

  test('the mailed link shows who invites whom, and accepting on day 21 minus a minute creates the member', async () => {
    const o = await setup();
    const { link, mail } = await invited(o, `ann@${o.domain}`, { role: 'admin' });
    expect(mail.from).toBe('noreply@seatgate.test');
    expect(link.startsWith(`${s.url}/invite/`)).toBe(true);
    clock.set(new Date(START.getTime() + 21 * DAY - 60_000));
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Accept the invitation');
    expect(html).not.toContain('seat of');
    const res = await accept(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are now a member');
    const m = await s.db.db.selectFrom('members').selectAll().where('org_id', '=', o.org.id).where('email', '=', `ann@${o.domain}`).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ role: 'admin', status: 'active', seat_tier: 'standard', created_via: 'manual' });
    const { events } = await listEvents(s.db.db, o.org.id, { events: ['invitation.accepted', 'member.created'] });
    expect(events.map((e) => [e.event, e.actor.type])).toEqual([['invitation.accepted', 'invitation'], ['member.created', 'invitation']]);
    expect((await accept(link)).status).toBe(409);
  });

  test('on day 21 the link shows an expiry page and accepting it changes nothing', async () => {
    const o = await setup();
    const { id, link } = await invited(o, `bea@${o.domain}`);
    clock.set(new Date(START.getTime() + 21 * DAY));
    for (const res of [await fetch(link), await accept(link)]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('Invitation expired');
    }
    expect(await memberCount(o.org.id)).toBe(0);
    const list = await json(o.api(o.admin, '/invitations'));
    expect(list.invitations.find((i: { id: string }) => i.id === id).status).toBe('expired');
  });

  test('re-inviting mails a new link and the old one is dead', async () => {
    const o = await setup();
    const first = await invited(o, `cy@${o.domain}`);
    clock.advance(3 * DAY);
    const before = smtp.mails.length;
    const res = await o.api(o.admin, `/invitations/${first.id}/resend`, { method: 'POST' });
    expect(res.status).toBe(201);
    const second = inviteLink((await smtp.waitFor(before + 1)).at(-1)!);
    expect(second).not.toBe(first.link);
    const old = await accept(first.link);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('replaced by a newer one');
    expect((await accept(second)).status).toBe(200);
    expect(await memberCount(o.org.id)).toBe(1);
  });

  test('five concurrent accepts of one link create one member', async () => {
    const o = await setup();
    const { link } = await invited(o, `kai@${o.domain}`);
    const statuses = (await Promise.all([1, 2, 3, 4, 5].map(() => accept(link)))).map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x >= 500)).toEqual([]);
    expect(await memberCount(o.org.id)).toBe(1);
  });

  test('a revoked invitation cannot be accepted', async () => {
    const o = await setup();
    const { id, link } = await invited(o, `di@${o.domain}`);
    expect((await o.api(o.admin, `/invitations/${id}`, { method: 'DELETE' })).status).toBe(200);
    const res = await accept(link);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('withdrawn');
    expect(await memberCount(o.org.id)).toBe(0);
  });

  test('a pending invitation reserves no seat: when the last seat is taken first, accepting shows a clear page and creates nothing', async () => {
    const o = await setup({ premium: 0, standard: 1 });
    const a = await invited(o, `ed@${o.domain}`);
    const b = await invited(o, `flo@${o.domain}`);
    expect((await accept(a.link)).status).toBe(200);
    expect(await (await fetch(b.link)).text()).toContain(`Every seat of ${o.org.name} is taken`);
    const res = await accept(b.link);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('You have not been added. Nothing has changed and this link stays valid.');
    expect(await memberCount(o.org.id)).toBe(1);
    expect((await listEvents(s.db.db, o.org.id, { events: ['seat.rejected'] })).events).toHaveLength(1);
    const list = await json(o.api(o.admin, '/invitations?status=pending'));
    expect(list.invitations.map((i: { id: string }) => i.id)).toEqual([b.id]);
  });

  test('an invited seat tier is honoured when it has room', async () => {
    const o = await setup({ premium: 2, standard: 2 });
    const { link } = await invited(o, `gus@${o.domain}`, { seatTier: 'standard' });
    expect((await accept(link)).status).toBe(200);
    expect(await seatCounts(s.db.db, o.org.id)).toEqual({ premium: { purchased: 2, claimed: 0 }, standard: { purchased: 2, claimed: 1 } });
  });

  test.each([
    ['an email off the verified domains', (d: string) => ({ email: 'eve@evil.example.org' }), 422, 'DOMAIN_NOT_VERIFIED'],
    ['a look-alike subdomain', (d: string) => ({ email: `eve@mail.${d}` }), 422, 'DOMAIN_NOT_VERIFIED'],
    ['a role above the admin\'s own', (d: string) => ({ email: `hal@${d}`, role: 'owner' }), 403, 'ROLE_FORBIDDEN'],
    ['the primary owner role', (d: string) => ({ email: `hal@${d}`, role: 'primary_owner' }), 400, 'INVALID_INPUT'],
    ['not an email', (_d: string) => ({ email: 'not-an-email' }), 400, 'INVALID_INPUT'],
  ])('refuses to invite %s', async (_name, body, status, code) => {
    const o = await setup();
    const res = await o.api(o.admin, '/invitations', { method: 'POST', body: body(o.domain) });
    expect(res.status).toBe(status);
    expect((await json(res)).error.code).toBe(code);
  });

  test('refuses to invite when no seat is free, and a second pending invitation for one email', async () => {
    const full = await setup({ premium: 0, standard: 0 });
    const res = await full.api(full.owner, '/invitations', { method: 'POST', body: { email: `ivy@${full.domain}` } });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('SEATS_EXHAUSTED');
    const o = await setup();
    await invited(o, `jo@${o.domain}`);
    const again = await o.api(o.owner, '/invitations', { method: 'POST', body: { email: `JO@${o.domain.toUpperCase()}` } });
    expect((await json(again)).error.code).toBe('INVITATION_ALREADY_PENDING');
  });

  test('an organization that turned manual provisioning off neither invites nor accepts', async () => {
    const o = await setup();
    const { link } = await invited(o, `oz@${o.domain}`);
    await s.db.db.updateTable('organizations').set({ manual_enabled: false }).where('id', '=', o.org.id).execute();
    expect((await json(o.api(o.admin, '/invitations', { method: 'POST', body: { email: `pat@${o.domain}` } }))).error.code).toBe('PROVISIONING_DISABLED');
    expect((await accept(link)).status).toBe(403);
    expect(await memberCount(o.org.id)).toBe(0);
  });

  test('a member cannot invite; an owner can invite an owner', async () => {
    const o = await setup();
    const deps = { db: s.db.db, clock, mailer: { send: async () => ({ via: 'outbox' as const, id: 'x' }) }, publicUrl: s.url, ttlDays: 21, secret: undefined };
    await expect(invite(deps, o.org.id, 'member', { email: `kim@${o.domain}`, role: 'member' }, ctx('admin', clock))).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
    const res = await o.api(o.owner, '/invitations', { method: 'POST', body: { email: `kim@${o.domain}`, role: 'owner' } });
    expect(res.status).toBe(201);
  });

  test('nobody acts on another organization\'s invitations', async () => {
    const a = await setup();
    const b = await setup();
    const { id } = await invited(a, `lee@${a.domain}`);
    expect((await b.api(b.owner, `/invitations/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await b.api(b.owner, `/invitations/${id}/resend`, { method: 'POST' })).status).toBe(404);
    expect((await json(b.api(b.owner, '/invitations'))).invitations).toEqual([]);
  });

  test.each([
    ['a garbage token', () => 'not-a-token'],
    ['a token with an altered signature', (l: string) => { const t = l.slice(l.lastIndexOf('/') + 1); const i = t.length - 10; return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1); }],
    ['a token with an altered payload', (l: string) => { const [h, p, sig] = l.slice(l.lastIndexOf('/') + 1).split('.'); const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()); return [h, Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86400 * 365 })).toString('base64url'), sig].join('.'); }],
    ['an unsigned token', (l: string) => { const p = l.slice(l.lastIndexOf('/') + 1).split('.')[1]; return `sginv_${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`; }],
    ['the signed token without its prefix', (l: string) => l.slice(l.lastIndexOf('/') + 1).replace(/^sginv_/, '')],
  ])('shows an invalid-link page for %s', async (_name, make) => {
    const o = await setup();
    const { link } = await invited(o, `max@${o.domain}`);
    const res = await accept(`${s.url}/invite/${make(link)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Invalid invitation link');
    expect(await memberCount(o.org.id)).toBe(0);
  });

  test('the database holds only a hash of the link\'s secret', async () => {
    const o = await setup();
    const { id, link } = await invited(o, `ned@${o.domain}`);
    const row = await s.db.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const payload = JSON.parse(Buffer.from(link.split('/').at(-1)!.split('.')[1]!, 'base64url').toString());
    expect(payload.sec).toMatch(/^sginv_/);
    expect(JSON.stringify(row)).not.toContain(payload.sec);
    expect(row.secret_hash).toHaveLength(32);
  });
});
