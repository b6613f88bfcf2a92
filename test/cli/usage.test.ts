// The CLI as a well-behaved Unix tool, for every command in the registry: bad or missing
// arguments exit 2 with the command's usage on stderr (JSON with --json), before the database is
// opened (the DATA_DIR is never created); `--help` explains every option; `--version` works.
// The generic cases are derived from each command's declared options and its example, so a
// command added later is covered too; the named cases below check each command's own rules.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { readArguments } from '../../src/cli/arguments.js';
import { parseWhen } from '../../src/cli/commands/logs.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../support/fixtures.js';

interface Run { code: number; out: string; err: string }

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-usage-'));
const dataDir = path.join(root, 'never-created');
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
afterAll(() => { fs.rmSync(root, { recursive: true, force: true }); });

async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, new ManualClock('2026-03-01T00:00:00Z'), config);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The argv without option `name` (and its value). */
function without(argv: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) { if (!argv[i + 1]?.startsWith('--')) i++; continue; }
    out.push(argv[i]!);
  }
  return out;
}

const NUMERIC = new Set(['N', 'MINOR', 'PORT']);
const generic: Array<[string, string, string[]]> = [];
for (const c of COMMANDS) {
  const name = c.words.join(' ');
  const ex = c.example;
  generic.push([name, 'an unknown option', [...ex, '--no-such-option']]);
  generic.push([name, 'a stray argument', [...ex, 'stray']]);
  for (const [opt, spec] of Object.entries(c.options)) {
    if (spec.required) generic.push([name, `no --${opt}`, without(ex, opt)]);
    if (spec.type === 'boolean') generic.push([name, `--${opt}=yes`, [...ex, `--${opt}=yes`]]);
    if (spec.type === 'string') {
      generic.push([name, `--${opt} without its value`, [...without(ex, opt), `--${opt}`]]);
      generic.push([name, `an empty --${opt}`, [...without(ex, opt), `--${opt}=`]]);
      if (!spec.multiple) generic.push([name, `--${opt} twice`, [...without(ex, opt), `--${opt}`, 'x', `--${opt}`, 'y']]);
    }
    if (spec.value && NUMERIC.has(spec.value)) {
      for (const bad of ['-1', '1.5', 'ten', '1e3']) generic.push([name, `--${opt} ${bad}`, [...without(ex, opt), `--${opt}`, bad]]);
    }
  }
}

