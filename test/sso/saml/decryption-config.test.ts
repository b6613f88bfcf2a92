// SAML_SP_DECRYPTION_KEY_FILE and SAML_SP_DECRYPTION_CERT_FILE are checked at start-up: both or
// neither, both readable, an RSA key, a certificate, and the certificate of that key — otherwise
// one line naming the variable, and the server does not start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { runNode } from '../../support/processes.js';

const keys = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'keys');
const KEY = `${keys}/sp-encryption.key`;
const CERT = `${keys}/sp-encryption.crt`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-decryption-'));
const EC_KEY = path.join(tmp, 'ec.key');
fs.writeFileSync(EC_KEY, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function failure(env: Record<string, string>): string {
  try { loadConfig(env); } catch (err) { expect(err).toBeInstanceOf(ConfigError); return (err as Error).message; }
  throw new Error('no error');
}

describe('SP decryption key configuration', () => {
  test('unset: no decryption key', () => {
    expect(loadConfig({}).samlSpDecryption).toBeNull();
  });

  test('a matching RSA key and certificate are read once', () => {
    expect(loadConfig({ SAML_SP_DECRYPTION_KEY_FILE: KEY, SAML_SP_DECRYPTION_CERT_FILE: CERT }).samlSpDecryption).toEqual({
      privateKey: fs.readFileSync(KEY, 'utf8'), certificate: fs.readFileSync(CERT, 'utf8'),
    });
  });

  test.each([
    ['only the key', { SAML_SP_DECRYPTION_KEY_FILE: KEY }, 'SAML_SP_DECRYPTION_KEY_FILE and SAML_SP_DECRYPTION_CERT_FILE must be set together'],
    ['only the certificate', { SAML_SP_DECRYPTION_CERT_FILE: CERT }, 'SAML_SP_DECRYPTION_KEY_FILE and SAML_SP_DECRYPTION_CERT_FILE must be set together'],
    ['an unreadable key file', { SAML_SP_DECRYPTION_KEY_FILE: `${keys}/missing.key`, SAML_SP_DECRYPTION_CERT_FILE: CERT }, 'SAML_SP_DECRYPTION_KEY_FILE must be a readable file'],
    ['a certificate where the key belongs', { SAML_SP_DECRYPTION_KEY_FILE: CERT, SAML_SP_DECRYPTION_CERT_FILE: CERT }, 'SAML_SP_DECRYPTION_KEY_FILE must be an unencrypted PEM private key'],
    ['an EC key', { SAML_SP_DECRYPTION_KEY_FILE: EC_KEY, SAML_SP_DECRYPTION_CERT_FILE: CERT }, 'SAML_SP_DECRYPTION_KEY_FILE must be an RSA key'],
    ['a key where the certificate belongs', { SAML_SP_DECRYPTION_KEY_FILE: KEY, SAML_SP_DECRYPTION_CERT_FILE: KEY }, 'SAML_SP_DECRYPTION_CERT_FILE must be a PEM X.509 certificate'],
    ['the certificate of another key', { SAML_SP_DECRYPTION_KEY_FILE: KEY, SAML_SP_DECRYPTION_CERT_FILE: `${keys}/attacker.crt` }, 'SAML_SP_DECRYPTION_CERT_FILE must be the certificate of SAML_SP_DECRYPTION_KEY_FILE (their public keys differ)'],
  ])('refuses %s with one line', (_name, env, expected) => {
    const message = failure(env);
    expect(message).toContain(`Configuration error: ${expected}`);
    expect(message).not.toContain('\n');
  });

  test('the server refuses to start with a key and certificate that do not match: exit 2 and the one line on stderr', async () => {
    const run = await runNode(['dist/main.js'], { SAML_SP_DECRYPTION_KEY_FILE: KEY, SAML_SP_DECRYPTION_CERT_FILE: `${keys}/attacker.crt` });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('Configuration error: SAML_SP_DECRYPTION_CERT_FILE must be the certificate of SAML_SP_DECRYPTION_KEY_FILE (their public keys differ)');
  });
});
