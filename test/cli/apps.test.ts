// `seatgate app …`, `keys …` and `webhook …` run in-process through `main`, against an embedded
// database in a temporary DATA_DIR or a fresh PostgreSQL database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ManualClock } from '../support/fixtures.js';
import { main } from '../../src/cli/main.js';
import { loadConfig, type Config } from '../../src/config.js';

describeEachDatabase('seatgate app, keys and webhook commands', (kind) => {
  let config: Readonly<Config>;
  let dataDir: string;
  let server: TestDatabase | undefined;
  const clock = new ManualClock('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-cli-apps-'));
    if (kind === 'postgres') server = await createTestDatabase('postgres', 2);
    config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'https://seatgate.example.com', ...(server?.url ? { DATABASE_URL: server.url } : {}) });
  });
  afterAll(async () => { await server?.close(); fs.rmSync(dataDir, { recursive: true, force: true }); });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, clock, config);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  test('app create shows the client id and the secret once; list never shows a secret; rotate and remove', async () => {
    const created = await cli('app', 'create', '--name', 'Acme Notes', '--redirect-uri', 'https://notes.example.com/cb', '--redirect-uri', 'http://localhost:3001/cb', '--refresh-tokens', '--json');
    expect(created.code).toBe(0);
    const app = JSON.parse(created.out);
    expect(app).toMatchObject({ name: 'Acme Notes', clientId: expect.stringMatching(/^sgapp_/), clientSecret: expect.stringMatching(/^sgcs_[A-Za-z0-9_-]{43}$/),
      redirectUris: ['https://notes.example.com/cb', 'http://localhost:3001/cb'], refreshTokens: true, orgs: null, issuer: 'https://seatgate.example.com' });
    const listed = await cli('app', 'list');
    expect(listed.out).toContain(app.clientId);
    expect(listed.out).not.toContain(app.clientSecret);
    const rotated = JSON.parse((await cli('app', 'rotate-secret', '--client-id', app.clientId, '--json')).out);
    expect(rotated.clientSecret).not.toBe(app.clientSecret);
    expect((await cli('app', 'remove', '--client-id', app.clientId)).code).toBe(0);
    const gone = await cli('app', 'remove', '--client-id', app.clientId, '--json');
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.err).error.code).toBe('APP_NOT_FOUND');
  });

  test('an app limited to an organization that does not exist is refused', async () => {
    const run = await cli('app', 'create', '--name', 'X', '--redirect-uri', 'https://x.example.com/cb', '--org', 'no-such-org', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.err).error.code).toBe('ORG_NOT_FOUND');
  });

  test('keys rotate retires the signing keys, which stay listed for verifying only', async () => {
    const before = JSON.parse((await cli('keys', 'list', '--json')).out);
    expect(before.map((k: { alg: string }) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    const rotation = JSON.parse((await cli('keys', 'rotate', '--json')).out);
    expect(rotation.retired.sort()).toEqual(before.map((k: { kid: string }) => k.kid).sort());
    const after = JSON.parse((await cli('keys', 'list', '--json')).out);
    expect(after.filter((k: { signs: boolean }) => k.signs).map((k: { kid: string }) => k.kid).sort()).toEqual(rotation.created.sort());
    expect(after.filter((k: { signs: boolean }) => !k.signs)).toHaveLength(2);
    clock.advance(2 * 3_600_000);
    expect(JSON.parse((await cli('keys', 'list', '--json')).out)).toHaveLength(2);
  });

  test('webhook create for an app shows its secret once; a private URL is refused', async () => {
    const app = JSON.parse((await cli('app', 'create', '--name', 'Hooks', '--redirect-uri', 'https://h.example.com/cb', '--json')).out);
    const refused = await cli('webhook', 'create', '--app', app.clientId, '--url', 'http://127.0.0.1:9/hook', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.err).error.code).toBe('WEBHOOK_URL_REFUSED');
    const made = await cli('webhook', 'create', '--app', app.clientId, '--url', 'https://93.184.215.14/hook', '--event', 'member.created', '--json');
    expect(made.code).toBe(0);
    const hook = JSON.parse(made.out);
    expect(hook).toMatchObject({ appId: app.id, eventTypes: ['member.created'], secret: expect.stringMatching(/^whsec_/) });
    expect((await cli('webhook', 'list')).out).not.toContain(hook.secret);
    expect((await cli('webhook', 'remove', '--id', hook.id)).code).toBe(0);
  });
});
