// What a CLI command is: its words, usage line, options (node:util parseArgs form) and a run
// function that returns data. The runner prints it as text or, with --json, as JSON.
import type { ParseArgsConfig } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { ActionContext } from '../domain/context.js';
import type { MigrationReport } from '../db/migrate.js';

export interface CliContext {
  config: Readonly<Config>;
  /** Opens (and migrates) the database on first use. */
  db(): Promise<Kysely<Database>>;
  /** What opening the database migrated (null until `db()` has run). */
  migration(): MigrationReport | null;
  action(): ActionContext;
}

export interface CommandResult {
  /** What --json prints. */
  json: unknown;
  /** What a person reads. */
  text: string;
}

export interface Command {
  words: string[];
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CliContext, values: Record<string, unknown>): Promise<CommandResult>;
}

export class UsageError extends Error {}

export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function wholeNumber(values: Record<string, unknown>, name: string, fallback?: number): number {
  const v = values[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
}
