/**
 * Parsing fly.toml: one walk over toml-eslint-parser's AST builds both the plain value
 * of the file and a source map (where each key and value is), so the linter never
 * walks the AST again and never searches for a key.
 */
import { parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import type { Finding } from '../types';
import { LineIndex } from './position';

/** The TOML form an entry was written in. */
export type TomlKind =
  | 'string'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'datetime'
  | 'array'
  | 'inline-table'
  | 'table'
  | 'array-of-tables';

/** Offsets [start, end) into the text. */
export type Span = readonly [number, number];

/** Where one entry of a table or array is in the source. */
export interface Loc {
  /** Every key segment naming this entry (dotted keys and headers may name a table many times); empty for array items. */
  keys: Span[];
  /** The value: a value node, or the first table (header and body) that defined it. */
  value: Span;
  /** The `key = value` node, or the table for a header; the item for an array element. */
  entry: Span;
  kind: TomlKind;
  /** How the entry came to be: `key = value`, a `[header]`, implied by a dotted key or header, or an array element. */
  via: 'kv' | 'header' | 'implicit' | 'item';
  /** For a string: true when written as a multi-line or literal string (edits must re-quote). */
  multiline?: boolean;
}

/** Plain object of a TOML table. */
export type TomlTable = Record<string, unknown>;

/** The source map of a document: for each table or array object in `data`, its entries' locations. */
export interface SourceMap {
  lines: LineIndex;
  locs: Map<object, Map<string, Loc>>;
}

/** A parsed fly.toml. */
export interface FlyTomlDocument {
  text: string;
  /** toml-eslint-parser's AST (TOML 1.0.0), null on a syntax error. */
  ast: AST.TOMLProgram | null;
  /** Plain value of the whole file (dates as `Date`), null on a syntax error. */
  data: Record<string, unknown> | null;
  /** The syntax error as a `toml-syntax` finding, or null. */
  syntaxError: Finding | null;
}

// Derived per-document data. Kept beside the document rather than in it so that the
// document stays the plain shape others code against; a WeakMap frees it with the document.
const sourceMaps = new WeakMap<FlyTomlDocument, SourceMap>();

/** Parses fly.toml text. Never throws: a syntax error (or input too deep to parse) becomes `syntaxError`. */
export function parseFlyToml(text: string): FlyTomlDocument {
  const lines = new LineIndex(text);
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0.0' });
  } catch (err) {
    return { text, ast: null, data: null, syntaxError: syntaxFinding(err, lines) };
  }
  const locs = new Map<object, Map<string, Loc>>();
  let data: TomlTable;
  try {
    data = buildData(ast, locs);
  } catch (err) {
    // Only reachable on input nested deeper than the stack allows.
    return { text, ast: null, data: null, syntaxError: syntaxFinding(err, lines) };
  }
  const doc: FlyTomlDocument = { text, ast, data, syntaxError: null };
  sourceMaps.set(doc, { lines, locs });
  return doc;
}

/** The source map of a document (rebuilt when the document was not made by `parseFlyToml`). */
export function sourceMapOf(doc: FlyTomlDocument): SourceMap {
  let sm = sourceMaps.get(doc);
  if (!sm) {
    const locs = new Map<object, Map<string, Loc>>();
    const lines = new LineIndex(doc.text);
    if (doc.ast && doc.data) {
      try {
        // Rebuild from the AST; the fresh data has the same shape, so map its locations
        // onto the caller's objects by walking both in step.
        const fresh = buildData(doc.ast, locs);
        const mapped = new Map<object, Map<string, Loc>>();
        alignLocs(fresh, doc.data, locs, mapped);
        sm = { lines, locs: mapped };
      } catch {
        sm = { lines, locs };
      }
    } else sm = { lines, locs };
    sourceMaps.set(doc, sm);
  }
  return sm;
}

function alignLocs(fresh: unknown, given: unknown, from: Map<object, Map<string, Loc>>, to: Map<object, Map<string, Loc>>): void {
  if (typeof fresh !== 'object' || fresh === null || typeof given !== 'object' || given === null) return;
  const m = from.get(fresh);
  if (m) to.set(given, m);
  if (Array.isArray(fresh) && Array.isArray(given)) {
    for (let i = 0; i < fresh.length && i < given.length; i++) alignLocs(fresh[i], given[i], from, to);
  } else if (!Array.isArray(fresh) && !Array.isArray(given) && !(fresh instanceof Date)) {
    for (const k of Object.keys(fresh)) alignLocs((fresh as TomlTable)[k], (given as TomlTable)[k], from, to);
  }
}

function syntaxFinding(err: unknown, lines: LineIndex): Finding {
  const e = err as { index?: unknown; message?: unknown } | null;
  const isParseError = typeof e?.index === 'number';
  const offset = isParseError ? (e.index as number) : 0;
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  const message = isParseError
    ? `TOML syntax error: ${raw}`
    : raw.includes('call stack')
      ? 'TOML syntax error: the file is nested too deeply to read'
      : `TOML syntax error: ${raw}`;
  const start = lines.positionAt(offset);
  // Mark one character when there is one on the line, so the squiggle is visible.
  const lineEnd = lines.offsetAt({ line: start.line, character: Number.MAX_SAFE_INTEGER });
  const end = lines.positionAt(Math.min(offset + 1, lineEnd));
  return { code: 'toml-syntax', severity: 'error', message, range: { start, end } };
}

// ---------------------------------------------------------------------------------------
// The one walk.

function locMap(locs: Map<object, Map<string, Loc>>, container: object): Map<string, Loc> {
  let m = locs.get(container);
  if (!m) {
    m = new Map();
    locs.set(container, m);
  }
  return m;
}

