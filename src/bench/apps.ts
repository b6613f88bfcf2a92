// Benchmark of what applications call: forward auth (GET /auth/verify, in front of every request
// to an app) and the OpenID Provider's token endpoint — authorization-code exchanges (codes made
// beforehand by a signed-in browser) and refresh-token grants — at concurrency 16 over HTTP on
// loopback against the real app, each with an RS256 ID token signed per call. Sizes scale with
// ctx.scale (BENCH_QUICK runs a small version).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { Response as ExpressResponse } from 'express';
import * as oidc from 'openid-client';
import type { Database } from '../db/schema.js';
import type { BenchContext, BenchSuite } from './suite.js';
import type { DatabaseKind } from '../db/connection.js';
import { createApp } from '../http/app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { systemClock } from '../domain/clock.js';
import { createOrg } from '../domain/orgs/orgs.js';
import { createApp as registerApp } from '../domain/apps/apps.js';
import { createSession } from '../domain/sessions/sessions.js';
import { sessionSettings } from '../sessions/settings.js';
import { COOKIE_NAME, writeSessionCookie } from '../sessions/session-cookie.js';

const CONCURRENCY = 16;
const BATCH = 100;
const CALLBACK = 'http://127.0.0.1:1/callback';
const action = { method: 'cli' as const, actor: { type: 'cli' as const, label: 'bench' }, clock: systemClock };

export const appsSuite: BenchSuite = {
  name: 'apps',
  async run(ctx) {
    const lines = ['## Applications: forward auth and the token endpoint', '',
      '| database | `/auth/verify` (req/s, c=16) | verify p50 / p99 (ms) | code exchanges (tokens/s) | exchange p50 / p99 (ms) | refresh grants (tokens/s) | refresh p50 / p99 (ms) |',
      '|---|---|---|---|---|---|---|'];
    for (const kind of ctx.kinds) lines.push(await runKind(ctx, kind));
    lines.push('', 'Over HTTP on loopback against the real app with its rate limits off. `/auth/verify` is one indexed read (session ⋈ member ⋈ organization);',
      'each token call authenticates the client (hash compare), reads the grant and the member with their seat, and signs an RS256 ID token.',
      'Codes come from a browser holding a live Seatgate session (the interaction step signs it in without the IdP); their making is not timed.');
    return lines.join('\n');
  },
};

async function runKind(ctx: BenchContext, kind: DatabaseKind): Promise<string> {
  const verifies = Math.max(200, Math.round(20_000 * ctx.scale));
  const tokens = Math.max(50, Math.round(1000 * ctx.scale));
  const handle = await ctx.freshDatabase(kind, 20);
  const { server, base, cookie } = await setUp(handle.db);
  try {
    ctx.log(`apps[${kind}]: ${verifies} forward-auth checks at concurrency ${CONCURRENCY}`);
    const v = await timed(verifies, async () => {
      const res = await fetch(`${base}/auth/verify`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`/auth/verify answered ${res.status}`);
    });
    const app = await registerApp(handle.db, { name: 'Bench app', redirectUris: [CALLBACK], refreshTokens: true }, new Date());
    const config = await oidc.discovery(new URL(base), app.app.clientId, undefined, oidc.ClientSecretBasic(app.clientSecret), { execute: [oidc.allowInsecureRequests] });
    ctx.log(`apps[${kind}]: ${tokens} code exchanges (codes made in batches, untimed), then ${tokens} refresh grants`);
    const refreshTokens: string[] = [];
    const batches: Timing[] = [];
    // Codes live 60 s: make and exchange them a batch at a time.
    for (let done = 0; done < tokens; done += BATCH) {
      const codes: Array<{ url: URL; verifier: string }> = [];
      for (let i = done; i < Math.min(tokens, done + BATCH); i++) codes.push(await authorize(config, base, cookie));
      batches.push(await timed(codes.length, async (i) => {
        const got = await oidc.authorizationCodeGrant(config, codes[i]!.url, { pkceCodeVerifier: codes[i]!.verifier, idTokenExpected: true });
        refreshTokens.push(got.refresh_token!);
      }));
    }
    const e = merge(batches);
    const r = await timed(tokens, async (i) => { await oidc.refreshTokenGrant(config, refreshTokens[i]!); });
    return `| ${kind} | ${v.rate.toFixed(0)} | ${v.p50} / ${v.p99} | ${e.rate.toFixed(0)} | ${e.p50} / ${e.p99} | ${r.rate.toFixed(0)} | ${r.p50} / ${r.p99} |`;
  } finally {
    await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    await handle.close();
  }
}

async function setUp(db: Kysely<Database>): Promise<{ server: Server; base: string; cookie: string }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_VERIFY_PER_SECOND: '0', RATE_LIMIT_APP_PER_SECOND: '0', RATE_LIMIT_LOGIN_PER_SECOND: '0' }), publicUrl: base });
  server.on('request', createApp({ db, dbKind: 'bench', config, logger: createLogger('silent', 2), clock: systemClock }));
  const { org, primaryOwner } = await createOrg(db, {
    name: 'Bench', slug: 'bench-apps', domains: ['bench.example.com'], seats: { standard: 10, premium: 0 }, primaryOwnerEmail: 'owner@bench.example.com',
  }, action);
  const settings = sessionSettings(db, config, systemClock);
  const session = (await createSession(db, org.id, primaryOwner!.id, 'sso', { idleMs: 3_600_000, absoluteMs: 8 * 3_600_000 }, new Date()))!;
  let value = '';
  await writeSessionCookie({ cookie: (_name: string, v: string) => { value = v; } } as unknown as ExpressResponse, settings, session.secret, session.expiresAt, new Date());
  return { server, base, cookie: `${COOKIE_NAME}=${value}` };
}

/** A signed-in browser's authorization: /oidc/auth → interaction → resume → the callback with a code. */
async function authorize(config: oidc.Configuration, base: string, sessionCookie: string): Promise<{ url: URL; verifier: string }> {
  const verifier = oidc.randomPKCECodeVerifier();
  let url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK, scope: 'openid email', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }).toString();
  const jar = new Map<string, string>();
  for (let hop = 0; hop < 6; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [sessionCookie, ...[...jar].map(([k, v]) => `${k}=${v}`)].join('; ') } });
    await res.arrayBuffer();
    for (const c of res.headers.getSetCookie()) { const [pair] = c.split(';'); const eq = pair!.indexOf('='); jar.set(pair!.slice(0, eq), pair!.slice(eq + 1)); }
    const location = res.headers.get('location');
    if (!location) throw new Error(`authorization answered ${res.status}`);
    url = new URL(location, url).toString();
    if (url.startsWith(CALLBACK)) return { url: new URL(url), verifier };
  }
  throw new Error('authorization did not reach the callback');
}

interface Timing { rate: number; p50: string; p99: string; times: number[]; seconds: number }

function merge(parts: Timing[]): Timing {
  const times = parts.flatMap((p) => p.times).sort((a, b) => a - b);
  const seconds = parts.reduce((a, p) => a + p.seconds, 0);
  return { ...summary(times, seconds) };
}

function summary(sorted: number[], seconds: number): Timing {
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
  return { rate: sorted.length / seconds, p50: pct(50), p99: pct(99), times: sorted, seconds };
}

async function timed(n: number, task: (i: number) => Promise<void>): Promise<Timing> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await task(i);
      times.push(performance.now() - t);
    }
  }));
  return summary(times.sort((a, b) => a - b), (performance.now() - started) / 1000);
}
