// The command line × hostile text. A shell cannot pass a NUL (and argv decodes to well-formed
// text), but main() can be called with any string, and IdP metadata read from a file or URL can
// spell a NUL or a surrogate as a character reference (&#0;, &#xD800;). Both are refused with
// exit 1 and INVALID_INPUT naming the option or the metadata element; nothing is created.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { createTestSamlIdp } from '../support/saml-idp.js';
import { HOSTILE } from './support.js';

describe('the CLI refuses text it cannot store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatgate-hostile-cli-'));
  const idp = createTestSamlIdp();

  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...args, '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) }, undefined, loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    return { code, json: out.length ? JSON.parse(out.join('\n')) : null, error: err.length ? JSON.parse(err.join('\n')).error as { code: string; message: string } : null };
  }

  beforeAll(async () => {
    expect((await run(['org', 'create', '--name', 'Acme', '--slug', 'acme', '--domain', 'acme.example', '--standard', '2', '--premium', '0'])).code).toBe(0);
  });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const references: Record<string, string> = { 'a NUL': '&#0;', 'an unpaired surrogate': '&#xD800;' };

  test.each(HOSTILE.map((h) => [h.name, h] as const))('an option value with %s: exit 1, INVALID_INPUT naming the option, no org', async (_n, h) => {
    const res = await run(['org', 'create', '--name', `Evil ${h.text}`, '--slug', 'evil', '--domain', 'evil.example', '--standard', '1', '--premium', '0']);
    expect({ code: res.code, error: res.error?.code }).toEqual({ code: 1, error: 'INVALID_INPUT' });
    expect(res.error!.message).toMatch(/^--name: /);
    expect(res.error!.message).toMatch(h.fault);
    expect((await run(['org', 'list'])).json.map((o: { slug: string }) => o.slug)).toEqual(['acme']);
  });

  test.each([
    ['entityID', (x: string, ref: string) => x.replace(/entityID="([^"]+)"/, `entityID="$1${ref}"`), /metadata entityId/],
    ['SingleSignOnService Location', (x: string, ref: string) => x.replace(/Location="([^"]+)"/, `Location="$1${ref}"`), /metadata ssoUrl/],
  ].flatMap(([where, edit, field]) => HOSTILE.map((h) => [`${h.name} in the ${where as string}`, edit, field, h] as const)))(
    'IdP metadata with %s: exit 1, INVALID_INPUT naming the element, no connection', async (_n, edit, field, h) => {
      const file = path.join(dir, 'hostile-metadata.xml');
      fs.writeFileSync(file, (edit as (x: string, ref: string) => string)(idp.metadataXml(), references[h.name]!));
      const res = await run(['sso', 'add-saml', '--org', 'acme', '--metadata', file]);
      expect({ code: res.code, error: res.error?.code }).toEqual({ code: 1, error: 'INVALID_INPUT' });
      expect(res.error!.message).toMatch(field as RegExp);
      expect(res.error!.message).toMatch(h.fault);
      expect((await run(['sso', 'list', '--org', 'acme'])).json).toEqual([]);
    });

  test('the same metadata without the character reference is accepted', async () => {
    const file = path.join(dir, 'fine-metadata.xml');
    fs.writeFileSync(file, idp.metadataXml());
    expect((await run(['sso', 'add-saml', '--org', 'acme', '--metadata', file])).code).toBe(0);
  });
});
