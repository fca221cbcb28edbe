/**
 * FQL values as the core understands them, decoded straight from Fauna's tagged wire
 * format (`x-format: tagged`). The `fauna` driver decodes into its own classes
 * (`Document`, `TimeStub`, `Page`...), which live in Node code the core and the webview
 * must not import; so the Node adapter hands the core the raw tagged JSON and this module
 * is the one decoder every host (CLI, extension, webview) shares.
 *
 * Strings, booleans, null and arrays stay plain JavaScript values; everything else is an
 * object with a `t` discriminant. All values survive `postMessage` (structured clone)
 * and `JSON.stringify` unchanged.
 */

/** An `@int`, `@long` or `@double`; `text` keeps the exact digits (longs beyond 2^53). */
export interface FqlNumber {
  t: 'int' | 'long' | 'double';
  /** The value as a JS number (may lose precision for a long beyond 2^53). */
  v: number;
  /** The digits as Fauna sent them. */
  text: string;
}
/** An `@time`: an ISO-8601 instant. */
export interface FqlTime {
  t: 'time';
  iso: string;
}
/** An `@date`: `YYYY-MM-DD`. */
export interface FqlDate {
  t: 'date';
  iso: string;
}
/** An `@mod`: a module or collection such as `Collection`, `Time` or `Product`. */
export interface FqlModule {
  t: 'mod';
  name: string;
}
/** An `@doc`: a document (with `id`) or a named document such as a collection (`name`). */
export interface FqlDoc {
  t: 'doc';
  coll: string;
  id: string | null;
  name: string | null;
  ts: string | null;
  /** User fields other than id/name/coll/ts, in the order Fauna sent them. */
  fields: Record<string, FqlValue>;
}
/** An `@ref`: a reference; `exists: false` means a null document (`cause` says why). */
export interface FqlRef {
  t: 'ref';
  coll: string;
  id: string | null;
  name: string | null;
  exists: boolean;
  cause: string | null;
}
/** An `@set` page: the first (or next) page of a set and the cursor of the rest. */
export interface FqlPage {
  t: 'page';
  data: FqlValue[];
  after: string | null;
}
/** An `@set` given as a bare cursor: a set nested inside another value. */
export interface FqlSetRef {
  t: 'setref';
  after: string;
}
/** An object (a struct); `@object` escapes are undone. */
export interface FqlObject {
  t: 'object';
  fields: Record<string, FqlValue>;
}
/** `@bytes` (base64), `@uuid` and `@stream` tokens, kept as text. */
export interface FqlOpaque {
  t: 'bytes' | 'uuid' | 'stream';
  text: string;
}

/** Any decoded FQL value. */
export type FqlValue =
  | null
  | boolean
  | string
  | FqlValue[]
  | FqlNumber
  | FqlTime
  | FqlDate
  | FqlModule
  | FqlDoc
  | FqlRef
  | FqlPage
  | FqlSetRef
  | FqlObject
  | FqlOpaque;

/** Thrown by {@link decodeTagged} for JSON that is not Fauna's tagged format. */
export class TaggedFormatError extends Error {
  override name = 'TaggedFormatError';
}

/**
 * Decodes a value in Fauna's tagged format (already `JSON.parse`d). Untagged JSON
 * numbers (the `simple` format) are accepted as doubles or ints so that nothing a server
 * sends is lost. Throws {@link TaggedFormatError} on a malformed tag.
 */
export function decodeTagged(json: unknown): FqlValue {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') {
    return { t: Number.isInteger(json) ? 'int' : 'double', v: json, text: String(json) };
  }
  if (Array.isArray(json)) {
    const out: FqlValue[] = new Array<FqlValue>(json.length);
    for (let i = 0; i < json.length; i++) out[i] = decodeTagged(json[i]);
    return out;
  }
  if (typeof json !== 'object')
    throw new TaggedFormatError(`unexpected ${typeof json} in a result`);
  const obj = json as Record<string, unknown>;
  // A tagged value is an object with exactly one key starting with '@'.
  let first: string | undefined;
  let count = 0;
  for (const k in obj) {
    if (count === 0) first = k;
    count++;
    if (count > 1) break;
  }
  if (count === 1 && first !== undefined && first.charCodeAt(0) === 64 /* @ */) {
    return decodeTag(first, obj[first]);
  }
  return { t: 'object', fields: decodeFields(obj) };
}

