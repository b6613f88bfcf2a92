// Outbound HTTP to addresses an org admin can aim (SAML metadata, OIDC discovery, JWKS, token and
// userinfo endpoints, from sign-in, the CLI and the admin API): a server-side request, so it is
// guarded against SSRF (FIELD-NOTES). The
// address actually connected to is checked (a `lookup` hook, so DNS rebinding cannot slip past
// a check made earlier), redirects are followed by hand and re-checked, bodies are capped, and
// plain http is refused. Loopback/private targets and http are allowed only when the operator
// sets SSO_FETCH_ALLOW_PRIVATE (tests, the local demo).
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';
import { UnsafeFetch } from '../domain/errors.js';

export interface FetchPolicy { allowPrivate: boolean; maxBytes?: number; maxRedirects?: number; timeoutMs?: number }

export interface FetchInit { method?: string; headers?: Record<string, string> | Headers | [string, string][]; body?: string | URLSearchParams | null; signal?: AbortSignal | null }

export type GuardedFetch = (url: string | URL, init?: FetchInit) => Promise<Response>;

export function guardedFetch(policy: FetchPolicy): GuardedFetch {
  return async (input, init = {}) => {
    let url = new URL(String(input));
    for (let hop = 0; hop <= (policy.maxRedirects ?? 3); hop++) {
      checkUrl(url, policy);
      const res = await requestOnce(url, init, policy);
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        url = new URL(res.headers.get('location')!, url);
        init = { ...init, method: 'GET', body: null };
        continue;
      }
      return res;
    }
    throw new UnsafeFetch(String(input), 'too many redirects');
  };
}

function checkUrl(url: URL, policy: FetchPolicy): void {
  // Node skips the lookup hook for IP literals, so those are checked here.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !policy.allowPrivate && isPrivateAddress(host)) {
    throw new UnsafeFetch(url.toString(), `${host} is a private or loopback address`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && policy.allowPrivate) return;
  throw new UnsafeFetch(url.toString(), 'only https URLs may be fetched');
}

function requestOnce(url: URL, init: FetchInit, policy: FetchPolicy): Promise<Response> {
  const maxBytes = policy.maxBytes ?? 1_000_000;
  const body = init.body == null ? undefined : String(init.body);
  const headers: Record<string, string> = {};
  new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => { headers[k] = v; });
  if (body !== undefined && init.body instanceof URLSearchParams) headers['content-type'] ??= 'application/x-www-form-urlencoded';
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: init.method ?? 'GET', headers, lookup: guardedLookup(url, policy), timeout: policy.timeoutMs ?? 10_000,
      ...(init.signal ? { signal: init.signal } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) { req.destroy(new UnsafeFetch(url.toString(), `response larger than ${maxBytes} bytes`)); return; }
        chunks.push(c);
      });
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        const status = res.statusCode ?? 502;
        const nullBody = status === 204 || status === 304 || (status >= 300 && status < 400);
        resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: h }));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new UnsafeFetch(url.toString(), 'timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function guardedLookup(url: URL, policy: FetchPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !policy.allowPrivate && isPrivateAddress(a.address));
      if (bad) return callback(new UnsafeFetch(url.toString(), `${hostname} resolves to a private or loopback address (${bad.address})`), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified, multicast and mapped forms of them. */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.toLowerCase().startsWith('::ffff:') ? mappedV4(address.slice(7)) : address;
  if (net.isIPv4(v4)) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)
      || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  const lower = address.toLowerCase();
  return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('ff');
}

// "::ffff:7f00:1" (how URL normalizes ::ffff:127.0.0.1) → "127.0.0.1".
function mappedV4(rest: string): string {
  if (net.isIPv4(rest)) return rest;
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!m) return rest;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
