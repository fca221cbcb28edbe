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
  /**
   * Entries of tables and arrays of tables. A `key = value` entry is kept as its AST node
   * and turned into a `Loc` when asked (`toLoc`): a 50,000-line file then retains no
   * object per entry beyond the AST, which keeps the garbage collector's work linear.
   */
  locs: Map<object, LocTable | Loc[]>;
  /** Inline arrays (`[1, 2]`) and their AST nodes: their items' locations are made on demand, as few are ever asked for. */
  arrays: Map<object, AST.TOMLArray>;
}

function kindOf(n: AST.TOMLContentNode): TomlKind {
  if (n.type === 'TOMLArray') return 'array';
  if (n.type === 'TOMLInlineTable') return 'inline-table';
  switch (n.kind) {
    case 'string':
    case 'integer':
    case 'float':
    case 'boolean':
      return n.kind;
    default:
      return 'datetime';
  }
}

/** A stored entry: a location, or the `key = value` node it is made from. */
export type LocEntry = Loc | AST.TOMLKeyValue;

/**
 * The entries of one table or array of tables, by key (array indexes as numbers). A plain
 * object whose prototype is an empty object without prototype, so every key the user can
 * write (`constructor`, `__proto__`) is an own property and nothing is inherited. Not a
 * `Map`: tables of the same keys share one hidden class, which makes each about half a
 * Map's size and its lookups compare interned keys instead of the AST's key strings
 * (on large files both the size, copied by every scavenge, and those reads into the AST
 * made parsing and linting grow faster than the file).
 */
export type LocTable = { [key: string]: LocEntry | undefined };

// Object.create(null) itself makes a dictionary-mode object (slow and large in V8); an
// object created from a prototype keeps fast properties.
const LOC_TABLE_PROTO: object = Object.create(null) as object;

export function newLocTable(): LocTable {
  return Object.create(LOC_TABLE_PROTO) as LocTable;
}

/**
 * Entry `key` of a table's `LocTable`, or of an array of tables' items (kept as a plain
 * array of their locations: an object given index keys reserves 17 element slots).
 */
export function entryIn(t: LocTable | Loc[] | undefined, key: string | number): LocEntry | undefined {
  if (t === undefined) return undefined;
  if (!Array.isArray(t)) return t[key];
  const i = typeof key === 'number' ? key : String(Number(key)) === key ? Number(key) : -1;
  return Number.isInteger(i) && i >= 0 && i < t.length ? t[i] : undefined;
}

function isNode(e: LocEntry): e is AST.TOMLKeyValue {
  return (e as AST.TOMLKeyValue).type === 'TOMLKeyValue';
}

/** The location of a stored entry. */
export function toLoc(e: LocEntry): Loc;
export function toLoc(e: LocEntry | undefined): Loc | undefined;
export function toLoc(e: LocEntry | undefined): Loc | undefined {
  if (e === undefined || !isNode(e)) return e;
  const node = e.value;
  const loc: Loc = { keys: [e.key.keys[e.key.keys.length - 1].range], value: node.range, entry: e.range, kind: kindOf(node), via: 'kv' };
  if (node.type === 'TOMLValue' && node.kind === 'string' && (node.multiline || node.style === 'literal')) loc.multiline = true;
  return loc;
}

/** Where entry `key` of a table or array object is. */
export function locOf(sm: SourceMap, container: object, key: string | number): Loc | undefined {
  return toLoc(entryOf(sm, container, key));
}

