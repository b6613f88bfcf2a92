// The one module that reads the environment (and `.env`). It validates every variable once, at
// start-up, into a frozen object; a bad value stops the process with one line naming the
// variable and what it expects. Nothing else reads process.env.
import fs from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { z } from 'zod';
import { CatalogueInvalid, parseCatalogue, type Catalogue } from './domain/seats/catalogue.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

/** Burst defaults to `burstFactor` × the per-second rate (SCIM: 50/s, burst 200). */
const BURST_FACTORS = { SCIM: 4, API: 5, SESSION: 5, LOGIN: 10, VERIFY: 10, APP: 5 } as const;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000)
    .describe('an integer from 0 to 65535'),
  HOST: z.string().min(1).default('0.0.0.0').describe('an interface address such as 0.0.0.0 or 127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional().describe('the absolute http(s) URL where users and IdPs reach Seatgate'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional()
    .describe('a postgres:// or postgresql:// URL; leave unset for the embedded database'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10).describe('an integer from 1 to 200'),
  DATA_DIR: z.string().min(1).default('./data').describe('a directory for the embedded database and the outbox'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info').describe(`one of ${LOG_LEVELS.join(', ')}`),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000)
    .describe('milliseconds to let in-flight requests finish on SIGTERM, 0 to 600000'),
  RENEWAL_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600)
    .describe('seconds between runs of the billing renewal job in each server process, 0 to disable (0 to 86400)'),
  SCIM_MAX_BODY_BYTES: z.coerce.number().int().min(65_536).max(67_108_864).default(4_194_304)
    .describe('the largest SCIM request body in bytes, 65536 to 67108864 (default 4 MiB: a 10,000-member group PATCH)'),
  TRUST_PROXY: bool.default(false).describe('true when Seatgate runs behind a reverse proxy that sets X-Forwarded-*'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional().describe('an smtp:// or smtps:// URL; leave unset to write mails to DATA_DIR/outbox'),
  MAIL_FROM: z.string().min(3).max(320).default('Seatgate <seatgate@localhost>').describe('a From address such as "Seatgate <seatgate@example.com>"'),
  INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(21).describe('whole days an invitation link stays valid, 1 to 365'),
  SEAT_REQUEST_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30)
    .describe('whole days a seat request (someone turned away for lack of a seat) waits before it expires, 1 to 365'),
  INVITE_SECRET: z.string().min(32).optional().describe('at least 32 characters of random text; leave unset to use a key generated once and kept in the database'),
  DNS_RESOLVER: z.string().regex(/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/).optional().describe('host:port of a DNS server for domain verification; leave unset for the system resolver'),
  ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60).describe('seconds between seat-alert scans, 0 to disable, at most 86400'),
  WEBHOOK_ALLOW_PRIVATE: bool.default(false).describe('true to let alert webhooks reach loopback and private addresses'),
  SESSION_SECRET: z.string().min(32).optional()
    .describe('at least 32 characters of random data (or leave unset: a key is generated once and kept in the database)'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15).describe('an integer from 1 to 1440'),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(8).describe('an integer from 1 to 168'),
  SSO_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60).describe('an integer from 0 to 600'),
  SSO_FETCH_ALLOW_PRIVATE: bool.default(false)
    .describe('true only for tests and local demos: lets SSO metadata/discovery fetches reach loopback and private addresses over plain http'),
  SSO_RETURN_ORIGINS: z.string().default('').refine((v) => v.split(',').map((o) => o.trim()).filter(Boolean).every(isOrigin))
    .describe('a comma-separated list of origins such as https://app.example.com'),
  SAML_SP_PRIVATE_KEY_FILE: z.string().min(1).optional().describe('a path to a PEM private key used to sign AuthnRequests'),
  SAML_SP_CERT_FILE: z.string().min(1).optional().describe('a path to the PEM certificate of SAML_SP_PRIVATE_KEY_FILE'),
  // Rate limits (docs/operations.md): per credential, sustained N/s with bursts; 0 turns a class off.
  RATE_LIMIT_REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional().describe('a redis:// or rediss:// URL; leave unset to keep the limits in each process\'s memory'),
  RATE_LIMIT_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/).default('seatgate:rl:').describe('1 to 64 letters, digits or :._- for the Redis key prefix'),
  ...rateLimitVariables('SCIM', 50, 4), ...rateLimitVariables('API', 20, 5), ...rateLimitVariables('SESSION', 10, 5), ...rateLimitVariables('LOGIN', 30, 10),
  // Forward auth sits in front of every request to an app: generous, per session. Apps' calls to the token and userinfo endpoints: per client.
  ...rateLimitVariables('VERIFY', 100, 10), ...rateLimitVariables('APP', 100, 5),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(60)
    .describe('an integer from 0 to 1000000 (failed authentications per client address per minute; 0 turns the check off)'),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000)
    .describe('milliseconds between passes of the webhook and back-channel logout outboxes in each server process, 0 to disable (at most 60000)'),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(30).default(10).describe('seconds a webhook receiver has to answer, 1 to 30'),
  OIDC_KEY_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10)
    .describe('seconds between checks for a signing-key rotation made by another process, 1 to 3600'),
  SESSION_COOKIE_DOMAIN: z.string().regex(/^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/).optional()
    .describe('a domain such as example.com whose subdomains share the sign-in cookie (forward auth for apps on other hosts); leave unset for PUBLIC_URL\'s host only'),
  SAML_SP_DECRYPTION_KEY_FILE: z.string().min(1).optional().describe('a path to a PEM RSA private key that opens encrypted SAML assertions'),
  SAML_SP_DECRYPTION_CERT_FILE: z.string().min(1).optional().describe('a path to the PEM certificate of SAML_SP_DECRYPTION_KEY_FILE (published in SP metadata)'),
  SCIM_TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5)
    .describe('seconds an authenticated SCIM token stays cached in memory (revocations reach every process by LISTEN/NOTIFY sooner), 0 to 60; 0 turns the cache off'),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional()
    .describe('a port from 1 to 65535 for a separate listener serving only GET /metrics; leave unset for none'),
  METRICS_HOST: z.string().min(1).default('127.0.0.1').describe('the interface address of the METRICS_PORT listener, such as 127.0.0.1'),
  METRICS_TOKEN: z.string().min(32).optional()
    .describe('at least 32 characters: serves GET /metrics on the main port to requests with Authorization: Bearer <token>; leave unset for none'),
  TIERS_FILE: z.string().min(1).optional().describe('a path to the tier catalogue JSON file; leave unset for config/tiers.json of the installation'),
});

