// Reading a command's arguments strictly: `--name value`, `--name=value`, boolean flags, options
// given more than once only where allowed, nothing positional. A value may start with a single
// dash (`--count -1` is the value "-1", refused by the number check with a plain sentence rather
// than node:util's "argument is ambiguous"). Then the checks each command's `parse` uses; every
// one throws a UsageError naming the option and what it expects.
import { InvalidInput } from '../domain/errors.js';
import { tiersByPriority } from '../domain/seats/tiers.js';
import { UsageError, type OptionSpec, type Values } from './command.js';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print the result as JSON on stdout; a failure as {"error":{"code","message"}} on stderr' },
  help: { type: 'boolean', help: 'show this help and exit' },
};

export function readArguments(args: string[], options: Record<string, OptionSpec>): Values {
  const specs: Record<string, OptionSpec> = { ...options, ...GLOBAL_OPTIONS };
  const values: Values = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h') { values.help = true; continue; }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(arg.startsWith('-') && arg.length > 1 ? `unknown option ${arg}` : `unexpected argument "${arg}"`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = Object.hasOwn(specs, name) ? specs[name]! : undefined;
    if (!spec) throw new UsageError(`unknown option --${name}${suggestion(name, Object.keys(specs))}`);
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || next === '-h' || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
      }
      value = next;
      i++;
    }
    if (value.trim() === '') throw new UsageError(`--${name} must not be empty`);
    if (spec.multiple) values[name] = [...list(values, name), value];
    else if (values[name] !== undefined) throw new UsageError(`--${name} is given more than once`);
    else values[name] = value;
  }
  for (const [name, spec] of Object.entries(options)) {
    if (spec.required && values[name] === undefined) throw new UsageError(`--${name} is required`);
  }
  return values;
}

function suggestion(name: string, known: string[]): string {
  const close = known.find((k) => k.startsWith(name) || name.startsWith(k));
  return close ? ` (did you mean --${close}?)` : '';
}

export function text(values: Values, name: string, max = 2048): string {
  const v = optionalText(values, name, max);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalText(values: Values, name: string, max = 2048): string | undefined {
  const v = values[name];
  if (typeof v !== 'string') return undefined;
  if (v.length > max) throw new UsageError(`--${name} must be at most ${max} characters`);
  return v;
}

export function list(values: Values, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : [];
}

export function flag(values: Values, name: string): boolean {
  return values[name] === true;
}

export interface NumberRange { min?: number; max?: number; fallback?: number }

export function wholeNumber(values: Values, name: string, range: NumberRange = {}): number {
  const v = values[name];
  if (v === undefined && range.fallback !== undefined) return range.fallback;
  const min = range.min ?? 0;
  const max = range.max ?? 1_000_000;
  const what = `--${name} must be a whole number from ${min} to ${max}`;
  if (typeof v !== 'string') throw new UsageError(`--${name} is required`);
  if (!/^\d{1,15}$/.test(v)) throw new UsageError(`${what}, not "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`${what}, not ${n}`);
  return n;
}

/**
 * `--name tier=N,tier=N`: a whole number per tier key of the catalogue. The named two-tier
 * options (`--standard`, `--premium`, `--price-standard`…) are folded in by the caller.
 */
export function perTierNumbers(values: Values, name: string, range: NumberRange = {}): Record<string, number> | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const tiers = tiersByPriority();
  const out: Record<string, number> = {};
  for (const part of String(v).split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*)=(\d{1,15})$/.exec(part);
    if (!m) throw new UsageError(`--${name} must be TIER=N pairs separated by commas (e.g. ${tiers.map((t) => `${t}=1`).join(',')}), not "${part}"`);
    if (!tiers.includes(m[1]!)) throw new UsageError(`--${name} names the tier "${m[1]}": the tiers are ${tiers.join(', ')}`);
    if (m[1]! in out) throw new UsageError(`--${name} names the tier "${m[1]}" twice`);
    const n = Number(m[2]);
    if (n < (range.min ?? 0) || n > (range.max ?? 1_000_000)) throw new UsageError(`--${name} ${m[1]} must be from ${range.min ?? 0} to ${range.max ?? 1_000_000}, not ${n}`);
    out[m[1]!] = n;
  }
  return out;
}

export function oneOf<T extends string>(values: Values, name: string, choices: readonly T[], fallback?: T): T {
  const v = values[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be ${choices.slice(0, -1).join(', ')}${choices.length > 1 ? ' or ' : ''}${choices.at(-1)}${typeof v === 'string' ? `, not "${v}"` : ''}`);
  }
  return v as T;
}

/** A calendar day, YYYY-MM-DD, that exists. */
export function isoDay(values: Values, name: string): string {
  const v = text(values, name);
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new UsageError(`--${name} must be a date as YYYY-MM-DD, not "${v}"`);
  }
  return v;
}

export function httpUrl(values: Values, name: string): string {
  const v = text(values, name);
  let url: URL;
  try { url = new URL(v); } catch { throw new UsageError(`--${name} must be a URL such as https://idp.example.com, not "${v}"`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--${name} must be an https URL, not "${v}"`);
  return v;
}

export function emailAddress(values: Values, name: string): string | undefined {
  const v = optionalText(values, name);
  if (v !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) throw new UsageError(`--${name} must be an email address, not "${v}"`);
  return v;
}

/** Runs a domain check on an argument; its InvalidInput becomes a usage error naming the option. */
export function checked<T>(option: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof InvalidInput) throw new UsageError(`--${option} ${err.reason}`);
    throw err;
  }
}
