// Liveness (/healthz: the process serves requests) and readiness (/readyz: the database answers).
import { Router } from 'express';
import { sql, type Kysely } from 'kysely';

export function healthRoutes(db: Kysely<any>, kind: string): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  router.get('/readyz', async (req, res) => {
    try {
      await withTimeout(sql`select 1`.execute(db), 2000);
      res.json({ status: 'ready', database: kind });
    } catch (err) {
      req.log?.warn({ err }, 'readiness check failed');
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable', database: kind });
    }
  });
  return router;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}
