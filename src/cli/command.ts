// What a CLI command is: its words, a summary, its options (each with the help text that
// `seatgate <command> --help` prints), a `parse` that checks and converts every argument before
// anything is opened, and a `run` that returns data. The runner prints it as text or, with
// --json, as JSON. An edge adds a command by listing one of these in commands/index.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Config } from '../config.js';
import type { ActionContext } from '../domain/context.js';
import type { MigrationReport } from '../db/migrate.js';

export interface CliContext {
  config: Readonly<Config>;
  /**
   * The database: the running server's, through its socket, when a server holds DATA_DIR;
   * otherwise opened (and migrated) by this process on first use (open-database.ts).
   */
  db(): Promise<Kysely<Database>>;
  /** What opening the database migrated, or found (null until `db()` has run). */
  migration(): MigrationReport | null;
  action(): ActionContext;
}

export interface CommandResult {
  /** What --json prints. */
  json: unknown;
  /** What a person reads. */
  text: string;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The placeholder in the usage line: `--org SLUG`. */
  value?: string;
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  required?: boolean;
  /** One sentence for --help. */
  help: string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command<I = Values> {
  words: string[];
  summary: string;
  options: Record<string, OptionSpec>;
  /** A complete, valid invocation (without `seatgate`), shown in --help. */
  example: string[];
  /** Further lines for --help: what the command guarantees, what to do next. */
  notes?: string[];
  /** Checks every argument, throwing UsageError; runs before the database is opened. */
  parse?(values: Values): I;
  run(ctx: CliContext, input: I): Promise<CommandResult>;
}

// Commands differ in their parsed input; the registry holds them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

/** Bad or missing arguments: exit 2 with the command's usage. */
export class UsageError extends Error {}

export function defineCommand<I = Values>(command: Command<I>): Command<I> {
  return command;
}
