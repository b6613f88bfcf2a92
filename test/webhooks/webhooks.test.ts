// Webhooks in the Standard Webhooks format, from the outbox: verified with the `standardwebhooks`
// package, retried on the schedule after a receiver failure, with a delivery history per
// endpoint, a manual retry, and automatic disabling (with a mail to Owners) after three days of
// failures. The URL passes the SSRF guard.
import { Webhook } from 'standardwebhooks';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ctx, makeOrg, ManualClock } from '../support/fixtures.js';
import { startWebhookReceiver, type TestReceiver } from '../support/webhook-receiver.js';
import { provision } from '../../src/domain/members/provision.js';
import { createApiKey } from '../../src/domain/access/api-keys.js';
import { retryDelayMs, RETRY_SCHEDULE_MS } from '../../src/domain/webhooks/deliveries.js';

describe('the retry schedule', () => {
  test('spans more than 24 hours: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each within ±10 %', () => {
    expect(RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3_600_000);
    expect(RETRY_SCHEDULE_MS.map((_, i) => retryDelayMs(i + 1, () => 0.5))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retryDelayMs(1, () => 0)).toBe(4_500);
    expect(retryDelayMs(1, () => 1)).toBe(5_500);
    expect(retryDelayMs(8)).toBeNull();
  });
});

describeEachDatabase('webhooks', (kind) => {
  let server: TestServer;
  let receiver: TestReceiver;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let key: string;
  const clock = new ManualClock(new Date());
  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/api/v1${path}`, {
    ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
  });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer(kind, { clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const domain = `hooks-${Date.now()}.example.com`;
    org = await makeOrg(server.db.db, { premium: 0, standard: 50 }, { primaryOwnerEmail: `owner@${domain}`, domain });
    key = (await createApiKey(server.db.db, org.org.id, 'owner', 'hooks', clock)).secret;
  });
  afterAll(async () => { await server.stop(); await receiver.stop(); });

  async function endpoint(eventTypes?: string[]) {
    const res = await api('/webhooks', { method: 'POST', body: JSON.stringify({ url: receiver.url, ...(eventTypes ? { eventTypes } : {}) }) });
    expect(res.status).toBe(201);
    return (await res.json()) as { webhook: { id: string }; secret: string };
  }
  const arrive = (name: string) => provision(server.db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `${name}@${org.domain}`, email: `${name}@${org.domain}` } }, ctx('scim', clock));

  test('a delivery verifies with standardwebhooks, and carries the event id as webhook-id', async () => {
    const hook = await endpoint(['member.created']);
    receiver.calls.length = 0;
    const member = await arrive('verified');
    await server.outboxes.runOnce();
    expect(receiver.calls).toHaveLength(1);
    const call = receiver.calls[0]!;
    const payload = new Webhook(hook.secret).verify(call.body, call.headers as Record<string, string>) as { id: string; type: string; data: { member: { id: string } } };
    expect(payload).toMatchObject({ type: 'member.created', data: { member: { id: member.id } } });
    expect(call.headers['webhook-id']).toBe(payload.id);
    expect(() => new Webhook(`whsec_${Buffer.from('another secret entirely!').toString('base64')}`).verify(call.body, call.headers as Record<string, string>)).toThrow();
    await api(`/webhooks/${hook.webhook.id}`, { method: 'DELETE' });
  });

  test('a receiver failure is retried after about 5 s, and the history shows both attempts', async () => {
    const hook = await endpoint(['member.created']);
    receiver.calls.length = 0;
    receiver.failNext(500);
    await arrive('retried');
    await server.outboxes.runOnce();
    expect(receiver.calls).toHaveLength(1);
    await server.outboxes.runOnce();
    expect(receiver.calls).toHaveLength(1);
    clock.advance(6_000);
    await server.outboxes.runOnce();
    expect(receiver.calls).toHaveLength(2);
    expect(receiver.calls[1]!.headers['webhook-id']).toBe(receiver.calls[0]!.headers['webhook-id']);
    const { deliveries } = await (await api(`/webhooks/${hook.webhook.id}/deliveries`)).json();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
    expect(deliveries[0].history.map((h: { statusCode: number }) => h.statusCode)).toEqual([500, 200]);

    const retried = await api(`/webhooks/${hook.webhook.id}/deliveries/${deliveries[0].id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    await server.outboxes.runOnce();
    expect(receiver.calls).toHaveLength(3);
    await api(`/webhooks/${hook.webhook.id}`, { method: 'DELETE' });
  });

  test('an endpoint failing for three days is disabled and the Owners get a mail; enabling it resumes the deliveries', async () => {
    const hook = await endpoint(['member.created']);
    receiver.answerAll(503);
    await arrive('down-1');
    for (let i = 0; i < 12; i++) { await server.outboxes.runOnce(); clock.advance(7 * 3_600_000); await arrive(`down-${i + 2}`); }
    const listed = (await (await api('/webhooks')).json()).webhooks.find((w: { id: string }) => w.id === hook.webhook.id);
    expect(listed).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/three days/) });
    const mails = await server.db.db.selectFrom('alert_deliveries').selectAll().where('org_id', '=', org.org.id).where('channel', '=', 'email').execute();
    expect(mails.map((m) => m.target)).toContain(`owner@${org.domain}`);
    expect(mails.find((m) => m.subject === 'Seatgate disabled a webhook endpoint')?.body).toContain(receiver.url);
    // Disabled: nothing is sent, however long one waits.
    receiver.answerAll(null);
    receiver.calls.length = 0;
    clock.advance(24 * 3_600_000);
    await server.outboxes.runOnce();
    expect(receiver.calls).toHaveLength(0);
    const enabled = await api(`/webhooks/${hook.webhook.id}/enable`, { method: 'POST' });
    expect(await enabled.json()).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
    await server.outboxes.runOnce();
    expect(receiver.calls.length).toBeGreaterThan(0);
  });

  test('a loopback URL is refused unless the operator allows private targets', async () => {
    const strict = await startTestServer(kind, { db: server.db });
    const res = await fetch(`${strict.url}/api/v1/webhooks`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('WEBHOOK_URL_REFUSED');
    await strict.stop();
  });
});
