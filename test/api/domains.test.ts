// Domain verification against a real DNS server on loopback (dns2): the TXT challenge must be
// published exactly, a verified domain belongs to one organization, and invitations follow it.
import { describeEachDatabase } from '../support/databases.js';
import { json } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestDns, type TestDns } from '../support/dns.js';
import { makeOrg } from '../support/fixtures.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { listEvents } from '../../src/domain/log/provisioning-log.js';
import { systemClock } from '../../src/domain/clock.js';
import { addDomain, verifyDomain } from '../../src/domain/orgs/domain-verification.js';
import { ctx } from '../support/fixtures.js';

describeEachDatabase('verified domains', (kind) => {
  let s: TestServer;
  let dns: TestDns;
  beforeAll(async () => {
    dns = await startTestDns();
    s = await startTestServer(kind, { env: { DNS_RESOLVER: dns.resolver, SMTP_URL: 'smtp://127.0.0.1:9' } });
  });
  afterAll(async () => { await s?.stop(); await dns?.stop(); });

  async function setup() {
    const o = await makeOrg(s.db.db, { premium: 0, standard: 5 });
    const key = (await createApiKey(s.db.db, o.org.id, 'admin', 'admin', systemClock)).secret;
    const api = (path: string, method = 'GET', body?: unknown) => fetch(`${s.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { orgId: o.org.id, api };
  }
  let n = 0;
  const fresh = () => `corp${++n}-${Math.random().toString(36).slice(2, 8)}.example.net`;

  test('an admin adds a domain, publishes the TXT challenge, and verification finds it through the configured resolver', async () => {
    const o = await setup();
    const domain = fresh();
    const added = await json(o.api('/domains', 'POST', { domain: domain.toUpperCase() + '.' }));
    expect(added).toMatchObject({ domain, verified: false, challenge: { type: 'TXT', name: `_seatgate.${domain}` } });
    expect(added.challenge.value).toMatch(/^seatgate-verification=[A-Za-z0-9_-]{32}$/);
    const before = await o.api(`/domains/${domain}/verify`, 'POST');
    expect(before.status).toBe(422);
    expect((await json(before)).error).toMatchObject({ code: 'DOMAIN_VERIFICATION_FAILED', message: expect.stringContaining('no TXT record found') });
    // Published as two character-strings, as DNS hosting panels do for long values.
    const v = added.challenge.value as string;
    dns.txt.set(`_seatgate.${domain}`, [['v=spf1 -all'], [v.slice(0, 20), v.slice(20)]]);
    const res = await o.api(`/domains/${domain}/verify`, 'POST');
    expect(res.status).toBe(200);
    expect((await json(res)).verified).toBe(true);
    expect(dns.queries).toContain(`_seatgate.${domain}`);
    expect((await listEvents(s.db.db, o.orgId, { events: ['domain.added', 'domain.verified'] })).events).toHaveLength(2);
    const inv = await o.api('/invitations', 'POST', { email: `ann@${domain}` });
    expect(inv.status).toBe(201);
  });

  test.each([
    ['another organization\'s challenge', (v: string) => [[v.replace(/=.*/, '=' + 'x'.repeat(32))]]],
    ['the value with extra text', (v: string) => [[`${v} `]]],
    ['the value at the bare domain only', () => undefined],
  ])('does not verify with %s', async (_name, records) => {
    const o = await setup();
    const domain = fresh();
    const added = await json(o.api('/domains', 'POST', { domain }));
    const r = records(added.challenge.value);
    if (r) dns.txt.set(`_seatgate.${domain}`, r); else dns.txt.set(domain, [[added.challenge.value]]);
    const res = await o.api(`/domains/${domain}/verify`, 'POST');
    expect((await json(res)).error.code).toBe('DOMAIN_VERIFICATION_FAILED');
    expect((await o.api('/invitations', 'POST', { email: `ann@${domain}` })).status).toBe(422);
  });

  test('a domain verified by one organization cannot be verified or added by another', async () => {
    const a = await setup();
    const b = await setup();
    const domain = fresh();
    const ca = await json(a.api('/domains', 'POST', { domain }));
    const cb = await json(b.api('/domains', 'POST', { domain }));
    dns.txt.set(`_seatgate.${domain}`, [[ca.challenge.value], [cb.challenge.value]]);
    expect((await a.api(`/domains/${domain}/verify`, 'POST')).status).toBe(200);
    const res = await b.api(`/domains/${domain}/verify`, 'POST');
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('DOMAIN_ALREADY_CLAIMED');
    const c = await setup();
    const late = await c.api('/domains', 'POST', { domain });
    expect(late.status).toBe(409);
    expect((await json(late)).error.code).toBe('DOMAIN_ALREADY_CLAIMED');
  });

  test('removing a domain stops invitations to it, and another org cannot remove it', async () => {
    const a = await setup();
    const b = await setup();
    const domain = fresh();
    const c = await json(a.api('/domains', 'POST', { domain }));
    dns.txt.set(`_seatgate.${domain}`, [[c.challenge.value]]);
    await a.api(`/domains/${domain}/verify`, 'POST');
    expect((await b.api(`/domains/${domain}`, 'DELETE')).status).toBe(404);
    expect((await a.api(`/domains/${domain}`, 'DELETE')).status).toBe(204);
    expect((await json(a.api('/invitations', 'POST', { email: `ann@${domain}` }))).error.code).toBe('DOMAIN_NOT_VERIFIED');
  });

  test.each(['localhost', 'a..b.com', '-x.example.com', 'x'.repeat(300) + '.com', '__proto__'])('rejects the domain name %j', async (domain) => {
    const o = await setup();
    expect((await o.api('/domains', 'POST', { domain })).status).toBe(400);
  });

  test('a resolver that fails is a retryable verification failure, never a verified domain', async () => {
    const o = await setup();
    const domain = fresh();
    await addDomain(s.db.db, o.orgId, domain, ctx());
    const failing = { resolveTxt: async () => { throw Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' }); } };
    await expect(verifyDomain(s.db.db, failing, o.orgId, domain, ctx())).rejects.toMatchObject({ code: 'DOMAIN_VERIFICATION_FAILED', lookupError: 'ETIMEOUT' });
  });
});
