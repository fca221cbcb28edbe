/**
 * Reading values of a parsed fly.toml with their source ranges: the questions other
 * parts of the product ask (app, primary_region, [env], process groups, the key under
 * the cursor).
 */
import type { Position, Range } from '../types';
import type { AST } from 'toml-eslint-parser';
import { entryIn, sourceMapOf, toLoc } from './parse';
import type { LineIndex } from './position';
import type { FlyTomlDocument, Loc, TomlKind, TomlTable } from './parse';

function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * A string value at a key path with the range of the value token, e.g. ['primary_region'],
 * ['env','FAUNA_ENDPOINT']. Where the path crosses an array of tables (`[[env]]`), the last
 * table holding the rest of the path wins, as flyctl merges them in order.
 */
export function getString(doc: FlyTomlDocument, path: string[]): { value: string; range: Range } | null {
  if (!doc.data || path.length === 0) return null;
  const sm = sourceMapOf(doc);
  const found = lookup(doc.data, path, 0);
  if (!found) return null;
  const value = found.table[found.key];
  const loc = toLoc(entryIn(sm.locs.get(found.table), found.key));
  if (typeof value !== 'string' || !loc) return null;
  return { value, range: sm.lines.range(loc.value[0], loc.value[1]) };
}

function lookup(container: unknown, path: string[], i: number): { table: TomlTable; key: string } | null {
  if (Array.isArray(container)) {
    for (let j = container.length - 1; j >= 0; j--) {
      const hit = isTable(container[j]) ? lookup(container[j], path, i) : null;
      if (hit) return hit;
    }
    return null;
  }
  if (!isTable(container) || !Object.prototype.hasOwnProperty.call(container, path[i])) return null;
  if (i === path.length - 1) return { table: container, key: path[i] };
  return lookup(container[path[i]], path, i + 1);
}

/** One `[env]` entry. */
export interface EnvEntry {
  name: string;
  /** The value as flyctl passes it to the machine (non-strings stringified like Go's `%v`). */
  value: string;
  /**
   * The whole entry line(s), including the line break, when the entry is alone on its
   * line(s) (a trailing comment goes with it); otherwise the `KEY = value` text itself.
   * Deleting this range removes the entry and nothing else.
   */
  entryRange: Range;
  keyRange: Range;
  valueRange: Range;
}

/**
 * Go's `fmt.Sprintf("%v", v)` for the values TOML can hold. `kind` tells a TOML float
 * (`2.0`, printed by Go as `2`, and `1e+06` from a million) from an integer, which a
 * JavaScript number cannot.
 */
export function goFormat(v: unknown, kind?: TomlKind): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return kind === 'float' || !Number.isInteger(v) ? goFloat(v) : String(v);
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, ' +0000 UTC');
  if (Array.isArray(v)) return `[${v.map((x) => goFormat(x)).join(' ')}]`;
  if (isTable(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Go's %v of a float64: %g with the shortest digits, in exponent form below 1e-4 and from 1e6 up. */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [m, e] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** The span to delete to remove an entry: its whole line(s) when nothing else is on them. */
export function deletionSpan(text: string, entry: readonly [number, number]): [number, number] {
  let s = entry[0];
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  const atLineStart = s === 0 || text[s - 1] === '\n' || text[s - 1] === '\r';
  let e = entry[1];
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text[e] === '#') {
    while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  }
  const atLineEnd = e >= text.length || text[e] === '\n' || text[e] === '\r';
  if (atLineStart && atLineEnd) {
    if (text[e] === '\r' && text[e + 1] === '\n') e += 2;
    else if (e < text.length) e += 1;
    return [s, e];
  }
  // Inside an inline table: take the comma after (or before) the entry with it.
  let a = entry[0];
  let b = entry[1];
  let j = b;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] === ',') {
    j++;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    return [a, j];
  }
  let i = a;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (text[i - 1] === ',') {
    a = i - 1;
    b = entry[1];
  }
  return [a, b];
}

