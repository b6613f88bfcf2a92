import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openDatabase } from '../../src/db/connection.js';

describeEachDatabase('health and readiness', (kind) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(kind); });
  afterAll(async () => { await s?.stop(); });

  test('GET /healthz answers 200 ok', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('GET /readyz answers 200 when the database answers, naming its kind', async () => {
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: kind });
  });

  test('GET /readyz answers 503 with Retry-After once the database is closed, while /healthz still answers', async () => {
    const db: TestDatabase = await createTestDatabase(kind);
    const closing = await startTestServer(kind, { db });
    try {
      await db.close();
      const res = await fetch(`${closing.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ status: 'unavailable', database: kind });
      expect((await fetch(`${closing.url}/healthz`)).status).toBe(200);
    } finally {
      await closing.stop();
    }
  });
});

describe('readiness against an unreachable PostgreSQL server', () => {
  test('GET /readyz answers 503 when nothing listens at DATABASE_URL', async () => {
    const handle = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing', poolMax: 1 });
    const db: TestDatabase = { ...handle, url: null, openAnotherPool: () => { throw new Error('unused'); } };
    const s = await startTestServer('postgres', { db });
    try {
      const res = await fetch(`${s.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', database: 'postgres' });
    } finally {
      await s.stop();
      await handle.close();
    }
  });
});