function span(n: { range: [number, number] }): Span {
  return n.range;
}

function buildData(ast: AST.TOMLProgram, locs: Map<object, Map<string, Loc>>): TomlTable {
  const root: TomlTable = {};
  locs.set(root, new Map());
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') addKeyValue(root, item, locs);
    else addTable(root, item, locs);
  }
  return root;
}

function addTable(root: TomlTable, table: AST.TOMLTable, locs: Map<object, Map<string, Loc>>): void {
  const rk = table.resolvedKey;
  const segs = table.key.keys;
  let container: TomlTable = root;
  let seg = 0;
  for (let i = 0; i < rk.length; i++) {
    const k = rk[i];
    if (typeof k === 'number') continue; // handled with the key before it
    const segNode = segs[seg++];
    const last = i === rk.length - 1 || (i === rk.length - 2 && typeof rk[rk.length - 1] === 'number');
    const m = locMap(locs, container);
    let loc = m.get(k);
    const isArrayHere = i + 1 < rk.length && typeof rk[i + 1] === 'number';
    if (last) {
      if (table.kind === 'array') {
        let arr = container[k] as TomlTable[] | undefined;
        if (!Array.isArray(arr)) {
          arr = [];
          container[k] = arr;
          locs.set(arr, new Map());
        }
        if (!loc) {
          loc = { keys: [], value: span(table), entry: span(table), kind: 'array-of-tables', via: 'header' };
          m.set(k, loc);
        }
        loc.keys.push(span(segNode));
        const obj: TomlTable = {};
        locs.set(obj, new Map());
        locMap(locs, arr).set(String(arr.length), {
          keys: [span(segNode)],
          value: span(table),
          entry: span(table),
          kind: 'table',
          via: 'item',
        });
        arr.push(obj);
        container = obj;
      } else {
        let obj = container[k] as TomlTable | undefined;
        if (obj === undefined || typeof obj !== 'object' || obj === null) {
          obj = {};
          container[k] = obj;
          locs.set(obj, new Map());
        }
        if (!loc) {
          loc = { keys: [], value: span(table), entry: span(table), kind: 'table', via: 'header' };
          m.set(k, loc);
        } else if (loc.via === 'implicit') {
          // A super-table named first by a deeper header, now defined itself.
          loc.via = 'header';
          loc.value = span(table);
          loc.entry = span(table);
        }
        loc.keys.push(span(segNode));
        container = obj;
      }
      break;
    }
    // An intermediate segment.
    let next = container[k];
    if (isArrayHere) {
      const arr = next as TomlTable[];
      if (!loc) throw new Error('internal: array-of-tables without location');
      loc.keys.push(span(segNode));
      container = arr[arr.length - 1];
      i++; // skip the index
      continue;
    }
    if (next === undefined) {
      next = {};
      container[k] = next;
      locs.set(next as object, new Map());
    }
    if (!loc) {
      loc = { keys: [], value: span(table), entry: span(table), kind: 'table', via: 'implicit' };
      m.set(k, loc);
    }
    loc.keys.push(span(segNode));
    container = next as TomlTable;
  }
  for (const kv of table.body) addKeyValue(container, kv, locs);
}

function addKeyValue(table: TomlTable, kv: AST.TOMLKeyValue, locs: Map<object, Map<string, Loc>>): void {
  const segs = kv.key.keys;
  let container = table;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i];
    const k = s.type === 'TOMLBare' ? s.name : s.value;
    const m = locMap(locs, container);
    let next = container[k];
    if (next === undefined) {
      next = {};
      container[k] = next;
      locs.set(next as object, new Map());
      m.set(k, { keys: [span(s)], value: span(kv), entry: span(kv), kind: 'table', via: 'implicit' });
    } else {
      m.get(k)?.keys.push(span(s));
    }
    container = next as TomlTable;
  }
  const s = segs[segs.length - 1];
  const k = s.type === 'TOMLBare' ? s.name : s.value;
  const [value, kind, multiline] = convert(kv.value, locs);
  container[k] = value;
  const loc: Loc = { keys: [span(s)], value: span(kv.value), entry: span(kv), kind, via: 'kv' };
  if (multiline) loc.multiline = true;
  locMap(locs, container).set(k, loc);
}

function convert(node: AST.TOMLContentNode, locs: Map<object, Map<string, Loc>>): [unknown, TomlKind, boolean] {
  switch (node.type) {
    case 'TOMLValue':
      switch (node.kind) {
        case 'string':
          return [node.value, 'string', node.multiline || node.style === 'literal'];
        case 'integer':
          return [node.value, 'integer', false];
        case 'float':
          return [node.value, 'float', false];
        case 'boolean':
          return [node.value, 'boolean', false];
        default:
          return [node.value, 'datetime', false];
      }
    case 'TOMLArray': {
      const arr: unknown[] = [];
      const m = new Map<string, Loc>();
      locs.set(arr, m);
      for (let i = 0; i < node.elements.length; i++) {
        const el = node.elements[i];
        const [v, kind, multiline] = convert(el, locs);
        arr.push(v);
        const loc: Loc = { keys: [], value: span(el), entry: span(el), kind, via: 'item' };
        if (multiline) loc.multiline = true;
        m.set(String(i), loc);
      }
      return [arr, 'array', false];
    }
    case 'TOMLInlineTable': {
      const obj: TomlTable = {};
      locs.set(obj, new Map());
      for (const kv of node.body) addKeyValue(obj, kv, locs);
      return [obj, 'inline-table', false];
    }
  }
}
