/**
 * Query arguments: values bound to names in the query (`arguments` in the request body).
 * The CLI takes them as `--arg NAME=JSON`; the view as one JSON object. Both are checked
 * here, before anything is sent.
 */
import type { PlainJson } from './value';

/** Argument values by name. */
export type QueryArguments = Record<string, PlainJson>;

/** The outcome of parsing: the arguments, or one message saying what is wrong. */
export type ArgsResult = { ok: true; value: QueryArguments } | { ok: false; error: string };

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** FQL's reserved words, which cannot name a variable (fauna.md §6). */
const RESERVED = new Set([
  'if',
  'else',
  'at',
  'match',
  'case',
  'let',
  'null',
  'true',
  'false',
  'isa',
  'join',
  'on',
  'of',
  'FQL',
  '_',
]);

/** Why a name cannot be an argument name, or null when it can. */
export function argumentNameProblem(name: string): string | null {
  if (!IDENT.test(name))
    return `'${name}' is not a valid argument name (letters, digits and _, not starting with a digit)`;
  if (RESERVED.has(name)) return `'${name}' is a reserved word in FQL and cannot name an argument`;
  return null;
}

function describeJsonError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parses repeated `NAME=JSON` flags; a later flag for the same name wins. */
export function parseArgFlags(flags: readonly string[]): ArgsResult {
  const value: QueryArguments = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0)
      return {
        ok: false,
        error: `--arg '${f}' must be NAME=JSON, e.g. --arg limit=10 or --arg name='"Alice"'`,
      };
    const name = f.slice(0, eq);
    const problem = argumentNameProblem(name);
    if (problem) return { ok: false, error: `--arg ${problem}` };
    const text = f.slice(eq + 1);
    try {
      value[name] = JSON.parse(text) as PlainJson;
    } catch (err) {
      return {
        ok: false,
        error: `--arg ${name}: the value is not valid JSON (${describeJsonError(err)}); strings need quotes, e.g. --arg ${name}='"text"'`,
      };
    }
  }
  return { ok: true, value };
}

/** Parses the view's arguments box: empty, or a JSON object of name → value. */
export function parseArgumentsJson(text: string): ArgsResult {
  if (text.trim() === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Arguments are not valid JSON: ${describeJsonError(err)}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      ok: false,
      error: 'Arguments must be a JSON object of name → value, e.g. {"limit": 10}',
    };
  }
  for (const name of Object.keys(parsed)) {
    const problem = argumentNameProblem(name);
    if (problem) return { ok: false, error: `Arguments: ${problem}` };
  }
  return { ok: true, value: parsed as QueryArguments };
}
