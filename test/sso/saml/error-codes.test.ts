// One test per node-saml message we translate: the message must still exist, word for word, in
// the installed node-saml (or the xml-crypto it uses), and must map to its code. An upgrade that
// rewords a message fails here instead of silently degrading a precise reason to SAML_REJECTED.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { NODE_SAML_MESSAGES, fromNodeSamlError } from '../../../src/sso/saml/error-codes.js';

const require = createRequire(import.meta.url);
const libDir = path.dirname(require.resolve('@node-saml/node-saml'));
const sources = fs.readdirSync(libDir).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(libDir, f), 'utf8')).join('\n');

describe('node-saml error messages', () => {
  test.each(NODE_SAML_MESSAGES.map(([pattern, code]) => [pattern, code]))('"%s" still exists in node-saml and maps to %s', (pattern, code) => {
    expect(sources).toContain(JSON.stringify(pattern).slice(1, -1).replace(/\\"/g, '"').split(' Expected')[0]);
    expect(fromNodeSamlError(new Error(`${pattern} (detail)`)).code).toBe(code);
  });

  test('an unknown message becomes SAML_REJECTED and keeps the original as detail', () => {
    const err = fromNodeSamlError(new Error('something new'));
    expect(err.code).toBe('SAML_REJECTED');
    expect(err.detail).toBe('something new');
  });
});
