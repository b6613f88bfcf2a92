// Alert webhooks are requests our server makes to a URL a customer typed: refuse loopback,
// private, link-local and other internal addresses (unless WEBHOOK_ALLOW_PRIVATE), checked when the
// URL is saved and again before every call, since DNS answers can change.
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { WebhookUrlRefused } from '../domain/errors.js';

const internal = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) internal.addSubnet(net, bits, 'ipv6');

export function isInternalAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return internal.check(v4mapped[1]!, 'ipv4');
  return internal.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Throws WEBHOOK_URL_REFUSED unless `raw` is an http(s) URL whose host resolves only to public addresses. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try { url = new URL(raw); } catch { throw new WebhookUrlRefused(raw, 'it is not a URL'); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlRefused(raw, 'only http and https are allowed');
  if (url.username || url.password) throw new WebhookUrlRefused(raw, 'credentials in the URL are not allowed');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new WebhookUrlRefused(raw, `${host} does not resolve`);
  }
  if (addresses.some(isInternalAddress)) throw new WebhookUrlRefused(raw, `${host} is a loopback, private or internal address`);
  return url;
}
