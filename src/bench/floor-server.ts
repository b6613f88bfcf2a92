// The floor of the `floor` suite, run as its own process: express 5 + node-postgres with one
// indexed SELECT per `userName eq` lookup and one INSERT per create, answering SCIM-shaped JSON.
// No authentication, no seat, no log rows, no validation: the least an HTTP + PostgreSQL service
// on this stack can do for the same request. Usage: node floor-server.js <postgres-url> <pool-max>;
// prints "floor listening on <port>".
import express from 'express';
import pg from 'pg';

const FILTER = /^userName eq "((?:[^"\\]|\\.)*)"$/i;

async function main(): Promise<void> {
  const [url, poolMax] = process.argv.slice(2);
  if (!url) throw new Error('usage: floor-server <postgres-url> [pool-max]');
  const pool = new pg.Pool({ connectionString: url, max: Number(poolMax ?? 20) });
  pool.on('error', () => {});
  await pool.query(`create table if not exists floor_users (
    id uuid primary key default gen_random_uuid(), org_id uuid not null, user_name text not null,
    body jsonb not null, created_at timestamptz not null default now())`);
  await pool.query('create unique index if not exists floor_users_user_name on floor_users (org_id, lower(user_name))');
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ type: () => true }));
  app.get('/orgs/:org/Users', async (req, res) => {
    const m = FILTER.exec(String(req.query.filter ?? ''));
    if (!m) { res.status(400).json({ detail: 'userName eq only' }); return; }
    const { rows } = await pool.query('select id, user_name, body, created_at from floor_users where org_id = $1 and lower(user_name) = lower($2)',
      [req.params.org, m[1]]);
    res.type('application/scim+json').send(JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: rows.length, startIndex: 1, itemsPerPage: rows.length,
      Resources: rows.map((r) => ({ ...r.body, id: r.id, userName: r.user_name, meta: { resourceType: 'User', created: r.created_at } })),
    }));
  });
  app.post('/orgs/:org/Users', async (req, res) => {
    const body = req.body as { userName?: string };
    try {
      const { rows } = await pool.query('insert into floor_users (org_id, user_name, body) values ($1, $2, $3) returning id, created_at',
        [req.params.org, body.userName, body]);
      res.status(201).type('application/scim+json').send(JSON.stringify({ ...body, id: rows[0].id, meta: { resourceType: 'User', created: rows[0].created_at } }));
    } catch (err) {
      res.status((err as { code?: string }).code === '23505' ? 409 : 500).json({ detail: (err as Error).message });
    }
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`floor listening on ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => { server.close(); void pool.end().then(() => process.exit(0)); });
}

main().catch((err) => { console.error(err); process.exit(1); });
