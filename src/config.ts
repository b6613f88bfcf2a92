// The one module that reads the environment (and `.env`). It validates every variable once, at
// start-up, into a frozen object; a bad value stops the process with one line naming the
// variable and what it expects. Nothing else reads process.env.
import fs from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

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
  SCIM_MAX_BODY_BYTES: z.coerce.number().int().min(65_536).max(67_108_864).default(4_194_304)
    .describe('the largest SCIM request body in bytes, 65536 to 67108864 (default 4 MiB: a 10,000-member group PATCH)'),
  TRUST_PROXY: bool.default(false).describe('true when Seatgate runs behind a reverse proxy that sets X-Forwarded-*'),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  scimMaxBodyBytes: number;
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
    scimMaxBodyBytes: env.SCIM_MAX_BODY_BYTES,
  });
}

function readProcessEnv(): Record<string, string | undefined> {
  const fromFile = fs.existsSync('.env') ? dotenv.parse(fs.readFileSync('.env')) : {};
  // Real environment variables win over .env, as operators expect.
  return { ...fromFile, ...process.env };
}
