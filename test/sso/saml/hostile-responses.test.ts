// Every way a SAML response must be refused, each its own named case with hostile input built by
// a real IdP (samlify, signing with test keys) and, where needed, tampered with after signing.
// Each asserts the refusal CODE, so a response refused for the wrong reason fails the test.
import { startTestServer, type TestServer } from '../../support/server.js';
import { makeOrg } from '../../support/fixtures.js';
import { addTestSamlConnection, postToAcs, startSamlLogin, type SamlSetup } from '../../support/saml-flow.js';
import type { ResponseOptions } from '../../support/saml-idp.js';
import { listEvents } from '../../../src/domain/log/provisioning-log.js';

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

/** The signed assertion of a response, and a forged twin (no signature, another person). */
function split(xml: string) {
  const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
  const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
  const unsignedOriginal = signed.replace(signature, '');
  const evil = unsignedOriginal.replace(/ID="[^"]+"/, 'ID="_evil"').replace(/<saml:NameID([^>]*)>[^<]*</, '<saml:NameID$1>mallory@evil.example<');
  return { signed, signature, unsignedOriginal, evil };
}

type Case = [name: string, code: string, build: (ctx: { requestId: string; domain: string }) => Omit<ResponseOptions, 'spMetadata'>];

const CASES: Case[] = [
  ['an unsigned response and assertion', 'SAML_SIGNATURE_MISSING', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, signing: 'none' })],
  ['a signed response whose assertion is unsigned', 'SAML_SIGNATURE_MISSING', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, signing: 'response' })],
  ['an assertion signed by a key the connection does not trust', 'SAML_SIGNATURE_INVALID', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, key: 'attacker' })],
  ['an assertion whose NameID was changed after signing', 'SAML_SIGNATURE_INVALID', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`, tamper: (x) => x.replace(/(<saml:NameID[^>]*>)[^<]*/, `$1boss@${domain}`),
  })],
  ['an assertion for another service provider (audience)', 'SAML_AUDIENCE_MISMATCH', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { Audience: 'https://other-sp.example/metadata' } })],
  ['an assertion whose Recipient is another ACS', 'SAML_RECIPIENT_MISMATCH', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { SubjectRecipient: 'https://other-sp.example/acs' } })],
  ['a response whose Destination is another ACS', 'SAML_DESTINATION_MISMATCH', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { Destination: 'https://other-sp.example/acs' } })],
  ['an expired assertion', 'SAML_EXPIRED', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { IssueInstant: minutes(-9), ConditionsNotBefore: minutes(-9), ConditionsNotOnOrAfter: minutes(-4) } })],
  ['an assertion whose subject confirmation has expired', 'SAML_NO_SUBJECT_CONFIRMATION', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { SubjectConfirmationDataNotOnOrAfter: minutes(-3) } })],
  ['an assertion that is not valid yet', 'SAML_NOT_YET_VALID', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { ConditionsNotBefore: minutes(5), ConditionsNotOnOrAfter: minutes(10) } })],
  ['an assertion issued too long ago (older than the maximum age)', 'SAML_NO_SUBJECT_CONFIRMATION', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { IssueInstant: minutes(-30), ConditionsNotBefore: minutes(-30), ConditionsNotOnOrAfter: minutes(5) } })],
  ['an assertion from another IdP entity id', 'SAML_ISSUER_MISMATCH', ({ requestId, domain }) => ({ inResponseTo: requestId, email: `a@${domain}`, values: { Issuer: 'https://other-idp.example/saml' } })],
  ['a response to a request Seatgate never made', 'SAML_IN_RESPONSE_TO_UNKNOWN', ({ domain }) => ({ inResponseTo: '_never-issued-by-us', email: `a@${domain}` })],
  ['an unsolicited response where IdP-initiated sign-in is off', 'SAML_IN_RESPONSE_TO_MISSING', ({ domain }) => ({ inResponseTo: null, email: `a@${domain}` })],
  ['a comment inside the NameID', 'SAML_NAMEID_COMMENT', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`, nameId: `a@${domain}.evil.example`,
    tamper: (x) => x.replace(`a@${domain}.evil.example</saml:NameID>`, `a@${domain}<!---->.evil.example</saml:NameID>`),
  })],
  ['a DOCTYPE (XXE) in the response', 'SAML_MALFORMED', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`, tamper: (x) => `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${x}`,
  })],
  ['signature wrapping: a forged assertion before the signed one', 'SAML_MULTIPLE_ASSERTIONS', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`, tamper: (x) => { const p = split(x); return x.replace(p.signed, p.evil + p.signed); },
  })],
  ['signature wrapping: a forged assertion after the signed one', 'SAML_MULTIPLE_ASSERTIONS', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`, tamper: (x) => { const p = split(x); return x.replace(p.signed, p.signed + p.evil); },
  })],
  ['signature wrapping: a forged assertion wrapped around the signed one', 'SAML_SIGNATURE_INVALID', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`,
    tamper: (x) => { const p = split(x); return x.replace(p.signed, p.evil.replace('<saml:Subject>', `${p.signature}<saml:Advice>${p.unsignedOriginal}</saml:Advice><saml:Subject>`)); },
  })],
  ['signature wrapping: the signed assertion moved into Extensions', 'SAML_SIGNATURE_INVALID', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`,
    tamper: (x) => { const p = split(x); return x.replace(p.signed, p.evil.replace('<saml:Subject>', `${p.signature}<saml:Subject>`)).replace('<samlp:Status>', `<samlp:Extensions>${p.unsignedOriginal}</samlp:Extensions><samlp:Status>`); },
  })],
  ['signature wrapping: the signed assertion hidden in ds:Object', 'SAML_SIGNATURE_INVALID', ({ requestId, domain }) => ({
    inResponseTo: requestId, email: `a@${domain}`,
    tamper: (x) => { const p = split(x); return x.replace(p.signed, p.evil.replace('<saml:Subject>', `${p.signature.replace('</ds:Signature>', `<ds:Object>${p.unsignedOriginal}</ds:Object></ds:Signature>`)}<saml:Subject>`)); },
  })],
];

describe('hostile SAML responses', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    org = await makeOrg(server.db.db, { premium: 5, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id);
  });
  afterAll(() => server.stop());

  test.each(CASES)('rejects %s (%s)', async (_name, code, build) => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, ...build({ requestId, domain: org.domain }) });
    const out = await postToAcs(server.url, saml.conn.id, response);
    expect({ status: out.status, code: out.code }).toEqual({ status: 403, code });
    expect(out.cookie).toBeNull();
  });

  test('rejects a second response to an AuthnRequest that was already answered (reused InResponseTo)', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const first = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `reuse@${org.domain}`, nameId: 'reuse' }));
    expect(first.status).toBe(303);
    const second = await postToAcs(server.url, saml.conn.id, await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `reuse@${org.domain}`, nameId: 'reuse' }));
    expect(second.code).toBe('SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  test('rejects the same response posted twice (replay)', async () => {
    const { requestId } = await startSamlLogin(server.url, saml.conn.id);
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: requestId, email: `replay@${org.domain}`, nameId: 'replay' });
    expect((await postToAcs(server.url, saml.conn.id, response)).status).toBe(303);
    const again = await postToAcs(server.url, saml.conn.id, response);
    expect(again.code).toBe('SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  test('every refusal is in the provisioning log with the connection as actor and the code', async () => {
    const { events } = await listEvents(server.db.db, org.org.id, { events: ['sso.rejected'], limit: 1000 });
    const codes = new Set(events.map((e) => (e.detail as { code: string }).code));
    for (const [, code] of CASES) expect(codes).toContain(code);
    expect(events.every((e) => e.actor.type === 'sso_connection' && e.actor.id === saml.conn.id)).toBe(true);
  });
});

describe('IdP-initiated SAML sign-in', () => {
  let server: TestServer;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let saml: SamlSetup;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    org = await makeOrg(server.db.db, { premium: 0, standard: 5 });
    saml = await addTestSamlConnection(server.db.db, server.url, org.org.id, { allowIdpInitiated: true });
  });
  afterAll(() => server.stop());

  test('is accepted once where the connection allows it', async () => {
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: null, email: `idp@${org.domain}`, nameId: 'idp-1' });
    expect((await postToAcs(server.url, saml.conn.id, response)).status).toBe(303);
  });

  test('rejects a replayed unsolicited response (the used-assertion cache)', async () => {
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: null, email: `idp2@${org.domain}`, nameId: 'idp-2' });
    expect((await postToAcs(server.url, saml.conn.id, response)).status).toBe(303);
    expect((await postToAcs(server.url, saml.conn.id, response)).code).toBe('SAML_ASSERTION_REPLAYED');
  });

  test('still rejects an unknown InResponseTo when one is present', async () => {
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: '_not-ours', email: `idp3@${org.domain}`, nameId: 'idp-3' });
    expect((await postToAcs(server.url, saml.conn.id, response)).code).toBe('SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  test('a RelayState pointing off-site does not redirect there', async () => {
    const response = await saml.idp.respond({ spMetadata: saml.spMetadata, inResponseTo: null, email: `idp4@${org.domain}`, nameId: 'idp-4' });
    const out = await postToAcs(server.url, saml.conn.id, response, 'https://evil.example/steal');
    // No usable return URL: a Member lands on their account page.
    expect(out.location).toBe('/account');
  });
});
