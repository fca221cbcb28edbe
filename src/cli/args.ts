import { parseArgs } from 'node:util';
import { UsageError } from './io';

/** Option spec as node:util parseArgs takes it. */
export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Everything after a bare `--`, passed through untouched. */
  rest: string[];
}

/**
 * Strict argv parsing: an unknown flag or a missing value is a UsageError (exit 2).
 * Uses Node's own parser rather than a hand-written one.
 */
export function parse(argv: string[], options: OptionSpec, maxPositionals = Infinity): Parsed {
  const dd = argv.indexOf('--');
  const head = dd >= 0 ? argv.slice(0, dd) : argv;
  const rest = dd >= 0 ? argv.slice(dd + 1) : [];
  let parsed;
  try {
    parsed = parseArgs({ args: head, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(cleanParseError(err));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals, rest };
}

function cleanParseError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Node's messages carry a hint for `--` that makes no sense for our commands.
  return msg.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
}

/** The value of a string option, or undefined. */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** All values of a repeatable string option. */
export function list(p: Parsed, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** `--format text|json`. */
export function format(p: Parsed): 'text' | 'json' {
  const f = str(p, 'format') ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
  return f;
}
