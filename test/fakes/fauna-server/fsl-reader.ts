/**
 * A small, tolerant FSL reader for the Fauna test server: it turns the schema files of a
 * push or a commit into the catalog's definitions (catalog.ts), so the Database view
 * lists what the schema files say, as in the core, where the files ARE the database's
 * schema. Test equipment only, written for the fake (it must not share the product's
 * parser: src/core/fauna/fsl-outline.ts), and it reads only what the catalog keeps.
 *
 * The effect it stands for, in the core (fauna/faunadb):
 * - SchemaUpdate.scala:21-34 (ext/model/src/main/scala/schema/manager/): an update
 *   validates the files, stores them, then `updateDBSchema` (75-91) adds, changes and
 *   removes the schema items (`Diff.Add` upserts, `Diff.Modify` replaces, `Diff.Remove`
 *   deletes) to match them;
 * - the definition fields, as FQL shows them (Collection.scala / Function.scala /
 *   Role.scala / AccessProvider.scala under ext/model/src/main/scala/doc/): indexes
 *   `{terms: [{field, mva}], values: [{field, order, mva}], queryable, status}`, unique
 *   constraints `{unique: [{field, mva}], status}`, checks `{check: {name, body}}`,
 *   computed fields `{body, signature}`, a function's `body` `(params) => expr`.
 *
 * Unknown statements are skipped, not refused (schema-api.ts checks the files first).
 */
import type {
  AccessProviderDef,
  CollectionDef,
  DatabaseSeed,
  FunctionDef,
  IndexDef,
  RoleDef,
} from './catalog';

export type SchemaItems = Required<
  Pick<DatabaseSeed, 'collections' | 'functions' | 'roles' | 'accessProviders'>
>;

/** The text without comments (strings kept), same length so offsets stay. */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out += ' '.repeat(end - i);
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The index just past the bracket matching the one at `open` (strings skipped). */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * A block's statements: one per line, a line continuing while a bracket is open (so a
 * nested `{ ... }`, a multi-line `[ ... ]` or a lambda body stays one statement).
 */
function statements(body: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '{' || ch === '(' || ch === '[' || ch === '"' || ch === "'") {
      i = ch === '"' || ch === "'" ? stringEnd(body, i) : matching(body, i);
      continue;
    }
    if (ch === '\n' || ch === ';') {
      const s = body.slice(start, i).trim();
      if (s) out.push(s);
      start = i + 1;
    }
    i++;
  }
  const last = body.slice(start).trim();
  if (last) out.push(last);
  return out;
}

function stringEnd(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== q) j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The text between the outer braces of `{ ... }` (trimmed), or ''. */
function inner(block: string): string {
  const open = block.indexOf('{');
  if (open < 0) return '';
  return block.slice(open + 1, matching(block, open) - 1);
}