/** The catalogue shipped with the package: config/tiers.json beside src/ and dist/ (package.json "files"). */
export const DEFAULT_TIERS_FILE = fileURLToPath(new URL('../config/tiers.json', import.meta.url));

function rateLimitVariables<C extends keyof typeof BURST_FACTORS>(cls: C, perSecond: number, burstFactor: (typeof BURST_FACTORS)[C]) {
  return {
    [`RATE_LIMIT_${cls}_PER_SECOND`]: z.coerce.number().int().min(0).max(1_000_000).default(perSecond)
      .describe('an integer from 0 to 1000000 (requests per second sustained; 0 turns the limit off)'),
    [`RATE_LIMIT_${cls}_BURST`]: z.coerce.number().int().min(1).max(10_000_000).optional()
      .describe(`an integer from RATE_LIMIT_${cls}_PER_SECOND to 10000000 (the most requests accepted at once; default ${burstFactor} × RATE_LIMIT_${cls}_PER_SECOND)`),
  } as Record<`RATE_LIMIT_${C}_PER_SECOND`, z.ZodDefault<z.ZodCoercedNumber>> & Record<`RATE_LIMIT_${C}_BURST`, z.ZodOptional<z.ZodCoercedNumber>>;
}

function isOrigin(value: string): boolean {
  try { const u = new URL(value); return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value; } catch { return false; }
}

export type Env = z.infer<typeof schema>;

