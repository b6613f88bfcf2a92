// A deployment that sells one tier: every arrival takes it, there is nothing to upgrade to, and a
// database that still holds seats of tiers the catalogue dropped refuses to start.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ctx, makeOrg } from '../support/fixtures.js';
import { readTierCatalogue, DEFAULT_TIERS_FILE } from '../../src/config.js';
import { installCatalogue } from '../../src/domain/seats/catalogue.js';
import { syncTiersWithCatalogue } from '../../src/domain/seats/tier-sync.js';
import { provision } from '../../src/domain/members/provision.js';
import { addSeats, seatCounts } from '../../src/domain/seats/allocator.js';
import { setContract } from '../../src/domain/billing/contracts.js';
import { previewSeatChange } from '../../src/domain/billing/seat-changes.js';
import { systemClock } from '../../src/domain/clock.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ONE_TIER = readTierCatalogue(path.join(here, 'catalogues', 'one-tier.json'));
const TWO_TIERS = readTierCatalogue(DEFAULT_TIERS_FILE);

describeEachDatabase('one tier from the catalogue', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(kind); });
  afterAll(async () => { await t?.close(); });
  afterEach(() => installCatalogue(TWO_TIERS));

  test('every arrival takes the one tier; an upgrade has nowhere to go', async () => {
    installCatalogue(ONE_TIER);
    const org = await makeOrg(t.db, { team: 2 });
    expect(await seatCounts(t.db, org.org.id)).toEqual({ team: { purchased: 2, claimed: 0 } });
    const m = await provision(t.db, { path: 'scim', active: true, fields: { orgId: org.org.id, userName: `a@${org.domain}`, email: `a@${org.domain}` } }, ctx('scim'));
    expect(m.seat_tier).toBe('team');
    await setContract(t.db, org.org.id, { termStart: '2026-01-01', autoRenew: true, currency: 'EUR', prices: { team: 5000 } }, ctx('cli'));
    await expect(previewSeatChange(t.db, org.org.id, { upgrade: { count: 1 } }, systemClock)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'upgrade.from' });
    const preview = await previewSeatChange(t.db, org.org.id, { add: { team: 1 } }, systemClock);
    expect(preview.invoice.lines).toMatchObject([{ kind: 'seat_purchase', tier: 'team', quantity: 1, unitAmount: 5000 }]);
    await expect(makeOrg(t.db, { premium: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'seats' });
  });

  test('start-up refuses a catalogue that drops a tier the database still uses, and names it', async () => {
    installCatalogue(TWO_TIERS);
    const org = await makeOrg(t.db, { standard: 1 });
    await t.db.transaction().execute((tx) => addSeats(tx, org.org.id, 'premium', 1, ctx('cli')));
    await expect(syncTiersWithCatalogue(t.db, ONE_TIER)).rejects.toMatchObject({
      code: 'TIER_NOT_IN_CATALOGUE', tiers: expect.arrayContaining(['premium']),
      message: expect.stringMatching(/^The database has .* of the tier\(s\) .*"premium".*which the tier catalogue does not name/),
    });
  });
});
