// The tier catalogue file is validated once at start-up: a bad file is refused with one line that
// names the file and the problem, and the process stops (exit 2, as for any configuration error).
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_TIERS_FILE, loadConfig, readTierCatalogue } from '../../src/config.js';
import { parseCatalogue } from '../../src/domain/seats/catalogue.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bad = (name: string) => path.join(here, 'catalogues', 'bad', name);

describe('tier catalogue file', () => {
  test('the shipped file holds today\'s two tiers, premium first, with today\'s entitlements', () => {
    const c = loadConfig({}).tiers;
    expect(c.keys).toEqual(['premium', 'standard']);
    expect(c.tiers.map((t) => [t.key, t.name])).toEqual([['premium', 'Premium'], ['standard', 'Standard']]);
    expect(c.tiers[0]!.entitlements).toEqual({ features: ['chat', 'documents', 'coding-assistant', 'priority-support'], limits: { requestsPerDay: 5000, storageGb: 100 } });
    expect(c.tiers[1]!.entitlements).toEqual({ features: ['chat', 'documents'], limits: { requestsPerDay: 500, storageGb: 10 } });
    expect(c.features['coding-assistant']).toBe('Coding assistant');
    expect(path.relative(path.join(here, '..', '..'), DEFAULT_TIERS_FILE)).toBe(path.join('config', 'tiers.json'));
  });

  test('TIERS_FILE points at another catalogue', () => {
    expect(loadConfig({ TIERS_FILE: path.join(here, 'catalogues', 'three-tiers.json') }).tiers.keys).toEqual(['premium', 'standard', 'basic']);
  });

  test.each([
    ['missing.json', /must be a readable file/],
    ['not-json.json', /must be JSON/],
    ['no-tiers.json', /tiers must name at least one tier/],
    ['bad-key.json', /tiers\[0\]\.key must be 1 to 32 lower-case letters/],
    ['duplicate-key.json', /tiers\[1\]\.key names the tier "a" a second time/],
    ['reserved-key.json', /tiers\[1\]\.key must not be "highest", which means any tier/],
    ['unknown-feature.json', /tiers\[0\]\.features\[0\] names the feature "teleport", which "features" does not define/],
    ['negative-limit.json', /tiers\[0\]\.limits\.requestsPerDay /],
    ['unknown-field.json', /tiers\[0\] has an unknown field "price"/],
  ])('refuses %s with one line naming the file and the problem', (file, problem) => {
    let caught: unknown;
    try { readTierCatalogue(bad(file)); } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toMatch(/^Configuration error: TIERS_FILE ".*" /);
    expect(message).toContain(file);
    expect(message).toMatch(problem);
    expect(message).not.toContain('\n');
  });

  test('a catalogue is frozen: nothing at run time can change the tiers', () => {
    const c = parseCatalogue({ tiers: [{ key: 'a', name: 'A', features: [], limits: { requestsPerDay: 1, storageGb: 1 } }], features: {} });
    expect(Object.isFrozen(c.tiers)).toBe(true);
    expect(Object.isFrozen(c.tiers[0]!.entitlements.features)).toBe(true);
  });

  test('the built service refuses to start with a bad catalogue: one line on stderr, exit 2', () => {
    const main = path.join(here, '..', '..', 'dist', 'main.js');
    const run = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', TIERS_FILE: bad('duplicate-key.json'), DATA_DIR: path.join(here, 'never-opened') }, encoding: 'utf8', timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Configuration error: TIERS_FILE ".*duplicate-key\.json" is not a valid tier catalogue: tiers\[1\]\.key names the tier "a" a second time$/)]);
  });
});