export interface Config {
  /** How long an authenticated SCIM token is cached (0: not cached). */
  scimTokenCacheMs: number;
  /** GET /metrics: off unless a separate port or a bearer token on the main port is set. */
  metrics: Readonly<{ port: number | undefined; host: string; token: string | undefined }>;
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  renewalIntervalSeconds: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  inviteTtlDays: number;
  /** Days a queued seat request waits before the renewal job's housekeeping expires it. */
  seatRequestMaxAgeDays: number;
  inviteSecret: string | undefined;
  dnsResolver: string | undefined;
  alertIntervalSeconds: number;
  webhookAllowPrivate: boolean;
  scimMaxBodyBytes: number;
  sessionSecret: string | undefined;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  ssoClockSkewMs: number;
  ssoFetchAllowPrivate: boolean;
  /** Origins a return URL may point to besides PUBLIC_URL's own. */
  returnOrigins: string[];
  samlSpSigning: { privateKey: string; certificate: string } | null;
  /** Opens encrypted SAML assertions; the certificate is what IdPs encrypt to (SP metadata). */
  samlSpDecryption: { privateKey: string; certificate: string } | null;
  rateLimits: RateLimitSettings;
  outboxIntervalMs: number;
  webhookTimeoutMs: number;
  oidcKeyRefreshMs: number;
  sessionCookieDomain: string | undefined;
  /** The seat tiers sold, best first (TIERS_FILE, docs/operations.md "Tier catalogue"). */
  tiers: Catalogue;
}

/** Sustained requests per second and the most accepted at once (a burst from idle). */
export interface RateLimit { perSecond: number; burst: number }

export interface RateLimitSettings {
  /** Shared store for several processes; unset keeps the counters in each process's memory. */
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Per SCIM token, per API key, per session, per client address on sign-in pages; null = off. */
  scim: RateLimit | null;
  api: RateLimit | null;
  session: RateLimit | null;
  login: RateLimit | null;
  /** Forward auth (/auth/verify), per session; the OpenID Provider's token, userinfo and logout endpoints, per client. */
  verify: RateLimit | null;
  app: RateLimit | null;
  /** Failed authentications per client address per minute; 0 = off. */
  authFailuresPerMinute: number;
}

export class ConfigError extends Error {}

/** Reads `source` (default: process.env plus `.env` when present) into a frozen Config. */
export function loadConfig(source?: Record<string, string | undefined>): Readonly<Config> {
  const raw = source ?? readProcessEnv();
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const expected = (schema.shape as Record<string, z.ZodType>)[key]?.description ?? issue.message;
    throw new ConfigError(`Configuration error: ${key} must be ${expected} (got ${JSON.stringify(cleaned[key])})`);
  }
  const env = parsed.data;
  return Object.freeze({
    port: env.PORT,
    host: env.HOST,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    trustProxy: env.TRUST_PROXY,
    renewalIntervalSeconds: env.RENEWAL_INTERVAL_SECONDS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    inviteTtlDays: env.INVITE_TTL_DAYS,
    seatRequestMaxAgeDays: env.SEAT_REQUEST_MAX_AGE_DAYS,
    inviteSecret: env.INVITE_SECRET,
    dnsResolver: env.DNS_RESOLVER,
    alertIntervalSeconds: env.ALERT_INTERVAL_SECONDS,
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
    scimMaxBodyBytes: env.SCIM_MAX_BODY_BYTES,
    sessionSecret: env.SESSION_SECRET,
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    ssoClockSkewMs: env.SSO_CLOCK_SKEW_SECONDS * 1000,
    ssoFetchAllowPrivate: env.SSO_FETCH_ALLOW_PRIVATE,
    returnOrigins: env.SSO_RETURN_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    samlSpSigning: readSpSigning(env),
    samlSpDecryption: readSpDecryption(env),
    rateLimits: readRateLimits(env),
    outboxIntervalMs: env.OUTBOX_INTERVAL_MS,
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
    oidcKeyRefreshMs: env.OIDC_KEY_REFRESH_SECONDS * 1000,
    sessionCookieDomain: env.SESSION_COOKIE_DOMAIN,
    scimTokenCacheMs: env.SCIM_TOKEN_CACHE_SECONDS * 1000,
    metrics: Object.freeze({ port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN }),
    tiers: readTierCatalogue(env.TIERS_FILE ?? DEFAULT_TIERS_FILE),
  });
}

/** Reads and validates the tier catalogue; any fault is one line naming the file and the problem. */
export function readTierCatalogue(file: string): Catalogue {
  const fail = (problem: string) => new ConfigError(`Configuration error: TIERS_FILE ${JSON.stringify(file)} ${problem}`);
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch { throw fail('must be a readable file'); }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) { throw fail(`must be JSON: ${(err as Error).message}`); }
  try { return parseCatalogue(raw); } catch (err) {
    if (err instanceof CatalogueInvalid) throw fail(`is not a valid tier catalogue: ${err.message}`);
    throw err;
  }
}