/** `[.a, mva(.b), desc(.c)]` → its entries. */
function list(text: string): string[] {
  const open = text.indexOf('[');
  if (open < 0) return [];
  return text
    .slice(open + 1, matching(text, open) - 1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A field path as the core renders it: `.name` (a bare `name` gets its dot). */
const path = (p: string) => (p.startsWith('.') ? p : `.${p}`);

function unwrap(entry: string): { field: string; mva: boolean; order: 'asc' | 'desc' } {
  let e = entry.trim();
  let order: 'asc' | 'desc' = 'asc';
  let mva = false;
  for (;;) {
    const m = /^(mva|desc|asc)\((.*)\)$/s.exec(e);
    if (!m) break;
    if (m[1] === 'mva') mva = true;
    else order = m[1] as 'asc' | 'desc';
    e = m[2].trim();
  }
  return { field: path(e), mva, order };
}

/** `predicate (expr)` inside a block → `expr` (the core stores the lambda's text). */
function predicateOf(block: string): string | undefined {
  const m = /\bpredicate\s*/.exec(block);
  if (!m) return undefined;
  const at = m.index + m[0].length;
  if (block[at] !== '(') return block.slice(at).trim() || undefined;
  return block.slice(at + 1, matching(block, at) - 1).trim();
}

function readCollection(name: string, body: string, alias?: string): CollectionDef {
  const def: CollectionDef = { name, history_days: 0 };
  const fields: NonNullable<CollectionDef['fields']> = {};
  const computed: NonNullable<CollectionDef['computed_fields']> = {};
  const indexes: Record<string, IndexDef> = {};
  const constraints: NonNullable<CollectionDef['constraints']> = [];
  for (const st of statements(body)) {
    let m: RegExpExecArray | null;
    if ((m = /^index\s+(\w+)\s*\{/s.exec(st))) {
      const idx: IndexDef = { queryable: true, status: 'active' };
      for (const part of statements(inner(st))) {
        if (/^terms\b/.test(part))
          idx.terms = list(part).map((t) => {
            const u = unwrap(t);
            return { field: u.field, mva: u.mva };
          });
        else if (/^values\b/.test(part))
          idx.values = list(part).map((v) => {
            const u = unwrap(v);
            return { field: u.field, order: u.order, mva: u.mva };
          });
        else if (/^queryable\s+false\b/.test(part)) idx.queryable = false;
      }
      indexes[m[1]] = idx;
    } else if (/^unique\s*\[/.test(st)) {
      constraints.push({
        unique: list(st).map((u) => {
          const x = unwrap(u);
          return { field: x.field, mva: x.mva };
        }),
        status: 'active',
      });
    } else if ((m = /^check\s+(\w+)\s+([\s\S]+)$/.exec(st))) {
      constraints.push({ check: { name: m[1], body: m[2].trim() } });
    } else if ((m = /^compute\s+(\w+)\s*(?::\s*([^=]+?))?\s*=\s*([\s\S]+)$/.exec(st))) {
      computed[m[1]] = { body: m[3].trim(), ...(m[2] ? { signature: m[2].trim() } : {}) };
    } else if ((m = /^history_days\s+(\d+)/.exec(st))) {
      def.history_days = Number(m[1]);
    } else if ((m = /^ttl_days\s+(\d+)/.exec(st))) {
      def.ttl_days = Number(m[1]);
    } else if ((m = /^document_ttls\s+(true|false)/.exec(st))) {
      def.document_ttls = m[1] === 'true';
    } else if ((m = /^\*\s*:\s*(.+)$/s.exec(st))) {
      def.wildcard = m[1].trim();
    } else if (/^migrations\b/.test(st)) {
      // Migrations are applied to documents by the core; the fake keeps documents as is.
    } else if ((m = /^(\w+|"[^"]*")\s*:\s*([^=]+?)\s*(?:=\s*([\s\S]+))?$/.exec(st))) {
      const key = m[1].replace(/^"|"$/g, '');
      fields[key] = { signature: m[2].trim(), ...(m[3] ? { default: m[3].trim() } : {}) };
    }
  }
  if (Object.keys(fields).length) def.fields = fields;
  if (Object.keys(computed).length) def.computed_fields = computed;
  if (Object.keys(indexes).length) def.indexes = indexes;
  if (constraints.length) def.constraints = constraints;
  if (alias) def.alias = alias;
  return def;
}

function readRole(name: string, body: string): RoleDef {
  const role: RoleDef = { name };
  for (const st of statements(body)) {
    let m: RegExpExecArray | null;
    if ((m = /^privileges\s+(\w+)\s*\{/.exec(st))) {
      const actions: Record<string, boolean | string> = {};
      for (const a of statements(inner(st))) {
        const am = /^(\w+)/.exec(a);
        if (!am) continue;
        actions[am[1]] = a.includes('{') ? (predicateOf(inner(a)) ?? true) : true;
      }
      (role.privileges ??= []).push({ resource: m[1], actions });
    } else if ((m = /^membership\s+(\w+)/.exec(st))) {
      const p = st.includes('{') ? predicateOf(inner(st)) : undefined;
      (role.membership ??= []).push({ resource: m[1], ...(p ? { predicate: p } : {}) });
    }
  }
  return role;
}

function readAccessProvider(name: string, body: string): AccessProviderDef {
  const ap: AccessProviderDef = { name, issuer: '', jwks_uri: '' };
  for (const st of statements(body)) {
    let m: RegExpExecArray | null;
    if ((m = /^issuer\s+"([^"]*)"/.exec(st))) ap.issuer = m[1];
    else if ((m = /^jwks_uri\s+"([^"]*)"/.exec(st))) ap.jwks_uri = m[1];
    else if ((m = /^role\s+(\w+)/.exec(st))) {
      const p = st.includes('{') ? predicateOf(inner(st)) : undefined;
      (ap.roles ??= []).push(p ? { role: m[1], predicate: p } : m[1]);
    }
  }
  return ap;
}

/** The schema items of a set of FSL files (in file-name order, then source order). */
export function readFsl(files: Iterable<[string, string]>): SchemaItems {
  const items: SchemaItems = { collections: [], functions: [], roles: [], accessProviders: [] };
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, raw] of sorted) {
    const text = stripComments(raw);
    const annotations: Record<string, string> = {};
    let i = 0;
    while (i < text.length) {
      if (/\s/.test(text[i])) {
        i++;
        continue;
      }
      const rest = text.slice(i);
      const ann = /^@(\w+)\s*\(([^)]*)\)/.exec(rest);
      if (ann) {
        annotations[ann[1]] = ann[2].trim();
        i += ann[0].length;
        continue;
      }
      const head =
        /^(collection|role|access\s+provider)\s+(\w+)\s*\{/.exec(rest) ??
        /^(function)\s+(\w+)\s*\(/.exec(rest);
      if (!head) {
        // Not an item we read: skip to the next line.
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl + 1;
        continue;
      }
      const kind = head[1].replace(/\s+/g, ' ');
      const name = head[2];
      const alias = annotations.alias;
      if (kind === 'function') {
        const open = i + head[0].length - 1;
        const close = matching(text, open);
        const params = text.slice(open + 1, close - 1).trim();
        const brace = text.indexOf('{', close);
        const ret = /^\s*:\s*([^{]+?)\s*$/.exec(text.slice(close, brace))?.[1];
        const end = brace < 0 ? text.length : matching(text, brace);
        const bodyText = brace < 0 ? '' : text.slice(brace + 1, end - 1).trim();
        const names = params
          .split(',')
          .map((p) => p.split(':')[0].trim())
          .filter(Boolean);
        const typed = params.includes(':') || ret !== undefined;
        const fn: FunctionDef = {
          name,
          body: `(${names.join(', ')}) => ${bodyText}`,
          ...(typed ? { signature: `(${params}) => ${ret ?? 'Any'}` } : {}),
          ...(annotations.role ? { role: annotations.role } : {}),
          ...(alias ? { alias } : {}),
        };
        items.functions.push(fn);
        i = end;
      } else {
        const open = i + head[0].length - 1;
        const end = matching(text, open);
        const body = text.slice(open + 1, end - 1);
        if (kind === 'collection') items.collections.push(readCollection(name, body, alias));
        else if (kind === 'role') items.roles.push(readRole(name, body));
        else items.accessProviders.push(readAccessProvider(name, body));
        i = end;
      }
      for (const k of Object.keys(annotations)) delete annotations[k];
    }
  }
  return items;
}
