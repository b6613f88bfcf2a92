// The `seatgate` command line: finds the command by its words, parses its options strictly,
// runs it and prints text or --json. Exit codes: 0 done, 1 refused or failed, 2 bad usage.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { loadConfig, ConfigError, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { migrateToLatest, type MigrationReport } from '../db/migrate.js';
import { DomainError, InvalidInput } from '../domain/errors.js';
import { describeTextFault, findUnstorableText } from '../domain/text/storable-text.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { COMMANDS } from './commands/index.js';
import { UsageError, type CliContext, type Command } from './command.js';

export interface CliIo { out: (s: string) => void; err: (s: string) => void }

const defaultIo: CliIo = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

export async function main(argv: string[], io: CliIo = defaultIo, clock: Clock = systemClock, configOverride?: Readonly<Config>): Promise<number> {
  const json = argv.includes('--json');
  const command = findCommand(argv);
  if (!command || argv.includes('--help') || argv.includes('-h')) {
    io[command || argv.length === 0 || argv.includes('--help') ? 'out' : 'err'](command ? `usage: ${command.usage}` : help(argv));
    return command || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  let handle: DatabaseHandle | undefined;
  let migration: MigrationReport | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(command.words.length), options: { ...command.options, json: { type: 'boolean' } }, strict: true, allowPositionals: true,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    // A shell cannot pass a NUL, but a caller of main() can: refused like any edge's input.
    const badText = findUnstorableText(values);
    if (badText) throw new InvalidInput(`--${badText.path}`, describeTextFault(badText.fault));
    const config = configOverride ?? loadConfig();
    const ctx: CliContext = {
      config,
      db: async () => {
        if (!handle) {
          handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 });
          migration = await migrateToLatest(handle.db);
        }
        return handle.db;
      },
      migration: () => migration,
      action: () => ({ method: 'cli', actor: { type: 'cli', label: `cli (${safeUser()})` }, clock }),
    };
    const result = await command.run(ctx, values);
    if (result.text || json) io.out(json ? JSON.stringify(result.json, null, 2) : result.text);
    return 0;
  } catch (err) {
    return report(err, command, json, io);
  } finally {
    await handle?.close();
  }
}

function report(err: unknown, command: Command, json: boolean, io: CliIo): number {
  const isUsage = err instanceof UsageError || (err as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS');
  if (isUsage) {
    io.err(json ? JSON.stringify({ error: { code: 'USAGE', message: (err as Error).message, usage: command.usage } })
      : `seatgate: ${(err as Error).message}\nusage: ${command.usage}`);
    return 2;
  }
  if (err instanceof ConfigError) { io.err(err.message); return 2; }
  if (err instanceof DomainError) {
    const extra = 'counts' in err ? { counts: (err as { counts: unknown }).counts } : {};
    io.err(json ? JSON.stringify({ error: { code: err.code, message: err.message, ...extra } }) : `seatgate: ${err.message}`);
    return 1;
  }
  io.err(json ? JSON.stringify({ error: { code: 'INTERNAL', message: String((err as Error)?.message ?? err) } })
    : `seatgate: failed: ${(err as Error)?.message ?? err}`);
  return 1;
}

function findCommand(argv: string[]): Command | undefined {
  return COMMANDS.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length)[0];
}

function help(argv: string[]): string {
  const intro = argv.length && !argv[0]!.startsWith('-') ? `seatgate: unknown command "${argv.filter((a) => !a.startsWith('-')).join(' ')}"\n\n` : '';
  return `${intro}usage: seatgate <command> [options] [--json]\n\n` +
    COMMANDS.map((c) => `  ${c.words.join(' ').padEnd(18)} ${c.summary}`).join('\n') +
    '\n\nRun `seatgate <command> --help` for its options. Configuration comes from the environment and .env (see README).';
}

function safeUser(): string {
  try { return userInfo().username; } catch { return 'operator'; }
}
