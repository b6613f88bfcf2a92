import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { createTestSamlIdp } from '../support/saml-idp.js';
import { startFakeOp, type FakeOp } from '../support/oidc-fake-op.js';

describe('seatgate sso', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-sso-cli-'));
  const idp = createTestSamlIdp();
  const metadataFile = path.join(dir, 'idp-metadata.xml');
  let metadataServer: Server;
  let metadataUrl: string;
  let op: FakeOp;
  let closedPort: number;
  let mismatchServer: Server;
  let mismatchUrl: string;

  async function run(args: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...args, '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) }, undefined,
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SSO_FETCH_ALLOW_PRIVATE: 'true', ...env }));
    return { code, json: out.length ? JSON.parse(out.join('\n')) : null, error: err.length ? JSON.parse(err.join('\n')).error : null };
  }

  beforeAll(async () => {
    fs.writeFileSync(metadataFile, idp.metadataXml(['idp', 'idp-next']));
    metadataServer = createServer((_req, res) => res.end(idp.metadataXml(['idp'])));
    await new Promise<void>((r) => metadataServer.listen(0, '127.0.0.1', () => r()));
    metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata`;
    op = await startFakeOp('cli-client');
    // A port nobody listens on: bound, read, closed.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    mismatchServer = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ issuer: 'https://other.example.com' })); });
    await new Promise<void>((r) => mismatchServer.listen(0, '127.0.0.1', () => r()));
    mismatchUrl = `http://127.0.0.1:${(mismatchServer.address() as AddressInfo).port}`;
    expect((await run(['org', 'create', '--name', 'Acme', '--slug', 'acme', '--domain', 'acme.example', '--standard', '2', '--premium', '1'])).code).toBe(0);
  });
  afterAll(async () => {
    await new Promise<void>((r) => metadataServer.close(() => r()));
    await new Promise<void>((r) => mismatchServer.close(() => r()));
    await op.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('add-saml reads IdP metadata from a file, keeping both certificates of a rotation, and prints what to give the IdP', async () => {
    const { code, json } = await run(['sso', 'add-saml', '--org', 'acme', '--metadata', metadataFile]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ kind: 'saml', saml: { idpEntityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: 2, allowIdpInitiated: false } });
    expect(json.sp.acsUrl).toMatch(new RegExp(`/sso/saml/${json.id}/acs$`));
    // The test certificates are valid for 100 years: their expiry is listed for rotation planning.
    expect(json.saml.certificatesExpire).toHaveLength(2);
    expect(Date.parse(json.saml.certificatesExpire[0])).toBeGreaterThan(Date.now() + 50 * 365 * 86_400_000);
  });

  test('add-saml fetches metadata from a URL when private targets are allowed', async () => {
    expect((await run(['sso', 'add-saml', '--org', 'acme', '--metadata', metadataUrl])).code).toBe(0);
  });

  test('add-saml refuses a loopback metadata URL when the operator has not allowed it', async () => {
    const { code, error } = await run(['sso', 'add-saml', '--org', 'acme', '--metadata', metadataUrl], { SSO_FETCH_ALLOW_PRIVATE: 'false' });
    expect({ code, error: error.code }).toEqual({ code: 1, error: 'SSO_FETCH_REFUSED' });
  });

  test('add-saml refuses SP metadata or garbage with a clear error', async () => {
    const bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(bad, '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>');
    const { code, error } = await run(['sso', 'add-saml', '--org', 'acme', '--metadata', bad]);
    expect({ code, error: error.code }).toEqual({ code: 1, error: 'INVALID_INPUT' });
  });

  test('add-oidc checks discovery and never lists the client secret', async () => {
    const added = await run(['sso', 'add-oidc', '--org', 'acme', '--issuer', op.issuer, '--client-id', 'cli-client', '--client-secret', 'super-secret-value']);
    expect(added.code).toBe(0);
    expect(added.json.rp.redirectUri).toMatch(/\/callback$/);
    const listed = await run(['sso', 'list', '--org', 'acme']);
    expect(listed.json.map((c: { kind: string }) => c.kind)).toEqual(['saml', 'saml', 'oidc']);
    expect(JSON.stringify(listed.json)).not.toContain('super-secret-value');
  });

  test('add-oidc fails when the issuer has no discovery document', async () => {
    const { code, error } = await run(['sso', 'add-oidc', '--org', 'acme', '--issuer', `${op.issuer}/nowhere`, '--client-id', 'x', '--client-secret', 'y']);
    expect({ code, error: error.code }).toEqual({ code: 1, error: 'OIDC_IDP_UNREACHABLE' });
    expect(error.message).toMatch(/answered HTTP 404/);
  });

  // docs/sso-setup.md promises these codes; each failure names why, never "something went wrong".
  test.each([
    ['an unreachable issuer', () => [`http://127.0.0.1:${closedPort}`], {}, 'OIDC_IDP_UNREACHABLE', /connection was refused/],
    ['a plain-http issuer', () => ['http://login.example.com'], { SSO_FETCH_ALLOW_PRIVATE: 'false' }, 'SSO_FETCH_REFUSED', /only https URLs/],
    ['a loopback issuer', () => [`https://127.0.0.1:${closedPort}`], { SSO_FETCH_ALLOW_PRIVATE: 'false' }, 'SSO_FETCH_REFUSED', /private or loopback/],
    ['an issuer whose document names another', () => [mismatchUrl], {}, 'OIDC_ISSUER_MISMATCH', /names another issuer/],
  ] as Array<[string, () => string[], Record<string, string>, string, RegExp]>)('add-oidc refuses %s with its code and a reason', async (_what, issuer, env, code, reason) => {
    const r = await run(['sso', 'add-oidc', '--org', 'acme', '--issuer', ...issuer(), '--client-id', 'x', '--client-secret', 'y'], env);
    expect({ code: r.code, error: r.error.code }).toEqual({ code: 1, error: code });
    expect(r.error.message).toMatch(reason);
  });

  test.each([
    ['unreachable', () => `http://127.0.0.1:${closedPort}/metadata`, /connection was refused/],
    ['answering 404', () => `${op.issuer}/no-metadata`, /answered HTTP 404/],
  ])('add-saml refuses a metadata URL that is %s with SAML_METADATA_UNREACHABLE', async (_what, url, reason) => {
    const r = await run(['sso', 'add-saml', '--org', 'acme', '--metadata', url()]);
    expect({ code: r.code, error: r.error.code }).toEqual({ code: 1, error: 'SAML_METADATA_UNREACHABLE' });
    expect(r.error.message).toMatch(reason);
  });

  test('update-oidc changes the client secret (never printing it) and raises the connection version', async () => {
    const [oidc] = (await run(['sso', 'list', '--org', 'acme'])).json.filter((c: { kind: string }) => c.kind === 'oidc');
    const updated = await run(['sso', 'update-oidc', '--org', 'acme', '--id', oidc.id, '--client-secret', 'rotated-secret-value']);
    expect(updated.code).toBe(0);
    expect(updated.json).toMatchObject({ id: oidc.id, kind: 'oidc', oidc: { clientId: 'cli-client' } });
    expect(JSON.stringify(updated.json)).not.toContain('rotated-secret-value');
    const { openDatabase } = await import('../../src/db/connection.js');
    const handle = await openDatabase({ dataDir: dir });
    try {
      const row = await handle.db.selectFrom('sso_connections').select(['oidc_client_secret', 'version']).where('id', '=', oidc.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ oidc_client_secret: 'rotated-secret-value', version: 2 });
    } finally {
      await handle.close();
    }
  });

  test('update-oidc needs something to change, and an OIDC connection of that org', async () => {
    const [oidc] = (await run(['sso', 'list', '--org', 'acme'])).json.filter((c: { kind: string }) => c.kind === 'oidc');
    expect((await run(['sso', 'update-oidc', '--org', 'acme', '--id', oidc.id])).code).toBe(2);
    const [samlConn] = (await run(['sso', 'list', '--org', 'acme'])).json.filter((c: { kind: string }) => c.kind === 'saml');
    const wrongKind = await run(['sso', 'update-oidc', '--org', 'acme', '--id', samlConn.id, '--client-secret', 'x']);
    expect({ code: wrongKind.code, error: wrongKind.error.code }).toEqual({ code: 1, error: 'SSO_CONNECTION_NOT_FOUND' });
  });

  test('remove deletes a connection; removing an unknown one is an error', async () => {
    const [first] = (await run(['sso', 'list', '--org', 'acme'])).json;
    expect((await run(['sso', 'remove', '--org', 'acme', '--id', first.id])).code).toBe(0);
    const again = await run(['sso', 'remove', '--org', 'acme', '--id', first.id]);
    expect({ code: again.code, error: again.error.code }).toEqual({ code: 1, error: 'SSO_CONNECTION_NOT_FOUND' });
  });
});
