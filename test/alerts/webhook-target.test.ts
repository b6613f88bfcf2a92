// Alert webhooks are server-side requests to a customer-typed URL: internal addresses are refused
// unless the operator allows them.
import { checkWebhookUrl, isInternalAddress } from '../../src/alerts/webhook-target.js';

test.each([
  ['loopback', 'http://127.0.0.1:8080/hook'],
  ['loopback by name', 'http://localhost/hook'],
  ['IPv6 loopback', 'http://[::1]/hook'],
  ['a private network', 'https://10.1.2.3/hook'],
  ['cloud metadata', 'http://169.254.169.254/latest/meta-data'],
  ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook'],
  ['a non-http scheme', 'file:///etc/passwd'],
  ['credentials in the URL', 'https://user:pw@example.com/hook'],
  ['not a URL', 'hook please'],
])('refuses %s', async (_name, url) => {
  await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
});

test('allows a public address, and loopback when the operator allows private targets', async () => {
  await expect(checkWebhookUrl('https://93.184.215.14/hook', false)).resolves.toBeInstanceOf(URL);
  await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toBeInstanceOf(URL);
});

test.each([['192.168.1.1', true], ['172.31.255.255', true], ['172.32.0.1', false], ['8.8.8.8', false], ['fd00::1', true], ['2606:4700::1111', false]])(
  'classifies %s as internal: %s', (address, internal) => { expect(isInternalAddress(address)).toBe(internal); });
