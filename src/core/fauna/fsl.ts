/**
 * FSL text for one schema item, rendered from its definition document, for the
 * explorer's *Open Definition*. It follows the layout the core itself generates when it
 * derives FSL from definitions (SchemaTranslator.scala turns a definition into a schema
 * item, Display.scala `writeSchemaItem` prints it): two-space indent, annotations first,
 * fields (defined, computed, wildcard) then members (indexes, uniques, checks,
 * history_days unless the default 0, ttl_days, document_ttls, migrations).
 *
 * It is a rendering of what the database holds, not the file it came from: comments and
 * the order inside the source file are not kept (the schema API's files have them).
 */
import type {
  AccessProviderModel,
  CollectionModel,
  ExplorerItem,
  FunctionModel,
  MigrationModel,
  RoleModel,
} from './explorer';
import { termText } from './explorer';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field name, quoted when it is not an identifier (Display.scala displayFieldName). */
function fieldName(n: string): string {
  return IDENT.test(n) ? n : JSON.stringify(n);
}

/** Indents every line of a (possibly multi-line) text after the first. */
function cont(text: string, pad: string): string {
  return text.replace(/\n/g, `\n${pad}`);
}

/** The FSL of an explorer item; null for items that have none (databases, malformed). */
export function itemFsl(item: ExplorerItem): string | null {
  switch (item.kind) {
    case 'collection':
      return collectionFsl(item);
    case 'function':
      return functionFsl(item);
    case 'role':
      return roleFsl(item);
    case 'accessProvider':
      return accessProviderFsl(item);
    default:
      return null;
  }
}

export function collectionFsl(c: CollectionModel): string {
  const out: string[] = [];
  if (c.alias) out.push(`@alias(${c.alias})`);
  out.push(`collection ${c.name} {`);
  const p = '  ';
  for (const f of c.fields) {
    out.push(
      `${p}${fieldName(f.name)}: ${f.signature}${f.default !== null ? ` = ${cont(f.default, p)}` : ''}`,
    );
  }
  for (const f of c.computed) {
    // A short lambda (`.price * 2`) is parenthesised (Display.scala writeField).
    const body = f.body.trimStart().startsWith('.') ? `(${f.body})` : f.body;
    out.push(
      `${p}compute ${fieldName(f.name)}${f.signature ? `: ${f.signature}` : ''} = ${cont(body, p)}`,
    );
  }
  if (c.wildcard) out.push(`${p}*: ${c.wildcard}`);
  for (const i of c.indexes) {
    out.push(`${p}index ${i.name} {`);
    if (i.terms.length) out.push(`${p}${p}terms [${i.terms.map(termText).join(', ')}]`);
    if (i.values.length) out.push(`${p}${p}values [${i.values.map(termText).join(', ')}]`);
    out.push(`${p}}`);
  }
  for (const u of c.uniques) out.push(`${p}unique [${u.fields.map(termText).join(', ')}]`);
  for (const k of c.checks) out.push(`${p}check ${k.name} (${cont(k.body, p)})`);
  if (c.historyDays !== null && c.historyDays !== 0) out.push(`${p}history_days ${c.historyDays}`);
  if (c.ttlDays !== null) out.push(`${p}ttl_days ${c.ttlDays}`);
  if (c.documentTtls !== null) out.push(`${p}document_ttls ${String(c.documentTtls)}`);
  if (c.migrations) {
    if (c.migrations.length === 0) out.push(`${p}migrations {}`);
    else {
      out.push(`${p}migrations {`);
      for (const m of c.migrations) out.push(`${p}${p}${migrationText(m)}`);
      out.push(`${p}}`);
    }
  }
  out.push('}');
  return out.join('\n') + '\n';
}

function path(field: string): string {
  return field.startsWith('.') || field.startsWith('[') ? field : `.${field}`;
}

function migrationText(m: MigrationModel): string {
  switch (m.op) {
    case 'backfill':
      return `backfill ${path(m.field)} = ${m.value}`;
    case 'split':
      return `split ${path(m.field)} -> ${m.to.map(path).join(', ')}`;
    case 'move':
      return `move ${path(m.field)} -> ${path(m.to)}`;
    case 'add_wildcard':
      return 'add_wildcard';
    default:
      return `${m.op} ${path(m.field)}`;
  }
}

/** Splits `(a, b) => body` / `a => body` at its top-level arrow. */
export function splitLambda(
  src: string,
  angles = false,
): { params: string[]; body: string } | null {
  const s = src.trim();
  let i: number;
  let params: string[];
  if (s.startsWith('(')) {
    const close = matching(s, 0, angles);
    if (close < 0) return null;
    params = splitTop(s.slice(1, close), angles);
    i = close + 1;
  } else {
    const m = /^(\.\.\.)?[A-Za-z_][A-Za-z0-9_]*/.exec(s);
    if (!m) return null;
    params = [m[0]];
    i = m[0].length;
  }
  const rest = s.slice(i).trimStart();
  if (!rest.startsWith('=>')) return null;
  return { params, body: rest.slice(2).trim() };
}

