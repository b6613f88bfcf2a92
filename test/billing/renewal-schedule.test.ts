import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ManualClock } from '../support/fixtures.js';
import { orgWithContract } from './support.js';
import { startRenewalSchedule } from '../../src/schedule/renewal-schedule.js';
import { createLogger } from '../../src/logger.js';
import { getCurrentContract } from '../../src/domain/billing/contracts.js';

describe('renewal schedule in the server process', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase('pglite'); });
  afterAll(async () => { await t?.close(); });

  test('renews a due contract on its own, and stop() waits for the run in progress', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const { org } = await orgWithContract(t.db, { standard: 2, premium: 0 }, clock, { autoRenew: true });
    clock.set('2027-01-01T00:00:00Z');
    const schedule = startRenewalSchedule({ db: t.db, clock, logger: createLogger('silent'), intervalMs: 10, firstRunMs: 0 });
    let termStart = '';
    for (let i = 0; i < 500 && termStart !== '2027-01-01'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      termStart = (await getCurrentContract(t.db, org.id)).termStart;
    }
    await schedule.stop();
    expect(termStart).toBe('2027-01-01');
    const invoices = await t.db.selectFrom('invoices').select('kind').where('org_id', '=', org.id).execute();
    expect(invoices).toEqual([{ kind: 'renewal' }]);
  });
});