function decodeFields(obj: Record<string, unknown>): Record<string, FqlValue> {
  const fields: Record<string, FqlValue> = {};
  for (const k in obj) fields[k] = decodeTagged(obj[k]);
  return fields;
}

function str(v: unknown, tag: string): string {
  if (typeof v !== 'string') throw new TaggedFormatError(`${tag} must hold a string`);
  return v;
}

function numberTag(t: FqlNumber['t'], raw: unknown): FqlNumber {
  const text = str(raw, `@${t}`);
  const v = Number(text);
  if (text.trim() === '' || (Number.isNaN(v) && text !== 'NaN')) {
    throw new TaggedFormatError(`@${t} holds '${text.slice(0, 40)}', not a number`);
  }
  return { t, v, text };
}

function collName(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)['@mod'] === 'string') {
    return (v as Record<string, string>)['@mod'];
  }
  throw new TaggedFormatError('a document or reference has no collection');
}

function optStr(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function timeText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && typeof (v as Record<string, unknown>)['@time'] === 'string') {
    return (v as Record<string, string>)['@time'];
  }
  return null;
}

function decodeTag(tag: string, raw: unknown): FqlValue {
  switch (tag) {
    case '@int':
      return numberTag('int', raw);
    case '@long':
      return numberTag('long', raw);
    case '@double':
      return numberTag('double', raw);
    case '@time':
      return { t: 'time', iso: str(raw, tag) };
    case '@date':
      return { t: 'date', iso: str(raw, tag) };
    case '@mod':
      return { t: 'mod', name: str(raw, tag) };
    case '@object': {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new TaggedFormatError('@object must hold an object');
      }
      return { t: 'object', fields: decodeFields(raw as Record<string, unknown>) };
    }
    case '@doc': {
      if (typeof raw === 'string') {
        // Legacy "Coll:id" form.
        const i = raw.indexOf(':');
        return {
          t: 'ref',
          coll: raw.slice(0, i),
          id: raw.slice(i + 1),
          name: null,
          exists: true,
          cause: null,
        };
      }
      if (!raw || typeof raw !== 'object') throw new TaggedFormatError('@doc must hold an object');
      const o = raw as Record<string, unknown>;
      const fields: Record<string, FqlValue> = {};
      // A document has an id (then `name` is an ordinary field); a named document
      // (a collection, a role...) has a name instead.
      const id = optStr(o.id);
      for (const k in o) {
        if (k === 'id' || k === 'coll' || k === 'ts' || (id === null && k === 'name')) continue;
        fields[k] = decodeTagged(o[k]);
      }
      return {
        t: 'doc',
        coll: collName(o.coll),
        id,
        name: id === null ? optStr(o.name) : null,
        ts: timeText(o.ts),
        fields,
      };
    }
    case '@ref': {
      if (!raw || typeof raw !== 'object') throw new TaggedFormatError('@ref must hold an object');
      const o = raw as Record<string, unknown>;
      return {
        t: 'ref',
        coll: collName(o.coll),
        id: optStr(o.id),
        name: optStr(o.name),
        exists: o.exists !== false,
        cause: optStr(o.cause),
      };
    }
    case '@set': {
      if (typeof raw === 'string') return { t: 'setref', after: raw };
      if (!raw || typeof raw !== 'object')
        throw new TaggedFormatError('@set must hold a page or a cursor');
      const o = raw as Record<string, unknown>;
      const data = decodeTagged(o.data ?? []);
      if (!Array.isArray(data)) throw new TaggedFormatError('@set data must be an array');
      return { t: 'page', data, after: optStr(o.after) };
    }
    case '@bytes':
      return { t: 'bytes', text: str(raw, tag) };
    case '@uuid':
      return { t: 'uuid', text: str(raw, tag) };
    case '@stream':
      return { t: 'stream', text: str(raw, tag) };
    default:
      // An unknown tag from a newer server: keep it visible as an object, lose nothing.
      return { t: 'object', fields: { [tag]: decodeTagged(raw) } };
  }
}

