// The webhook outbox across processes: two Seatgate servers on one PostgreSQL database send the
// deliveries of 60 events to a slow receiver; one of them is killed with SIGKILL mid-send. Nothing
// is lost (every delivery ends delivered, every event reaches the receiver), and only what was in
// flight at the kill is sent twice (always with the same webhook-id).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWithServer, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startNode, waitForOutput } from '../support/processes.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { provision } from '../../src/domain/members/provision.js';
import { createEndpoint } from '../../src/domain/webhooks/endpoints.js';

describeWithServer('webhooks survive a kill -9 of the sending process [postgres, two processes]', () => {
  let db: TestDatabase;
  let receiver: Server;
  let url: string;
  const received: string[] = [];
  const servers: Array<ReturnType<typeof startNode>> = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres', 4);
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['webhook-id']));
        setTimeout(() => { res.statusCode = 200; res.end(); }, 300);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    for (let i = 0; i < 2; i++) {
      const child = startNode(['dist/main.js'], {
        DATABASE_URL: db.url!, PORT: '0', HOST: '127.0.0.1', DATABASE_POOL_MAX: '4', RENEWAL_INTERVAL_SECONDS: '0', ALERT_INTERVAL_SECONDS: '0',
        OUTBOX_INTERVAL_MS: '100', WEBHOOK_TIMEOUT_SECONDS: '2', WEBHOOK_ALLOW_PRIVATE: 'true',
      });
      servers.push(child);
      await waitForOutput(child, /listening on http/, 150_000);
    }
  }, 300_000);
  afterAll(async () => {
    for (const child of servers) { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); await child.finished; } }
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
    await db?.close();
  });

  test('every event is delivered; only deliveries in flight at the kill are sent twice', async () => {
    const org = await makeOrg(db.db, { premium: 0, standard: 100 });
    const hook = await createEndpoint(db.db, { orgId: org.org.id }, { url, eventTypes: ['member.created', 'seat.claimed'] }, new Date());
    for (let i = 0; i < 30; i++) await provision(db.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `k${i}@${org.domain}`, email: `k${i}@${org.domain}` } }, ctx('scim'));
    const deadline = Date.now() + 20_000;
    while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    servers[0]!.kill('SIGKILL');
    await servers[0]!.finished;
    const beforeKill = new Set(received);

    const events = await db.db.selectFrom('webhook_deliveries').select('event_id').where('endpoint_id', '=', hook.endpoint.id).execute();
    expect(events).toHaveLength(60);
    const end = Date.now() + 60_000;
    for (;;) {
      const pending = await db.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', hook.endpoint.id).where('status', '<>', 'delivered').execute();
      if (pending.length === 0) break;
      if (Date.now() > end) throw new Error(`${pending.length} deliveries still not delivered`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ids = new Set(received);
    expect(events.every((e) => ids.has(e.event_id))).toBe(true);
    const counts = new Map<string, number>();
    for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.every((id) => beforeKill.has(id) && counts.get(id) === 2)).toBe(true);
  }, 120_000);
});
