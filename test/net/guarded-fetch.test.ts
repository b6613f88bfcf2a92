import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedFetch, isPrivateAddress } from '../../src/net/guarded-fetch.js';
import { DomainError } from '../../src/domain/errors.js';

describe('SSRF-guarded fetch for metadata and discovery', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect-to-file') { res.writeHead(302, { location: 'file:///etc/passwd' }); res.end(); return; }
      if (req.url === '/big') { res.end('x'.repeat(2_000_000)); return; }
      res.end('<EntityDescriptor/>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const code = (p: Promise<unknown>) => p.then(() => 'OK', (e) => (e instanceof DomainError ? e.code : String(e)));

  test.each([
    ['loopback', 'https://127.0.0.1/metadata'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private network', 'https://10.1.2.3/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['an IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/'],
    ['plain http', 'http://idp.example.com/metadata'],
    ['a name that resolves to loopback', 'https://localhost/metadata'],
  ])('refuses %s by default', async (_name, url) => {
    expect(await code(guardedFetch({ allowPrivate: false })(url))).toBe('SSO_FETCH_REFUSED');
  });

  test('fetches loopback only when the operator allows private targets', async () => {
    const res = await guardedFetch({ allowPrivate: true })(`${base}/metadata`);
    expect(await res.text()).toBe('<EntityDescriptor/>');
  });

  test('re-checks every redirect', async () => {
    expect(await code(guardedFetch({ allowPrivate: true })(`${base}/redirect-to-file`))).toBe('SSO_FETCH_REFUSED');
  });

  test('caps the response size', async () => {
    expect(await code(guardedFetch({ allowPrivate: true, maxBytes: 1_000_000 })(`${base}/big`).then((r) => r.text()))).toBe('SSO_FETCH_REFUSED');
  });

  test.each(['10.0.0.1', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1'])('%s is private', (a) => {
    expect(isPrivateAddress(a)).toBe(true);
  });

  test.each(['8.8.8.8', '1.1.1.1', '2606:4700::1111'])('%s is public', (a) => {
    expect(isPrivateAddress(a)).toBe(false);
  });
});