/** A plain JSON value (what `JSON.stringify` accepts). */
export type PlainJson = null | boolean | number | string | PlainJson[] | { [k: string]: PlainJson };

/**
 * The CLI contract's plain JSON: numbers (a long beyond 2^53 as its exact digits in a
 * string, rather than a silently rounded number), ISO strings for times and dates, a
 * module as its name, a document as `{id, coll, ts, ...fields}`, a set page as
 * `{data, after}`.
 */
export function toPlain(v: FqlValue): PlainJson {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toPlain);
  switch (v.t) {
    case 'int':
    case 'double':
      return Number.isFinite(v.v) ? v.v : v.text;
    case 'long':
      return Number.isSafeInteger(v.v) ? v.v : v.text;
    case 'time':
    case 'date':
      return v.iso;
    case 'mod':
      return v.name;
    case 'doc': {
      const out: { [k: string]: PlainJson } = {};
      if (v.id !== null) out.id = v.id;
      if (v.name !== null) out.name = v.name;
      out.coll = v.coll;
      if (v.ts !== null) out.ts = v.ts;
      for (const k in v.fields) out[k] = toPlain(v.fields[k]);
      return out;
    }
    case 'ref': {
      const out: { [k: string]: PlainJson } = {};
      if (v.id !== null) out.id = v.id;
      if (v.name !== null) out.name = v.name;
      out.coll = v.coll;
      if (!v.exists) {
        out.exists = false;
        if (v.cause !== null) out.cause = v.cause;
      }
      return out;
    }
    case 'page':
      return { data: v.data.map(toPlain), after: v.after };
    case 'setref':
      return { after: v.after };
    case 'object': {
      const out: { [k: string]: PlainJson } = {};
      for (const k in v.fields) out[k] = toPlain(v.fields[k]);
      return out;
    }
    case 'bytes':
    case 'uuid':
    case 'stream':
      return v.text;
  }
}

/** A short type name for a value, as shown next to it in the tree (e.g. `Product`, `Int`). */
export function typeName(v: FqlValue): string {
  if (v === null) return 'Null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return `Array(${v.length})`;
  switch (v.t) {
    case 'int':
      return 'Int';
    case 'long':
      return 'Long';
    case 'double':
      return 'Double';
    case 'time':
      return 'Time';
    case 'date':
      return 'Date';
    case 'mod':
      return 'Module';
    case 'doc':
      return v.coll;
    case 'ref':
      return v.exists ? `Ref<${v.coll}>` : `NullDoc<${v.coll}>`;
    case 'page':
      return `Set(${v.data.length}${v.after !== null ? '+' : ''})`;
    case 'setref':
      return 'Set';
    case 'object':
      return 'Object';
    case 'bytes':
      return 'Bytes';
    case 'uuid':
      return 'UUID';
    case 'stream':
      return 'EventSource';
  }
}

/**
 * The children of a value in the tree, read by index so that a set of 100,000 items
 * costs nothing until rows are shown.
 */
export interface ChildList {
  count: number;
  at(i: number): [string, FqlValue];
}

const NO_CHILDREN: ChildList = { count: 0, at: () => ['', null] };

function listOf(items: FqlValue[], after: string | null): ChildList {
  return {
    count: items.length + (after !== null ? 1 : 0),
    at: (i) => (i < items.length ? [String(i), items[i]] : ['after', after]),
  };
}