function readRateLimits(env: Env): RateLimitSettings {
  const limit = (cls: keyof typeof BURST_FACTORS): RateLimit | null => {
    const perSecond = env[`RATE_LIMIT_${cls}_PER_SECOND`];
    if (perSecond === 0) return null;
    const burst = env[`RATE_LIMIT_${cls}_BURST`] ?? BURST_FACTORS[cls] * perSecond;
    if (burst < perSecond) {
      throw new ConfigError(`Configuration error: RATE_LIMIT_${cls}_BURST must be at least RATE_LIMIT_${cls}_PER_SECOND (${perSecond}) (got "${burst}")`);
    }
    return Object.freeze({ perSecond, burst });
  };
  return Object.freeze({
    redisUrl: env.RATE_LIMIT_REDIS_URL, redisPrefix: env.RATE_LIMIT_REDIS_PREFIX,
    scim: limit('SCIM'), api: limit('API'), session: limit('SESSION'), login: limit('LOGIN'), verify: limit('VERIFY'), app: limit('APP'),
    authFailuresPerMinute: env.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
  });
}

function readSpSigning(env: Env): Config['samlSpSigning'] {
  if (!env.SAML_SP_PRIVATE_KEY_FILE && !env.SAML_SP_CERT_FILE) return null;
  if (!env.SAML_SP_PRIVATE_KEY_FILE || !env.SAML_SP_CERT_FILE) {
    throw new ConfigError('Configuration error: SAML_SP_PRIVATE_KEY_FILE and SAML_SP_CERT_FILE must be set together');
  }
  const read = (name: string, file: string) => {
    try { return fs.readFileSync(file, 'utf8'); } catch { throw new ConfigError(`Configuration error: ${name} must be a readable file (got ${JSON.stringify(file)})`); }
  };
  return { privateKey: read('SAML_SP_PRIVATE_KEY_FILE', env.SAML_SP_PRIVATE_KEY_FILE), certificate: read('SAML_SP_CERT_FILE', env.SAML_SP_CERT_FILE) };
}

// Checked here rather than at the first encrypted sign-in: a key the IdP cannot match would
// otherwise surface as every person's sign-in failing.
function readSpDecryption(env: Env): Config['samlSpDecryption'] {
  const keyFile = env.SAML_SP_DECRYPTION_KEY_FILE;
  const certFile = env.SAML_SP_DECRYPTION_CERT_FILE;
  if (!keyFile && !certFile) return null;
  if (!keyFile || !certFile) throw new ConfigError('Configuration error: SAML_SP_DECRYPTION_KEY_FILE and SAML_SP_DECRYPTION_CERT_FILE must be set together');
  const read = (name: string, file: string) => {
    try { return fs.readFileSync(file, 'utf8'); } catch { throw new ConfigError(`Configuration error: ${name} must be a readable file (got ${JSON.stringify(file)})`); }
  };
  const privateKey = read('SAML_SP_DECRYPTION_KEY_FILE', keyFile);
  const certificate = read('SAML_SP_DECRYPTION_CERT_FILE', certFile);
  let key; let cert;
  try { key = createPrivateKey(privateKey); } catch { throw new ConfigError(`Configuration error: SAML_SP_DECRYPTION_KEY_FILE must be an unencrypted PEM private key (got ${JSON.stringify(keyFile)})`); }
  if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`Configuration error: SAML_SP_DECRYPTION_KEY_FILE must be an RSA key, as XML Encryption key transport needs (got a ${key.asymmetricKeyType} key)`);
  try { cert = new X509Certificate(certificate); } catch { throw new ConfigError(`Configuration error: SAML_SP_DECRYPTION_CERT_FILE must be a PEM X.509 certificate (got ${JSON.stringify(certFile)})`); }
  if (!cert.checkPrivateKey(key)) throw new ConfigError('Configuration error: SAML_SP_DECRYPTION_CERT_FILE must be the certificate of SAML_SP_DECRYPTION_KEY_FILE (their public keys differ)');
  return { privateKey, certificate };
}

function readProcessEnv(): Record<string, string | undefined> {
  const fromFile = fs.existsSync('.env') ? dotenv.parse(fs.readFileSync('.env')) : {};
  // Real environment variables win over .env, as operators expect.
  return { ...fromFile, ...process.env };
}

