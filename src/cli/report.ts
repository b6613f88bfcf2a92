// How a failed command ends: every failure is a code and a sentence, on stderr (as
// {"error":{code,message}} with --json), and an exit status: 2 for bad usage or configuration
// (with the command's usage), 1 for a refusal or a failure. Database failures are translated
// as everywhere else (constraint-errors.ts), so an unreachable database says STORAGE_UNAVAILABLE.
import { isCodedFailure } from '../domain/errors.js';
import { ConfigError } from '../config.js';
import { MigrationFailed, StorageUnavailable } from '../db/errors.js';
import { translateDbError } from '../domain/storage/constraint-errors.js';
import { UsageError, type AnyCommand } from './command.js';
import { usageLine } from './help.js';

export interface CliIo { out: (s: string) => void; err: (s: string) => void }

export function usageFailure(message: string, usage: string, json: boolean, io: CliIo): number {
  io.err(json ? JSON.stringify({ error: { code: 'USAGE', message, usage } }) : `seatgate: ${message}\nusage: ${usage}`);
  return 2;
}

export async function reportFailure(err: unknown, command: AnyCommand, json: boolean, io: CliIo): Promise<number> {
  if (err instanceof UsageError) return usageFailure(err.message, usageLine(command), json, io);
  if (err instanceof ConfigError) {
    io.err(json ? JSON.stringify({ error: { code: 'CONFIG_INVALID', message: err.message } }) : `seatgate: CONFIG_INVALID: ${err.message}`);
    return 2;
  }
  // A migration that failed because the database cannot be reached is an outage, not a broken migration.
  const outage = err instanceof MigrationFailed ? await translateDbError(err.cause) : null;
  const translated = outage instanceof StorageUnavailable ? outage : await translateDbError(err);
  if (isCodedFailure(translated)) {
    // The operator at this terminal may see what the HTTP edge keeps for the log.
    // (Duck-typed: errors of node's own modules fail `instanceof Error` under jest's vm.)
    const causeText = (translated.cause as { message?: unknown } | undefined)?.message;
    const cause = !translated.expose && typeof causeText === 'string' && !translated.message.includes(causeText) ? ` (${causeText})` : '';
    const message = translated.message + cause;
    const extra = 'counts' in translated ? { counts: (translated as { counts: unknown }).counts } : {};
    io.err(json ? JSON.stringify({ error: { code: translated.code, message, ...extra } }) : `seatgate: ${translated.code}: ${message}`);
    return 1;
  }
  const message = `Something went wrong: ${(err as Error)?.message ?? String(err)}`;
  io.err(json ? JSON.stringify({ error: { code: 'INTERNAL', message } }) : `seatgate: INTERNAL: ${message}`);
  return 1;
}