/** The index of the bracket closing the one at `open`, skipping strings; -1 if none. */
function matching(s: string, open: number, angles = false): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      i = skipString(s, i);
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{' || (angles && ch === '<')) depth++;
    else if (ch === ')' || ch === ']' || ch === '}' || (angles && ch === '>')) {
      if (ch === '>' && s[i - 1] === '=') continue; // `=>` is not a bracket
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function skipString(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q) return j;
  }
  return s.length;
}

/** Splits on top-level commas (`<>` count as brackets in type expressions). */
function splitTop(s: string, angles: boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' || ch === "'") i = skipString(s, i);
    else if ('([{'.includes(ch) || (angles && ch === '<')) depth++;
    else if (')]}'.includes(ch) || (angles && ch === '>' && s[i - 1] !== '=')) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out.filter((x) => x !== '');
}

/** Parameter types and return type from a signature `(a: T, b: U) => R`. */
function splitSignature(sig: string): { types: (string | null)[]; ret: string | null } {
  const l = splitLambda(sig, true);
  if (!l) return { types: [], ret: null };
  return {
    types: l.params.map((p) => {
      const c = p.indexOf(':');
      return c < 0 ? null : p.slice(c + 1).trim();
    }),
    ret: l.body || null,
  };
}

/**
 * `function name(a: T): R { body }` with `@alias` and `@role` annotations, from the
 * stored lambda and signature (SchemaTranslator.scala translateFunction: parameter
 * names from the body, types from the signature by position, a non-block body wrapped
 * in a block).
 */
export function functionFsl(f: FunctionModel): string {
  const out: string[] = [];
  if (f.alias) out.push(`@alias(${f.alias})`);
  if (f.role) out.push(`@role(${f.role})`);
  const lambda = splitLambda(f.body);
  if (!lambda) {
    // Not a lambda: show the body as stored, so nothing is hidden.
    out.push(`// The stored body is not a lambda; shown as stored.`);
    out.push(`function ${f.name}() {`, `  ${cont(f.body, '  ')}`, '}');
    return out.join('\n') + '\n';
  }
  const sig = f.signature ? splitSignature(f.signature) : { types: [], ret: null };
  const args = lambda.params.map((p, i) => {
    const name = p.replace(/:.*$/s, '').trim();
    const ty = sig.types[i];
    return ty ? `${name}: ${ty}` : name;
  });
  const head = `function ${f.name}(${args.join(', ')})${sig.ret ? `: ${sig.ret}` : ''}`;
  const body = lambda.body;
  if (body.startsWith('{') && matching(body, 0) === body.length - 1) {
    out.push(`${head} ${body}`);
  } else {
    out.push(`${head} {`, `  ${cont(body, '  ')}`, '}');
  }
  return out.join('\n') + '\n';
}

/** `role name { privileges X { read ... } membership Y }` (Display.scala writeMember). */
export function roleFsl(r: RoleModel): string {
  const out: string[] = [`role ${r.name} {`];
  const p = '  ';
  for (const priv of r.privileges) {
    out.push(`${p}privileges ${priv.resource} {`);
    for (const a of priv.actions) {
      if (a.predicate === null) out.push(`${p}${p}${a.action}`);
      else {
        out.push(`${p}${p}${a.action} {`);
        out.push(`${p}${p}${p}predicate (${cont(a.predicate, p + p + p)})`);
        out.push(`${p}${p}}`);
      }
    }
    out.push(`${p}}`);
  }
  for (const m of r.membership) {
    if (m.predicate === null) out.push(`${p}membership ${m.resource}`);
    else {
      out.push(`${p}membership ${m.resource} {`);
      out.push(`${p}${p}predicate (${cont(m.predicate, p + p)})`);
      out.push(`${p}}`);
    }
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** `access provider name { issuer "..." jwks_uri "..." role r }`. */
export function accessProviderFsl(a: AccessProviderModel): string {
  const p = '  ';
  const out: string[] = [`access provider ${a.name} {`];
  out.push(`${p}issuer ${JSON.stringify(a.issuer)}`);
  out.push(`${p}jwks_uri ${JSON.stringify(a.jwksUri)}`);
  for (const r of a.roles) {
    if (r.predicate === null) out.push(`${p}role ${r.role}`);
    else {
      out.push(`${p}role ${r.role} {`);
      out.push(`${p}${p}predicate (${cont(r.predicate, p + p)})`);
      out.push(`${p}}`);
    }
  }
  out.push('}');
  // The audience is derived by the database, not written in FSL.
  if (a.audience) out.push(`// audience: ${a.audience}`);
  return out.join('\n') + '\n';
}
