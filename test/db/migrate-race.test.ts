// Two (here three) Seatgate processes migrating one empty database at the same moment take turns
// on the migration lock: all succeed and the schema is applied exactly once.
import pg from 'pg';
import { describeWithServer, createEmptyServerDatabase } from '../support/databases.js';
import { runNode } from '../support/processes.js';
import { migrations } from '../../src/db/migrations/index.js';

const latest = Object.keys(migrations).sort().at(-1);

describeWithServer('migrating from several processes at once [postgres]', () => {
  test('concurrent `seatgate migrate` processes all exit 0 and apply each migration once', async () => {
    const database = await createEmptyServerDatabase();
    try {
      const runs = await Promise.all([1, 2, 3].map(() =>
        runNode(['bin/seatgate.js', 'migrate', '--json'], { DATABASE_URL: database.url })));
      for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const reports = runs.map((r) => JSON.parse(r.stdout) as { applied: string[]; current: string });
      expect(reports.map((r) => r.current)).toEqual([latest, latest, latest]);
      expect(reports.flatMap((r) => r.applied).sort()).toEqual(Object.keys(migrations).sort());

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query('select name, count(*)::int as n from seatgate_migrations group by name order by name');
        expect(rows).toEqual(Object.keys(migrations).sort().map((name) => ({ name, n: 1 })));
        const tables = await client.query(`select count(*)::int as n from information_schema.tables where table_name = 'seat_pools'`);
        expect(tables.rows[0].n).toBe(1);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});