const named: Array<[string, string[], RegExp]> = [
  ['a tier that does not exist', ['seats', 'add', '--org', 'acme', '--tier', 'gold', '--count', '1'], /--tier must be premium or standard, not "gold"/],
  ['a zero count', ['seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '0'], /--count must be a whole number from 1/],
  ['a negative count, in plain words', ['seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '-5'], /--count must be a whole number from 1 to \d+, not "-5"/],
  ['complimentary seats with a preview', ['seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '1', '--complimentary', '--preview'], /--complimentary/],
  ['an idempotency key with a space', ['seats', 'add', '--org', 'acme', '--tier', 'premium', '--count', '1', '--idempotency-key', 'a b'], /--idempotency-key must be 1 to 255 visible/],
  ['an outcome that does not exist', ['logs', '--org', 'acme', '--outcome', 'maybe'], /--outcome must be success or rejected/],
  ['an event type that does not exist', ['logs', '--org', 'acme', '--event', 'seat.stolen'], /--event seat\.stolen is not one of/],
  ['a --since that is not a time', ['logs', '--org', 'acme', '--since', 'yesterday'], /--since must be an ISO date/],
  ['a --limit of 0', ['logs', '--org', 'acme', '--limit', '0'], /--limit must be a whole number from 1 to 1000/],
  ['a --limit above the page size', ['logs', '--org', 'acme', '--limit', '5000'], /--limit must be a whole number from 1 to 1000, not 5000/],
  ['a slug with spaces', ['org', 'create', '--name', 'X', '--slug', 'Bad Slug', '--domain', 'x.example', '--standard', '1', '--premium', '1'], /--slug "Bad Slug" must be lower-case/],
  ['a domain that is no domain', ['org', 'create', '--name', 'X', '--domain', 'not_a_domain', '--standard', '1', '--premium', '1'], /--domain "not_a_domain" is not a domain name/],
  ['a primary owner that is no email', ['org', 'create', '--name', 'X', '--domain', 'x.example', '--standard', '1', '--premium', '1', '--primary-owner', 'boss'], /--primary-owner must be an email address/],
  ['too many seats', ['org', 'create', '--name', 'X', '--domain', 'x.example', '--standard', '2000000', '--premium', '1'], /--standard must be a whole number from 0 to 1000000/],
  ['a name over 200 characters', ['org', 'create', '--name', 'x'.repeat(201), '--domain', 'x.example', '--standard', '1', '--premium', '1'], /--name must be at most 200/],
  ['a role that does not exist', ['api-key', 'create', '--org', 'acme', '--role', 'superuser'], /--role must be owner or admin, not "superuser"/],
  ['a start date that does not exist', ['contract', 'set', '--org', 'acme', '--start', '2026-02-30', '--price-standard', '1', '--price-premium', '1', '--currency', 'EUR'], /--start must be a date as YYYY-MM-DD/],
  ['a currency that does not exist', ['contract', 'set', '--org', 'acme', '--start', '2026-03-01', '--price-standard', '1', '--price-premium', '1', '--currency', 'EURO'], /--currency must be an ISO 4217/],
  ['a price with decimals', ['contract', 'set', '--org', 'acme', '--start', '2026-03-01', '--price-standard', '99.00', '--price-premium', '1', '--currency', 'EUR'], /--price-standard must be a whole number of minor units/],
  ['initial standard seats without premium ones', ['contract', 'set', '--org', 'acme', '--start', '2026-03-01', '--price-standard', '1', '--price-premium', '1', '--currency', 'EUR', '--standard', '3'], /give both --standard and --premium/],
  ['a metadata file that does not exist', ['sso', 'add-saml', '--org', 'acme', '--metadata', path.join(root, 'missing.xml')], /--metadata: cannot read the file .*missing\.xml \(ENOENT\)/],
  ['a signing rule that does not exist', ['sso', 'add-saml', '--org', 'acme', '--metadata', 'https://idp.example/md', '--signed', 'maybe'], /--signed must be assertion, response or both/],
  ['an issuer that is no URL', ['sso', 'add-oidc', '--org', 'acme', '--issuer', 'login.example.com', '--client-id', 'a', '--client-secret', 'b'], /--issuer must be a URL/],
  ['an issuer that is not http(s)', ['sso', 'add-oidc', '--org', 'acme', '--issuer', 'ftp://login.example.com', '--client-id', 'a', '--client-secret', 'b'], /--issuer must be an https URL/],
  ['scopes without openid', ['sso', 'add-oidc', '--org', 'acme', '--issuer', 'https://login.example.com', '--client-id', 'a', '--client-secret', 'b', '--scopes', 'email profile'], /--scopes must include openid/],
  ['a port out of range', ['demo', '--port', '70000'], /--port must be a whole number from 1 to 65535/],
  ['an invoice limit out of range', ['invoices', 'list', '--org', 'acme', '--limit', '501'], /--limit must be a whole number from 1 to 500/],
];

describe('seatgate CLI usage', () => {
  test('every command has an example that its own parser accepts', () => {
    for (const c of COMMANDS) {
      expect(c.example.slice(0, c.words.length)).toEqual(c.words);
      const values = readArguments(c.example.slice(c.words.length), c.options);
      expect(() => c.parse?.(values)).not.toThrow();
    }
  });

  test.each(generic)('%s refuses %s: exit 2, the usage on stderr, nothing opened', async (name, _what, argv) => {
    const run = await cli(...argv);
    expect({ code: run.code, out: run.out }).toEqual({ code: 2, out: '' });
    expect(run.err).toMatch(new RegExp(`^seatgate: [^\\n]+\\nusage: seatgate ${name} `));
    expect(run.err).not.toMatch(/ambiguous|ERR_PARSE_ARGS/);
    const json = await cli(...argv, '--json');
    expect(json.code).toBe(2);
    const { error } = JSON.parse(json.err);
    expect(error).toEqual({ code: 'USAGE', message: expect.any(String), usage: expect.stringMatching(new RegExp(`^seatgate ${name} `)) });
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test.each(named)('refuses %s with a sentence naming the option', async (_what, argv, message) => {
    const run = await cli(...argv);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toMatch(message);
    expect(run.err).toMatch(new RegExp(`\\nusage: seatgate ${argv[0]} `));
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test.each(COMMANDS.map((c) => [c.words.join(' '), c] as const))('`%s --help` explains every option and exits 0', async (name, c) => {
    for (const argv of [[...c.words, '--help'], [...c.words, '-h'], ['help', ...c.words], [...c.example, '--help']]) {
      const run = await cli(...argv);
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
      expect(run.out).toMatch(new RegExp(`^usage: seatgate ${name}`));
      for (const [opt, spec] of Object.entries(c.options)) {
        expect(run.out).toContain(`--${opt}`);
        expect(run.out).toContain(spec.help);
      }
      expect(run.out).toMatch(/--json/);
      expect(run.out).toMatch(/Exit status: 0 done; 1 refused/);
    }
  });

  test('--help lists every command; --version prints the package version', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.out).toContain(`  ${c.words.join(' ')} `);
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await cli('--version')).toEqual({ code: 0, out: `seatgate ${pkg.version}`, err: '' });
    expect((await cli('-V')).out).toBe(`seatgate ${pkg.version}`);
    expect((await cli('help')).code).toBe(0);
  });

  test('no command, an unknown one or a bare group exits 2 with the list on stderr', async () => {
    const none = await cli();
    expect({ code: none.code, out: none.out }).toEqual({ code: 2, out: '' });
    expect(none.err).toMatch(/^usage: seatgate <command>/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^seatgate: unknown command "frobnicate"/);
    const group = await cli('sso');
    expect(group.code).toBe(2);
    expect(group.err).toMatch(/^seatgate: "sso" needs one of: add-saml, add-oidc, update-oidc, list, remove/);
    expect((await cli('sso', '--help')).code).toBe(0);
    expect(JSON.parse((await cli('frobnicate', '--json')).err).error.code).toBe('USAGE');
    expect(JSON.parse((await cli('--json', 'seats', 'show')).err).error).toMatchObject({ code: 'USAGE', message: '--org is required' });
    expect((await cli('help', 'frobnicate')).code).toBe(2);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test('a value may start with a dash when it is one (--name=-x), and a bad configuration is a code too', async () => {
    const run = await cli('org', 'create', '--name', 'X', '--domain', 'x.example', '--standard=-1', '--premium', '0');
    expect(run.err.split('\n')[0]).toBe('seatgate: --standard must be a whole number from 0 to 1000000, not "-1"');
    const out: string[] = [];
    const err: string[] = [];
    const prev = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      const code = await main(['org', 'list', '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) });
      expect({ code, error: JSON.parse(err.join('\n')).error.code }).toEqual({ code: 2, error: 'CONFIG_INVALID' });
    } finally {
      if (prev === undefined) delete process.env.PORT; else process.env.PORT = prev;
    }
  });

  test('a database that cannot be reached is STORAGE_UNAVAILABLE with the reason, exit 1', async () => {
    const err: string[] = [];
    const unreachable = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere', LOG_LEVEL: 'silent' });
    const code = await main(['org', 'list', '--json'], { out: () => {}, err: (s) => err.push(s) }, undefined, unreachable);
    expect({ code, error: JSON.parse(err.join('\n')).error }).toEqual({
      code: 1, error: { code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/unavailable.*ECONNREFUSED/) },
    });
  });

  test.each([
    ['30m', '2026-03-01T11:30:00.000Z'], ['24h', '2026-02-28T12:00:00.000Z'], ['7d', '2026-02-22T12:00:00.000Z'],
    ['2026-02-01', '2026-02-01T00:00:00.000Z'], ['2026-02-01T08:00:00+01:00', '2026-02-01T07:00:00.000Z'],
  ])('--since %s means %s', (raw, iso) => {
    expect(parseWhen(raw, new Date('2026-03-01T12:00:00Z'), 'since').toISOString()).toBe(iso);
  });
});
