// What the CLI says about itself: the usage line, built from a command's options so it cannot
// drift from what the parser accepts; `seatgate <command> --help`, which explains every option;
// the command list of `seatgate --help`; and `seatgate --version`.
import fs from 'node:fs';
import type { AnyCommand, OptionSpec } from './command.js';
import { GLOBAL_OPTIONS } from './arguments.js';

export const EXIT_STATUS = 'Exit status: 0 done; 1 refused or failed (a code and a sentence on stderr); 2 bad usage or configuration.';

export function usageLine(command: AnyCommand): string {
  const parts = Object.entries(command.options).map(([name, spec]) => {
    const shown = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}${spec.multiple ? '…' : ''}`;
    return spec.required ? shown : `[${shown}]`;
  });
  return ['seatgate', ...command.words, ...parts, '[--json]'].join(' ');
}

export function commandHelp(command: AnyCommand): string {
  const rows: Array<[string, string]> = [
    ...Object.entries(command.options).map(([name, spec]): [string, string] => [optionLabel(name, spec), describe(spec)]),
    ['--json', GLOBAL_OPTIONS.json!.help],
    ['-h, --help', GLOBAL_OPTIONS.help!.help],
  ];
  const width = Math.min(30, Math.max(...rows.map(([l]) => l.length)));
  return [
    `usage: ${usageLine(command)}`, '',
    sentence(command.summary), '',
    'Options:',
    ...rows.map(([label, help]) => `  ${label.padEnd(width)}  ${help}`), '',
    'Example:', `  seatgate ${command.example.map(quote).join(' ')}`,
    ...(command.notes?.length ? ['', ...command.notes] : []), '',
    EXIT_STATUS,
  ].join('\n');
}

export function overview(commands: readonly AnyCommand[], intro = ''): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  return `${intro}usage: seatgate <command> [options] [--json]\n\n` +
    commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`).join('\n') +
    '\n\nRun `seatgate <command> --help` (or `seatgate help <command>`) for its options; `seatgate --version` for the version.\n' +
    'Configuration comes from the environment and .env (see README). With the embedded database, a command\n' +
    'run while the server runs works on the server\'s database through its socket in DATA_DIR.\n\n' + EXIT_STATUS;
}

export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `seatgate ${pkg.version}`;
}

function optionLabel(name: string, spec: OptionSpec): string {
  return `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
}

function describe(spec: OptionSpec): string {
  const extras = [spec.required ? 'required' : '', spec.multiple ? 'repeatable' : ''].filter(Boolean);
  return extras.length ? `${spec.help} (${extras.join(', ')})` : spec.help;
}

function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + (s.endsWith('.') ? '' : '.');
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}
