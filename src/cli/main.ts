// The `seatgate` command line: finds the command by its words, reads and checks its arguments
// before anything is opened, runs it and prints text or --json. Exit codes: 0 done, 1 refused or
// failed (a code and a sentence), 2 bad usage (with the command's usage). `--help` after any
// command explains its options; `seatgate --version` prints the version.
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { InvalidInput } from '../domain/errors.js';
import { describeTextFault, findUnstorableText } from '../domain/text/storable-text.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { COMMANDS } from './commands/index.js';
import type { AnyCommand, CliContext } from './command.js';
import { readArguments } from './arguments.js';
import { commandHelp, overview, version } from './help.js';
import { reportFailure, usageFailure, type CliIo } from './report.js';
import { openCliDatabase, type CliDatabase } from './open-database.js';
import { installCatalogue } from '../domain/seats/catalogue.js';
import { syncTiersWithCatalogue } from '../domain/seats/tier-sync.js';

export type { CliIo } from './report.js';

const defaultIo: CliIo = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

export async function main(args: string[], io: CliIo = defaultIo, clock: Clock = systemClock, configOverride?: Readonly<Config>): Promise<number> {
  // `seatgate --json org list` means `seatgate org list --json`.
  const argv = args[0] === '--json' ? [...args.slice(1), '--json'] : args;
  const json = argv.includes('--json');
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) { io.out(version()); return 0; }
  if (argv[0] === 'help') return helpFor(argv.slice(1), io);
  const command = findCommand(argv);
  if (!command) return withoutCommand(argv, json, io);
  if (argv.includes('--help') || argv.includes('-h')) { io.out(commandHelp(command)); return 0; }

  let opening: Promise<CliDatabase> | undefined;
  try {
    // Before the arguments: a tier named on the command line is checked against the catalogue.
    const config = configOverride ?? loadConfig();
    installCatalogue(config.tiers);
    const values = readArguments(argv.slice(command.words.length), command.options);
    // A shell cannot pass a NUL, but a caller of main() can: refused like any edge's input.
    const badText = findUnstorableText(values);
    if (badText) throw new InvalidInput(`--${badText.path}`, describeTextFault(badText.fault));
    const input: unknown = command.parse ? command.parse(values) : values;
    let database: CliDatabase | null = null;
    const ctx: CliContext = {
      config,
      db: async () => {
        opening ??= openCliDatabase(config, {
          log: createLogger(config.logLevel, 2), ...(json ? {} : { onWait: (pid: number) => io.err(`seatgate: waiting for the Seatgate server (pid ${pid}) to share its database…`) }),
        });
        const first = !database;
        database = await opening;
        if (first) await syncTiersWithCatalogue(database.handle.db, config.tiers);
        return database.handle.db;
      },
      migration: () => database?.migration ?? null,
      action: () => ({ method: 'cli', actor: { type: 'cli', label: `cli (${safeUser()})` }, clock }),
    };
    const result = await command.run(ctx, input);
    if (result.text || json) io.out(json ? JSON.stringify(result.json, null, 2) : result.text);
    return 0;
  } catch (err) {
    return await reportFailure(err, command, json, io);
  } finally {
    if (opening) await opening.then((d) => d.handle.close(), () => {});
  }
}

function findCommand(argv: string[]): AnyCommand | undefined {
  return COMMANDS.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length)[0];
}

/** No command matched: the overview, or the commands of a group (`seatgate sso`). */
function withoutCommand(argv: string[], json: boolean, io: CliIo): number {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words = argv.filter((a) => !a.startsWith('-'));
  const group = words.length === 1 ? COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === words[0]) : [];
  if (wantsHelp && words.length === 0) { io.out(overview(COMMANDS)); return 0; }
  if (group.length && wantsHelp) { io.out(overview(group)); return 0; }
  if (argv.length === 0) { io.err(overview(COMMANDS)); return 2; }
  const message = group.length ? `"${words[0]}" needs one of: ${group.map((c) => c.words[1]).join(', ')}`
    : words.length ? `unknown command "${words.join(' ')}"` : `unknown option ${argv[0]}`;
  if (json) return usageFailure(message, 'seatgate <command> [options] [--json]', true, io);
  io.err(overview(group.length ? group : COMMANDS, `seatgate: ${message}\n\n`));
  return 2;
}

function helpFor(words: string[], io: CliIo): number {
  if (words.length === 0) { io.out(overview(COMMANDS)); return 0; }
  const command = COMMANDS.find((c) => c.words.join(' ') === words.join(' '));
  const group = COMMANDS.filter((c) => c.words[0] === words[0] && words.length === 1);
  if (command) { io.out(commandHelp(command)); return 0; }
  if (group.length) { io.out(overview(group)); return 0; }
  io.err(overview(COMMANDS, `seatgate: unknown command "${words.join(' ')}"\n\n`));
  return 2;
}

function safeUser(): string {
  try { return userInfo().username; } catch { return 'operator'; }
}