function entriesOf(entries: Array<[string, FqlValue]>): ChildList {
  return { count: entries.length, at: (i) => entries[i] };
}

/** The children of a value, by index; none for a leaf. */
export function childList(v: FqlValue): ChildList {
  if (v === null || typeof v !== 'object') return NO_CHILDREN;
  if (Array.isArray(v)) return listOf(v, null);
  switch (v.t) {
    case 'doc': {
      const head: Array<[string, FqlValue]> = [];
      if (v.id !== null) head.push(['id', v.id]);
      if (v.name !== null) head.push(['name', v.name]);
      head.push(['coll', { t: 'mod', name: v.coll }]);
      if (v.ts !== null) head.push(['ts', { t: 'time', iso: v.ts }]);
      return entriesOf(head.concat(Object.entries(v.fields)));
    }
    case 'object':
      return entriesOf(Object.entries(v.fields));
    case 'page':
      return listOf(v.data, v.after);
    default:
      return NO_CHILDREN;
  }
}

/** The children of a value in the tree, as `[key, value]` pairs; empty for a leaf. */
export function childrenOf(v: FqlValue): Array<[string, FqlValue]> {
  const c = childList(v);
  return Array.from({ length: c.count }, (_, i) => c.at(i));
}

/** Whether a value has children in the tree. */
export function isBranch(v: FqlValue): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  return v.t === 'doc' || v.t === 'object' || v.t === 'page';
}

/**
 * One line of text for a value, at most `max` characters: the leaf itself, or a short
 * preview of a branch. Used for table cells and tree labels.
 */
export function shortText(v: FqlValue, max = 120): string {
  const s = shortTextRaw(v, max);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function shortTextRaw(v: FqlValue, max: number): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    return `[${v
      .slice(0, 8)
      .map((x) => shortText(x, max))
      .join(', ')}${v.length > 8 ? ', …' : ''}]`;
  }
  switch (v.t) {
    case 'int':
    case 'long':
    case 'double':
      return v.text;
    case 'time':
      return `Time("${v.iso}")`;
    case 'date':
      return `Date("${v.iso}")`;
    case 'mod':
      return v.name;
    case 'doc':
      return v.id !== null ? `${v.coll}("${v.id}")` : `${v.coll}.byName("${v.name ?? ''}")`;
    case 'ref':
      return `${v.id !== null ? `${v.coll}("${v.id}")` : `${v.coll}.byName("${v.name ?? ''}")`}${v.exists ? '' : ` /* ${v.cause?.replace(/\*\//g, '') || 'not found'} */`}`;
    case 'page':
      return `Set(${v.data.length} items${v.after !== null ? ', more' : ''})`;
    case 'setref':
      return 'Set(…)';
    case 'object': {
      const keys = Object.keys(v.fields);
      const inner = keys
        .slice(0, 6)
        .map((k) => `${k}: ${shortText(v.fields[k], 40)}`)
        .join(', ');
      return `{ ${inner}${keys.length > 6 ? ', …' : ''} }`;
    }
    case 'bytes':
      return `Bytes("${v.text}")`;
    case 'uuid':
      return `UUID("${v.text}")`;
    case 'stream':
      return '<event source>';
  }
}

/** Counts the nodes of a value, stopping early once `limit` is passed (for size caps). */
export function countNodes(v: FqlValue, limit: number): number {
  let n = 0;
  const stack: FqlValue[] = [v];
  while (stack.length > 0 && n <= limit) {
    const x = stack.pop() as FqlValue;
    n++;
    if (x === null || typeof x !== 'object') continue;
    if (Array.isArray(x)) {
      for (const c of x) stack.push(c);
    } else if (x.t === 'doc' || x.t === 'object') {
      for (const k in x.fields) stack.push(x.fields[k]);
    } else if (x.t === 'page') {
      for (const c of x.data) stack.push(c);
    }
  }
  return n;
}