/** The stored entry `key` of a table or array object: a `key = value` entry stays its AST node. */
export function entryOf(sm: SourceMap, container: object, key: string | number): LocEntry | undefined {
  const m = sm.locs.get(container);
  if (m) return entryIn(m, key);
  const node = sm.arrays.get(container);
  if (!node) return undefined;
  const el = node.elements[Number(key)];
  if (!el) return undefined;
  const loc: Loc = { keys: [], value: el.range, entry: el.range, kind: kindOf(el), via: 'item' };
  if (el.type === 'TOMLValue' && el.kind === 'string' && (el.multiline || el.style === 'literal')) loc.multiline = true;
  return loc;
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

// Derived per-document data, kept on the document under a symbol, non-enumerable, so the
// document stays the plain shape others code against (JSON, deepEqual and spreads do not
// see it). Not a WeakMap: ephemerons holding a whole source map made V8's GC the main
// cost of parsing many small files (measured: parse took 5x a bare parseTOML).
const SOURCE_MAP = Symbol('fly-fauna.flytoml.sourceMap');

function attach(doc: FlyTomlDocument, sm: SourceMap): void {
  if (Object.isExtensible(doc)) Object.defineProperty(doc, SOURCE_MAP, { value: sm, enumerable: false });
}

/** Parses fly.toml text. Never throws: a syntax error (or input too deep to parse) becomes `syntaxError`. */
export function parseFlyToml(text: string): FlyTomlDocument {
  const lines = new LineIndex(text);
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0.0' });
  } catch (err) {
    return { text, ast: null, data: null, syntaxError: syntaxFinding(err, lines) };
  }
  const sm: SourceMap = { lines, locs: new Map(), arrays: new Map() };
  let data: TomlTable;
  try {
    data = buildData(ast, sm);
  } catch (err) {
    // Only reachable on input nested deeper than the stack allows.
    return { text, ast: null, data: null, syntaxError: syntaxFinding(err, lines) };
  }
  const doc: FlyTomlDocument = { text, ast, data, syntaxError: null };
  attach(doc, sm);
  return doc;
}

/** The source map of a document (rebuilt when the document was not made by `parseFlyToml`). */
export function sourceMapOf(doc: FlyTomlDocument): SourceMap {
  let sm = (doc as FlyTomlDocument & { [SOURCE_MAP]?: SourceMap })[SOURCE_MAP];
  if (!sm) {
    const lines = new LineIndex(doc.text);
    const built: SourceMap = { lines, locs: new Map(), arrays: new Map() };
    sm = { lines, locs: new Map(), arrays: new Map() };
    if (doc.ast && doc.data) {
      try {
        // Rebuild from the AST; the fresh data has the same shape, so map its locations
        // onto the caller's objects by walking both in step.
        alignLocs(buildData(doc.ast, built), doc.data, built, sm);
      } catch {
        // Leave the map empty: findings then lack nothing but positions of what changed.
      }
    }
    attach(doc, sm);
  }
  return sm;
}

function alignLocs(fresh: unknown, given: unknown, from: SourceMap, to: SourceMap): void {
  if (typeof fresh !== 'object' || fresh === null || typeof given !== 'object' || given === null) return;
  const m = from.locs.get(fresh);
  if (m) to.locs.set(given, m);
  const a = from.arrays.get(fresh);
  if (a) to.arrays.set(given, a);
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
    ? `TOML syntax error: ${raw}${raw.includes('multiple times') ? keyAt(lines.text, offset) : ''}`
    : raw.includes('call stack')
      ? 'TOML syntax error: the file is nested too deeply to read'
      : `TOML syntax error: ${raw}`;
  const start = lines.positionAt(offset);
  // Mark one character when there is one on the line, so the squiggle is visible.
  const lineEnd = lines.offsetAt({ line: start.line, character: Number.MAX_SAFE_INTEGER });
  const end = lines.positionAt(Math.min(offset + 1, lineEnd));
  return { code: 'toml-syntax', severity: 'error', message, range: { start, end } };
}

/** The key written at an offset, for naming a duplicate (`: "app"`), or ''. */
function keyAt(text: string, offset: number): string {
  const m = /^(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')/.exec(text.slice(offset, offset + 200));
  return m ? `: ${m[0].startsWith('"') || m[0].startsWith("'") ? m[0] : `"${m[0]}"`}` : '';
}

// ---------------------------------------------------------------------------------------
// The one walk.

// Keys are the user's: `__proto__` or `constructor` must become own properties, never
// reach (or replace) Object.prototype.
function own(obj: TomlTable, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined;
}

function put(obj: TomlTable, k: string, v: unknown): void {
  // Only `__proto__` assigns differently from defining; defineProperty is slow, so only there.
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
  else obj[k] = v;
}

/** The `LocTable` of a table object (never of an array of tables). */
function locMap(locs: Map<object, LocTable | Loc[]>, container: object): LocTable {
  let m = locs.get(container);
  if (!m) {
    m = newLocTable();
    locs.set(container, m);
  }
  return m as LocTable;
}

function span(n: { range: [number, number] }): Span {
  return n.range;
}

function buildData(ast: AST.TOMLProgram, sm: SourceMap): TomlTable {
  const locs = sm.locs;
  const root: TomlTable = {};
  locs.set(root, newLocTable());
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') addKeyValue(root, item, sm);
    else addTable(root, item, sm);
  }
  return root;
}

