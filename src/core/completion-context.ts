/**
 * Where the cursor is in a fly.toml, for completions, read from the text around it
 * (not the parse tree: while typing, the file is often not valid TOML). Pure.
 */
import type { Position, Range } from './types';

/** The cursor is where a key starts (`  auto_st|`) inside the table `table` ([] = the root). */
export interface KeyCompletionContext {
  kind: 'key';
  table: string[];
  /** Keys already set in that table (above and below the cursor), not to be offered again. */
  present: string[];
  /** The partial key typed so far and its range (empty at the start of a line). */
  prefix: string;
  range: Range;
}

/** The cursor is in a value (`primary_region = "lh|`) of the key at `path`. */
export interface ValueCompletionContext {
  kind: 'value';
  path: string[];
  /** The quote already typed before the value (`"`, `'`), or "" for none. */
  quote: string;
  prefix: string;
  /** The range to replace: the typed part of the value, after the quote. */
  range: Range;
}

export type CompletionContext = KeyCompletionContext | ValueCompletionContext;

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY_START = /^\s*([A-Za-z0-9_-]*)$/;
const VALUE = /^\s*([A-Za-z0-9_.-]+|"[^"]*")\s*=\s*(["']?)([^"'#,\]\s]*)$/;

/** Splits a header or dotted key into names, unquoting `"a.b"` parts. */
function splitKey(raw: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < raw.length && (m = re.exec(raw)) !== null) {
    out.push(m[1] ?? m[2] ?? m[3]);
    if (m[0] === '') break;
  }
  return out;
}

/** True when `#` starts a comment somewhere in `s` (outside a basic or literal string). */
function hasComment(s: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return true;
  }
  return false;
}

/** The first segment of each `key = ...` line of the table from line `first` to the next header, except line `skip`. */
function keysOfTable(lines: string[], first: number, skip: number): string[] {
  const out: string[] = [];
  for (let l = first; l < lines.length; l++) {
    const line = lines[l].replace(/\r$/, '');
    if (l > skip && HEADER.test(line)) break;
    if (l === skip) continue;
    const m = /^\s*([A-Za-z0-9_-]+|"[^"]*")\s*[.=]/.exec(line);
    if (m) {
      const key = m[1].startsWith('"') ? m[1].slice(1, -1) : m[1];
      if (!out.includes(key)) out.push(key);
    }
  }
  return out;
}

/**
 * What can be completed at `pos`, or null (in a comment, a table header, a multi-line
 * value, or after a complete value). The enclosing table is the nearest header above.
 */
export function completionContext(text: string, pos: Position): CompletionContext | null {
  const lines = text.split('\n');
  if (pos.line < 0 || pos.line >= lines.length) return null;
  const line = lines[pos.line].replace(/\r$/, '');
  const before = line.slice(0, Math.min(pos.character, line.length));
  if (hasComment(before)) return null;

  let table: string[] = [];
  let first = 0;
  for (let l = pos.line - 1; l >= 0; l--) {
    const m = HEADER.exec(lines[l].replace(/\r$/, ''));
    if (m) {
      table = splitKey(m[1]);
      first = l + 1;
      break;
    }
  }

  const k = KEY_START.exec(before);
  if (k) {
    const start = before.length - k[1].length;
    return {
      kind: 'key',
      table,
      present: keysOfTable(lines, first, pos.line),
      prefix: k[1],
      range: {
        start: { line: pos.line, character: start },
        end: { line: pos.line, character: before.length },
      },
    };
  }
  const v = VALUE.exec(before);
  if (v) {
    const key = v[1].startsWith('"') ? [v[1].slice(1, -1)] : splitKey(v[1]);
    const start = before.length - v[3].length;
    return {
      kind: 'value',
      path: [...table, ...key],
      quote: v[2],
      prefix: v[3],
      range: {
        start: { line: pos.line, character: start },
        end: { line: pos.line, character: before.length },
      },
    };
  }
  return null;
}
