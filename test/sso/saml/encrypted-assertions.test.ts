// Encrypted SAML assertions (Okta and Entra offer them): a real samlify IdP signs and then
// encrypts to the certificate Seatgate publishes in its SP metadata; Seatgate decrypts with
// SAML_SP_DECRYPTION_KEY_FILE. Every signature and wrapping rule still holds for the decrypted
// assertion, and each hostile case asserts its refusal CODE.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../../support/saml-flow.js';
import { ENCRYPTION, readKey, sealAssertion, type ResponseOptions } from '../../support/saml-idp.js';
import { listEvents } from '../../../src/domain/log/provisioning-log.js';

const keys = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'keys');
const DECRYPTION_ENV = { SAML_SP_DECRYPTION_KEY_FILE: `${keys}/sp-encryption.key`, SAML_SP_DECRYPTION_CERT_FILE: `${keys}/sp-encryption.crt` };
const bare = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

describe('encrypted SAML assertions (SAML_SP_DECRYPTION_KEY_FILE set)', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  let responseSigned: SamlSetup;
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer('pglite', { env: DECRYPTION_ENV });
    org = await makeOrg(server.db.db, { premium: 10, standard: 10 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
    responseSigned = await addTestSamlConnection(server.db.db, server.url, org.org.id, { wantAssertionsSigned: false, wantResponseSigned: true });
  });
  afterAll(() => server.stop());

  async function signIn(setup: SamlSetup, build: (requestId: string, who: { email: string; nameId: string }) => Promise<string> | string) {
    const who = { email: `enc${++n}@${org.domain}`, nameId: `enc-${n}` };
    const { requestId } = await startSamlLogin(server.url, setup.conn.id);
    return { who, out: await postToAcs(server.url, setup.conn.id, await build(requestId, who)) };
  }
  const respond = (setup: SamlSetup, requestId: string, who: { email: string; nameId: string }, more: Omit<ResponseOptions, 'spMetadata'> = {}) =>
    setup.idp.respond({ spMetadata: setup.spMetadata, inResponseTo: requestId, ...who, ...more });

  test('the SP metadata publishes the encryption certificate and the algorithms Seatgate accepts', () => {
    const descriptor = /<KeyDescriptor use="encryption">[\s\S]*?<\/KeyDescriptor>/.exec(saml.spMetadata)?.[0] ?? '';
    expect(bare(descriptor)).toContain(bare(readKey('sp-encryption', 'crt')));
    expect(descriptor).toContain('http://www.w3.org/2009/xmlenc11#aes256-gcm');
    expect(descriptor).not.toContain('tripledes');
  });

  test.each([
    ['AES-256-GCM', ENCRYPTION.aes256gcm],
    ['AES-256-CBC', ENCRYPTION.aes256cbc],
  ])('a signed assertion encrypted with RSA-OAEP and %s signs the person in', async (_name, data) => {
    const { who, out } = await signIn(saml, (id, w) => respond(saml, id, w, { encrypt: { data } }));
    expect(out.status).toBe(303);
    const me = await (await fetch(`${server.url}/me`, { headers: { cookie: out.cookie! } })).json() as { member: { email: string } };
    expect(me.member.email).toBe(who.email);
  });

  test('an encrypted assertion inside a signed response signs in on a connection that requires the response signed', async () => {
    expect((await signIn(responseSigned, (id, w) => respond(responseSigned, id, w, { signing: 'response', encrypt: {} }))).out.status).toBe(303);
  });

  test('a signed response around a signed, encrypted assertion signs in', async () => {
    expect((await signIn(saml, (id, w) => respond(saml, id, w, { signing: 'both', encrypt: {} }))).out.status).toBe(303);
  });

  type Case = [name: string, code: string, setup: () => SamlSetup, build: (requestId: string, who: { email: string; nameId: string }) => Promise<string>];
  const CASES: Case[] = [
    ['an assertion encrypted to another certificate (wrong key)', 'SAML_DECRYPTION_FAILED', () => saml,
      (id, w) => respond(saml, id, w, { encrypt: { cert: 'attacker' } })],
    ['an encrypted assertion whose ciphertext was altered', 'SAML_DECRYPTION_FAILED', () => saml,
      (id, w) => respond(saml, id, w, { encrypt: {}, tamper: (x) => x.replace(/(<xenc:CipherData>\s*<xenc:CipherValue>[^<]{40})([^<])/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')) })],
    ['an encrypted assertion that is not signed (sealed by anyone with the public certificate)', 'SAML_SIGNATURE_MISSING', () => saml,
      async (id, w) => sealAssertion(await respond(saml, id, w, { signing: 'none' }), readKey('sp-encryption', 'crt'))],
    ['an encrypted assertion signed by an untrusted key', 'SAML_SIGNATURE_INVALID', () => saml,
      (id, w) => respond(saml, id, w, { key: 'attacker', encrypt: {} })],
    ['a signed response whose encrypted assertion was swapped for one the attacker sealed', 'SAML_SIGNATURE_INVALID', () => responseSigned,
      async (id, w) => {
        const genuine = Buffer.from(await respond(responseSigned, id, w, { signing: 'response', encrypt: {} }), 'base64').toString('utf8');
        const forged = Buffer.from(await sealAssertion(await respond(responseSigned, id, { ...w, email: `boss@${org.domain}` }, { signing: 'none' }), readKey('sp-encryption', 'crt')), 'base64').toString('utf8');
        const sealed = (x: string) => /<saml:EncryptedAssertion[\s\S]*<\/saml:EncryptedAssertion>/.exec(x)![0];
        return Buffer.from(genuine.replace(sealed(genuine), sealed(forged)), 'utf8').toString('base64');
      }],
    ['signature wrapping: a forged plain assertion beside the encrypted signed one', 'SAML_MULTIPLE_ASSERTIONS', () => saml,
      async (id, w) => {
        const plain = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(Buffer.from(await respond(saml, id, { ...w, email: `boss@${org.domain}` }, { signing: 'none' }), 'base64').toString('utf8'))![0];
        return respond(saml, id, w, { encrypt: {}, tamper: (x) => x.replace('<saml:EncryptedAssertion', `${plain}<saml:EncryptedAssertion`) });
      }],
    ['a comment inside the NameID of a signed assertion, then encrypted', 'SAML_NAMEID_COMMENT', () => saml,
      async (id, w) => sealAssertion(await respond(saml, id, { ...w, nameId: `${w.nameId}.evil.example` }, {
        tamper: (x) => x.replace(`${w.nameId}.evil.example</saml:NameID>`, `${w.nameId}<!---->.evil.example</saml:NameID>`),
      }), readKey('sp-encryption', 'crt'))],
    ['a DOCTYPE inside the encrypted content', 'SAML_DECRYPTION_FAILED', () => saml,
      async (id, w) => sealAssertion(await respond(saml, id, w), readKey('sp-encryption', 'crt'), {
        plaintext: '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">&x;</saml:Assertion>',
      })],
    ['encrypted content that is two assertions', 'SAML_DECRYPTION_FAILED', () => saml,
      async (id, w) => {
        const signed = Buffer.from(await respond(saml, id, w), 'base64').toString('utf8');
        const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
        return sealAssertion(Buffer.from(signed).toString('base64'), readKey('sp-encryption', 'crt'), { plaintext: assertion + assertion });
      }],
    ['an assertion encrypted with 3DES', 'SAML_DECRYPTION_FAILED', () => saml,
      (id, w) => respond(saml, id, w, { encrypt: { data: ENCRYPTION.tripledes } })],
    ['a key transported with RSA-v1.5', 'SAML_DECRYPTION_FAILED', () => saml,
      (id, w) => respond(saml, id, w, { encrypt: { key: ENCRYPTION.rsa15 } })],
  ];

  test.each(CASES)('refuses %s (%s)', async (_name, code, setup, build) => {
    const { who, out } = await signIn(setup(), build);
    expect({ status: out.status, code: out.code }).toEqual({ status: 403, code });
    expect(out.cookie).toBeNull();
    expect(await server.db.db.selectFrom('members').select('id').where('email', '=', who.email).execute()).toEqual([]);
  });

  test('the refusal names what the admin must fix, in the provisioning log', async () => {
    const { out } = await signIn(saml, (id, w) => respond(saml, id, w, { encrypt: { cert: 'attacker' } }));
    expect(out.code).toBe('SAML_DECRYPTION_FAILED');
    const { events } = await listEvents(server.db.db, org.org.id, { events: ['sso.rejected'], limit: 1 });
    expect(events[0]!.reason).toContain('KeyDescriptor use="encryption"');
    expect((events[0]!.detail as { code: string }).code).toBe('SAML_DECRYPTION_FAILED');
  });
});

describe('encrypted SAML assertions without SAML_SP_DECRYPTION_KEY_FILE', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  test('the SP metadata publishes no encryption certificate', () => {
    expect(saml.spMetadata).not.toContain('use="encryption"');
  });

  test('an encrypted response is refused as SAML_ENCRYPTED_UNSUPPORTED, telling the admin what to configure', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const response = await sealAssertion(await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `x@${org.domain}` }), readKey('sp-encryption', 'crt'));
    const out = await postToAcs(server.url, saml.conn.id, response);
    expect({ status: out.status, code: out.code }).toEqual({ status: 403, code: 'SAML_ENCRYPTED_UNSUPPORTED' });
    expect(JSON.parse(out.body).error.message).toContain('SAML_SP_DECRYPTION_KEY_FILE');
  });
});