function addTable(root: TomlTable, table: AST.TOMLTable, sm: SourceMap): void {
  const locs = sm.locs;
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
    const found = m[k];
    let loc = found === undefined || isNode(found) ? undefined : found;
    const isArrayHere = i + 1 < rk.length && typeof rk[i + 1] === 'number';
    if (last) {
      if (table.kind === 'array') {
        // Key lists and arrays of tables start as literals of their first item: `[]` then
        // push would reserve 17 slots for each, and most hold one or a few.
        if (!loc) {
          loc = { keys: [span(segNode)], value: span(table), entry: span(table), kind: 'array-of-tables', via: 'header' };
          m[k] = loc;
        } else loc.keys.push(span(segNode));
        const obj: TomlTable = {};
        locs.set(obj, newLocTable());
        const item: Loc = { keys: [span(segNode)], value: span(table), entry: span(table), kind: 'table', via: 'item' };
        const arr = own(container, k) as TomlTable[] | undefined;
        if (!Array.isArray(arr)) {
          const fresh: TomlTable[] = [obj];
          put(container, k, fresh);
          locs.set(fresh, [item]);
        } else {
          const items = locs.get(arr);
          if (Array.isArray(items)) items[arr.length] = item;
          else locMap(locs, arr)[arr.length] = item;
          arr.push(obj);
        }
        container = obj;
      } else {
        let obj = own(container, k) as TomlTable | undefined;
        if (obj === undefined || typeof obj !== 'object' || obj === null) {
          obj = {};
          put(container, k, obj);
          locs.set(obj, newLocTable());
        }
        if (!loc) {
          loc = { keys: [span(segNode)], value: span(table), entry: span(table), kind: 'table', via: 'header' };
          m[k] = loc;
        } else {
          if (loc.via === 'implicit') {
            // A super-table named first by a deeper header, now defined itself.
            loc.via = 'header';
            loc.value = span(table);
            loc.entry = span(table);
          }
          loc.keys.push(span(segNode));
        }
        container = obj;
      }
      break;
    }
    // An intermediate segment.
    let next = own(container, k);
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
      put(container, k, next);
      locs.set(next as object, newLocTable());
    }
    if (!loc) {
      loc = { keys: [span(segNode)], value: span(table), entry: span(table), kind: 'table', via: 'implicit' };
      m[k] = loc;
    } else loc.keys.push(span(segNode));
    container = next as TomlTable;
  }
  for (const kv of table.body) addKeyValue(container, kv, sm);
}

function addKeyValue(table: TomlTable, kv: AST.TOMLKeyValue, sm: SourceMap): void {
  const locs = sm.locs;
  const segs = kv.key.keys;
  let container = table;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i];
    const k = s.type === 'TOMLBare' ? s.name : s.value;
    const m = locMap(locs, container);
    let next = own(container, k);
    if (next === undefined) {
      next = {};
      put(container, k, next);
      locs.set(next as object, newLocTable());
      m[k] = { keys: [span(s)], value: span(kv), entry: span(kv), kind: 'table', via: 'implicit' };
    } else {
      const e = m[k];
      if (e && !isNode(e)) e.keys.push(span(s));
    }
    container = next as TomlTable;
  }
  const s = segs[segs.length - 1];
  const k = s.type === 'TOMLBare' ? s.name : s.value;
  put(container, k, convert(kv.value, sm));
  locMap(locs, container)[k] = kv;
}

/** The plain value of a value node (tables and arrays registered in the source map). */
function convert(node: AST.TOMLContentNode, sm: SourceMap): unknown {
  switch (node.type) {
    case 'TOMLValue':
      return node.value;
    case 'TOMLArray': {
      // Sized up front: pushing onto `[]` reserves 17 slots for a one-item array.
      const els = node.elements;
      const arr: unknown[] = new Array<unknown>(els.length);
      for (let i = 0; i < els.length; i++) arr[i] = convert(els[i], sm);
      sm.arrays.set(arr, node);
      return arr;
    }
    case 'TOMLInlineTable': {
      const obj: TomlTable = {};
      sm.locs.set(obj, newLocTable());
      for (const kv of node.body) addKeyValue(obj, kv, sm);
      return obj;
    }
  }
}