const benchSchema = z.object({
  BENCH_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional()
    .describe('a postgres:// URL of a server where the benchmark may create and drop databases'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional().describe('a postgres:// or postgresql:// URL'),
  BENCH_QUICK: bool.default(false).describe('true for a small, fast smoke run of the benchmarks'),
  BENCH_SUITES: z.string().regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/).optional()
    .describe('a comma-separated list of suite names to run (the others keep their last figures)'),
  BENCH_PROFILE: bool.default(false).describe('true to run the floor suite\'s Seatgate under node --cpu-prof and summarise where its time went'),
  ...benchSize('BENCH_FLOOR_USERS', 'users preloaded for the floor suite\'s lookups'),
  ...benchSize('BENCH_FLOOR_OPERATIONS', 'lookups and creates per side in the floor suite'),
  ...benchSize('BENCH_SCALE_MEMBERS', 'members bulk-loaded into one org by the scale suite'),
  ...benchSize('BENCH_SCALE_IMPORT_USERS', 'users paged through by the scale suite\'s import'),
  ...benchSize('BENCH_SCALE_RATE', 'requests per second offered by the scale suite\'s open-loop lookups'),
  ...benchSize('BENCH_SCALE_SECONDS', 'seconds of open-loop lookups per attribute in the scale suite'),
  ...benchSize('BENCH_STORM_CLAIMS', 'claims per cell in the storm suite'),
});

function benchSize<K extends string>(name: K, what: string): Record<K, z.ZodOptional<z.ZodCoercedNumber<unknown>>> {
  return { [name]: z.coerce.number().int().min(1).max(100_000_000).optional().describe(`a whole number of ${what}, 1 to 100000000`) } as
    Record<K, z.ZodOptional<z.ZodCoercedNumber<unknown>>>;
}

/** Sizes of the bench suites; unset ones take the suite's full-size default (scaled down by BENCH_QUICK). */
export interface BenchSizes {
  floorUsers?: number; floorOperations?: number;
  scaleMembers?: number; scaleImportUsers?: number; scaleRate?: number; scaleSeconds?: number;
  stormClaims?: number;
}

export interface BenchSettings {
  /** Server to benchmark on (BENCH_DATABASE_URL, else DATABASE_URL); the runner may fall back to a local one. */
  databaseUrl: string | undefined;
  quick: boolean;
  suites: string[] | null;
  sizes: Readonly<BenchSizes>;
  profile: boolean;
}

/** Settings of `npm run bench` (src/bench/run.ts), read and checked like the service's. */
export function loadBenchSettings(source?: Record<string, string | undefined>): Readonly<BenchSettings> {
  const raw = source ?? readProcessEnv();
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k in benchSchema.shape && v !== undefined && v !== ''));
  const parsed = benchSchema.safeParse(cleaned);
  if (!parsed.success) {
    const key = String(parsed.error.issues[0]!.path[0]);
    const expected = (benchSchema.shape as Record<string, z.ZodType>)[key]?.description ?? parsed.error.issues[0]!.message;
    throw new ConfigError(`Configuration error: ${key} must be ${expected} (got ${JSON.stringify(cleaned[key])})`);
  }
  return Object.freeze({
    databaseUrl: parsed.data.BENCH_DATABASE_URL ?? parsed.data.DATABASE_URL,
    quick: parsed.data.BENCH_QUICK,
    suites: parsed.data.BENCH_SUITES ? parsed.data.BENCH_SUITES.split(',') : null,
    profile: parsed.data.BENCH_PROFILE,
    sizes: Object.freeze(Object.fromEntries(Object.entries({
      floorUsers: parsed.data.BENCH_FLOOR_USERS, floorOperations: parsed.data.BENCH_FLOOR_OPERATIONS,
      scaleMembers: parsed.data.BENCH_SCALE_MEMBERS, scaleImportUsers: parsed.data.BENCH_SCALE_IMPORT_USERS,
      scaleRate: parsed.data.BENCH_SCALE_RATE, scaleSeconds: parsed.data.BENCH_SCALE_SECONDS, stormClaims: parsed.data.BENCH_STORM_CLAIMS,
    }).filter(([, v]) => v !== undefined)) as BenchSizes),
  });
}