/** Every `[env]` entry, in file order: table form, `[[env]]` form, inline `env = {...}`. A name in several `[[env]]` tables appears each time; flyctl keeps the last. */
export function envEntries(doc: FlyTomlDocument): EnvEntry[] {
  if (!doc.data) return [];
  const sm = sourceMapOf(doc);
  const env = doc.data.env;
  const tables: TomlTable[] = isTable(env) ? [env] : Array.isArray(env) ? env.filter(isTable) : [];
  const out: Array<EnvEntry & { at: number }> = [];
  for (const t of tables) {
    const locs = sm.locs.get(t);
    for (const name of Object.keys(t)) {
      const loc = toLoc(entryIn(locs, name));
      if (!loc || loc.via !== 'kv') continue; // dotted keys (A.B = 1) make a table flyctl stringifies; no single line
      const del = deletionSpan(doc.text, loc.entry);
      out.push({
        name,
        value: goFormat(t[name], loc.kind),
        entryRange: sm.lines.range(del[0], del[1]),
        keyRange: sm.lines.range(loc.keys[0][0], loc.keys[0][1]),
        valueRange: sm.lines.range(loc.value[0], loc.value[1]),
        at: loc.entry[0],
      });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out.map(({ at: _at, ...e }) => e);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Process group names declared in [processes] (sorted, as flyctl lists them), or ['app'] when none. */
export function processGroups(doc: FlyTomlDocument): string[] {
  const p = doc.data?.processes;
  let names: string[] = [];
  if (isTable(p)) names = Object.keys(p);
  else if (Array.isArray(p)) {
    // Legacy [[processes]] name = "...", command = "..."
    for (const item of p) if (isTable(item) && item.name !== undefined) names.push(goFormat(item.name));
  }
  names = [...new Set(names)].sort();
  return names.length ? names : ['app'];
}

/** Services as flyctl reads them: `[[services]]` or a single `[services]`. */
export function serviceTables(data: TomlTable): TomlTable[] {
  const s = data.services;
  return isTable(s) ? [s] : Array.isArray(s) ? s.filter(isTable) : [];
}

/**
 * Process groups that serve traffic: those named by [http_service] or [[services]]
 * `processes` (the default group when a service names none); null when the file
 * declares no service (meaning: every group).
 */
export function servingProcessGroups(doc: FlyTomlDocument): string[] | null {
  if (!doc.data) return null;
  const services: TomlTable[] = [];
  if (isTable(doc.data.http_service)) services.push(doc.data.http_service);
  services.push(...serviceTables(doc.data));
  if (services.length === 0) return null;
  const def = defaultProcessGroup(doc);
  const out = new Set<string>();
  for (const s of services) {
    const ps = stringList(s.processes);
    if (ps.length === 0) out.add(def);
    for (const p of ps) out.add(p);
  }
  return [...out];
}

/** flyctl's default group: "app" when there is no [processes] or it holds "app", else the first name in order. */
export function defaultProcessGroup(doc: FlyTomlDocument): string {
  const names = processGroups(doc);
  return names.includes('app') ? 'app' : names[0];
}

/** What is under a position. */
export interface NodeAt {
  /** Concrete key path: table names, keys, array indices as decimal strings. */
  path: string[];
  kind: 'key' | 'value' | 'table-header';
  range: Range;
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

function inside(r: readonly [number, number], o: number): boolean {
  return o >= r[0] && o <= r[1];
}

/**
 * The key path and range under a 0-based position: a header segment, a key, or a
 * value (innermost array element or inline-table entry). Where the AST has nothing
 * there (a blank line, a half-typed key, or any line of a file with a syntax error) it
 * falls back to reading the lines: the table from the nearest header above, and the key
 * being typed (`path` ends with the partial key, `''` on a blank line, the range is the
 * partial word). Null inside comments and where no table can be told.
 */
export function nodeAt(doc: FlyTomlDocument, pos: Position): NodeAt | null {
  const sm = sourceMapOf(doc);
  const hit = doc.ast ? nodeInAst(doc, sm, pos) : null;
  return hit ?? nodeFromLines(doc.text, sm.lines, pos);
}

function nodeInAst(doc: FlyTomlDocument, sm: ReturnType<typeof sourceMapOf>, pos: Position): NodeAt | null {
  if (!doc.ast) return null;
  const o = sm.lines.offsetAt(pos);
  const range = (n: { range: [number, number] }): Range => sm.lines.range(n.range[0], n.range[1]);
  const top = doc.ast.body[0];
  let base: string[] = [];
  let body: AST.TOMLKeyValue[];
  // The last item starting at or before the offset holds it (items are in order).
  let lo = 0;
  let hi = top.body.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (top.body[mid].range[0] <= o) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (idx === -1) return null;
  const item = top.body[idx];
  if (item.type === 'TOMLTable') {
    const rk = item.resolvedKey.map(String);
    if (inside(item.key.range, o)) {
      // Map header segments onto the resolved key (which interleaves array indices).
      let seg = 0;
      for (let i = 0; i < rk.length; i++) {
        if (typeof item.resolvedKey[i] === 'number') continue;
        const k = item.key.keys[seg++];
        if (k && inside(k.range, o)) {
          let end = i + 1;
          if (end < rk.length && typeof item.resolvedKey[end] === 'number') end++;
          return { path: rk.slice(0, end), kind: 'table-header', range: range(k) };
        }
      }
      return { path: rk, kind: 'table-header', range: range(item.key) };
    }
    base = rk;
    body = item.body;
  } else {
    body = [item];
  }
  return inKeyValues(body, base, o, range);
}

function inKeyValues(
  body: AST.TOMLKeyValue[],
  base: string[],
  o: number,
  range: (n: { range: [number, number] }) => Range,
): NodeAt | null {
  for (const kv of body) {
    if (!inside(kv.range, o)) continue;
    const keys = kv.key.keys.map(keyName);
    for (let i = 0; i < kv.key.keys.length; i++) {
      const k = kv.key.keys[i];
      if (inside(k.range, o)) return { path: [...base, ...keys.slice(0, i + 1)], kind: 'key', range: range(k) };
    }
    if (inside(kv.value.range, o)) return inValue(kv.value, [...base, ...keys], o, range);
    return null;
  }
  return null;
}

function inValue(
  node: AST.TOMLContentNode,
  path: string[],
  o: number,
  range: (n: { range: [number, number] }) => Range,
): NodeAt | null {
  if (node.type === 'TOMLArray') {
    for (let i = 0; i < node.elements.length; i++) {
      const el = node.elements[i];
      if (inside(el.range, o)) return inValue(el, [...path, String(i)], o, range);
    }
    return { path, kind: 'value', range: range(node) };
  }
  if (node.type === 'TOMLInlineTable') {
    const hit = inKeyValues(node.body, path, o, range);
    return hit ?? { path, kind: 'value', range: range(node) };
  }
  return { path, kind: 'value', range: range(node) };
}

/** Splits a dotted TOML key (bare, "basic" or 'literal' segments); null if it does not look like one. */
function splitKey(k: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < k.length) {
    while (k[i] === ' ' || k[i] === '\t') i++;
    if (k[i] === '"' || k[i] === "'") {
      const q = k[i];
      let j = i + 1;
      let seg = '';
      while (j < k.length && k[j] !== q) {
        if (q === '"' && k[j] === '\\' && j + 1 < k.length) j++;
        seg += k[j++];
      }
      if (j >= k.length) return null;
      out.push(seg);
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(k.slice(i));
      if (!m) return null;
      out.push(m[0]);
      i += m[0].length;
    }
    while (k[i] === ' ' || k[i] === '\t') i++;
    if (i < k.length) {
      if (k[i] !== '.') return null;
      i++;
    }
  }
  return out.length ? out : null;
}

const HEADER = /^\s*(\[\[?)\s*(.*?)\s*\]\]?\s*(#.*)?$/;

/** The line-based reading behind `nodeAt` (works on any text, valid TOML or not). */
function nodeFromLines(text: string, lines: LineIndex, pos: Position): NodeAt | null {
  if (pos.line < 0 || pos.line >= lines.lineCount) return null;
  const lineText = (n: number): string => {
    const s = lines.offsetAt({ line: n, character: 0 });
    return text.slice(s, lines.offsetAt({ line: n, character: Number.MAX_SAFE_INTEGER }));
  };
  // The table path at the cursor: replay the headers above it, numbering [[arrays]].
  const counts = new Map<string, number>();
  let table: string[] = [];
  for (let n = 0; n < pos.line; n++) {
    const m = HEADER.exec(lineText(n));
    if (!m) continue;
    const segs = splitKey(m[2]);
    if (!segs) continue;
    table = headerPath(segs, m[1] === '[[', counts);
  }
  const line = lineText(pos.line);
  const ch = Math.max(0, Math.min(pos.character, line.length));
  const before = line.slice(0, ch);
  if (line.trimStart().startsWith('#') || (before.includes('#') && !/["']/.test(before))) return null;
  const header = HEADER.exec(line);
  if (header && !before.includes('=')) {
    const segs = splitKey(header[2]);
    if (!segs) return null;
    const start = line.indexOf(header[2]);
    return { path: headerPath(segs, header[1] === '[[', new Map(counts)), kind: 'table-header', range: lineRange(pos.line, start, start + header[2].length) };
  }
  const eq = line.indexOf('=');
  if (eq !== -1 && eq < ch) {
    const keys = splitKey(line.slice(0, eq).trim());
    if (!keys) return null;
    let vs = eq + 1;
    while (line[vs] === ' ' || line[vs] === '\t') vs++;
    let ve = line.length;
    const hash = line.indexOf('#', vs);
    if (hash !== -1 && !/["']/.test(line.slice(vs, hash))) ve = hash;
    while (ve > vs && (line[ve - 1] === ' ' || line[ve - 1] === '\t')) ve--;
    return { path: [...table, ...keys], kind: 'value', range: lineRange(pos.line, vs, Math.max(vs, ve)) };
  }
  // A key being typed: the dotted word around the cursor.
  let s = ch;
  while (s > 0 && /[A-Za-z0-9_.-]/.test(line[s - 1])) s--;
  let e = ch;
  while (e < line.length && /[A-Za-z0-9_-]/.test(line[e])) e++;
  if (line.slice(0, s).trim() !== '') return null;
  const word = line.slice(s, e);
  const parts = word.split('.');
  const last = parts.pop() ?? '';
  const lastStart = s + word.length - last.length;
  return { path: [...table, ...parts.filter((p) => p !== ''), last], kind: 'key', range: lineRange(pos.line, lastStart, e) };
}

function lineRange(line: number, a: number, b: number): Range {
  return { start: { line, character: a }, end: { line, character: b } };
}

/** The concrete path of a header, numbering array-of-tables items as TOML does. */
function headerPath(segs: string[], isArray: boolean, counts: Map<string, number>): string[] {
  const path: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    path.push(segs[i]);
    const key = path.join('\u0000');
    const last = i === segs.length - 1;
    if (last && isArray) {
      const n = (counts.get(key) ?? -1) + 1;
      counts.set(key, n);
      // A new item starts afresh for the arrays inside it.
      for (const k of [...counts.keys()]) if (k.startsWith(key + '\u0000')) counts.delete(k);
      path.push(String(n));
    } else if (counts.has(key)) path.push(String(counts.get(key)));
  }
  return path;
}

export type { Loc };
