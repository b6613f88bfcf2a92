// The client address a per-address limit counts against. It starts from req.ip, which honours
// TRUST_PROXY (the first untrusted X-Forwarded-For hop behind a proxy, else the socket's peer).
// An IPv4-mapped IPv6 address counts as its IPv4 address; any other IPv6 address counts as its
// /64 network, since one subscriber usually holds a whole /64 and could otherwise rotate through
// 2^64 addresses to escape the limit.
import { isIPv4, isIPv6 } from 'node:net';

export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const bare = ip.split('%')[0]!;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return 'unknown';
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing IPv4 part folded). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}
