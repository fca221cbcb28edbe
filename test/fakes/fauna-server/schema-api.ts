/**
 * The core's schema HTTP API (`/schema/1/...`) for the test server: schema files per
 * database, with the version check that refuses a concurrent change. See docs/fauna.md
 * "Schema files and the schema HTTP API" for the sources. Test equipment only.
 *
 * Facts followed (fauna/faunadb, ext/api/src/main/scala/api/schema/):
 * - routes (SchemaEndpoint.scala:56-192): GET files, GET files/{name}, POST update,
 *   POST diff = POST validate, GET status = GET staged/status, POST commit = POST
 *   staged/commit, POST abandon = POST staged/abandon;
 * - query params (SchemaRequest.scala:73-94): `version` (a number, micros), `force=true`,
 *   `staged=true`, `format=semantic|summary|textual` (or legacy `diff=`);
 * - the version check (SchemaRequest.scala:126-152): with `version` given and not the
 *   current one, 409 "Stale schema version provided"; without it, no check;
 * - bodies: multipart form-data, one part per file, its field name the file name
 *   (SchemaRequest.scala:156-199, schema-openapi.yml:354-367); a non-multipart body on
 *   diff/update carries no files;
 * - responses (SchemaResponse.scala): `{version}` always (line 52), `{files:[{filename}]}`
 *   (88-105), `{content}` (107-114), `{diff}` (116-131), `{status}` and with a format
 *   `{status, pending_summary, diff}` (148-181); update/commit/abandon answer the new
 *   version (84-86); errors are `{error:{message}}` with the code's HTTP status
 *   (240-268; 400, 403, 404 "Not found", 405, 409), no error code field;
 * - staged: "Schema cannot be staged in the root database" (SchemaRequest.scala:120),
 *   "There is no staged schema to commit|abandon" (model SchemaStatus.scala:344,364),
 *   status `none|pending|ready|failed` (SchemaStatus.scala:132, SchemaStagedDiff.scala:46).
 *   This fake builds no indexes, so a staged schema is `ready` at once. An update
 *   without `staged=true` while a schema is staged replaces the staged schema (see
 *   route's update below).
 * - the files are the database's schema: when they become active (an update while
 *   nothing is staged, a commit), the catalog the queries read follows them
 *   (apply-schema.ts, with the fake's own FSL reader fsl-reader.ts).
 *
 * FSL is checked only a little: balanced braces and known top-level items, with the
 * core's error rendering (SchemaEndpointSpec.scala:291-302: `error: ...`, `at file:L:C`,
 * the source line and carets). The textual diff follows SchemaEndpointSpec.scala:473-486.
 */
import type { AppliedChange } from './apply-schema';
import { applySchemaFiles } from './apply-schema';
import type { CatalogDatabase, DatabaseSeed } from './catalog';
import type { Answer, Ctx } from './types';

interface SchemaState {
  /** Active files by name. */
  files: Map<string, string>;
  /** Staged files, or null when nothing is staged. */
  staged: Map<string, string> | null;
  /** Micros, like SchemaVersion.toMicros. */
  version: number;
}

const states = new WeakMap<CatalogDatabase, SchemaState>();
let clock = Date.parse('2025-01-01T00:00:00Z') * 1000;

function nextVersion(): number {
  clock += 1_000_000;
  return clock;
}

function stateOf(db: CatalogDatabase): SchemaState {
  let s = states.get(db);
  if (!s) {
    s = { files: new Map([['main.fsl', seedFsl(db.seed)]]), staged: null, version: nextVersion() };
    states.set(db, s);
  }
  return s;
}

/** FSL for a seed, the way the core generates main.fsl for schema made by FQL. */
export function seedFsl(seed: DatabaseSeed): string {
  const out: string[] = [];
  for (const c of seed.collections ?? []) {
    const body: string[] = [];
    for (const [name, f] of Object.entries(c.fields ?? {}))
      body.push(`  ${name}: ${f.signature}${f.default ? ` = ${f.default}` : ''}`);
    for (const [name, f] of Object.entries(c.computed_fields ?? {}))
      body.push(`  compute ${name}${f.signature ? `: ${f.signature}` : ''} = ${f.body}`);
    for (const [name, i] of Object.entries(c.indexes ?? {})) {
      body.push(`  index ${name} {`);
      if (i.terms) body.push(`    terms [${i.terms.map((t) => t.field).join(', ')}]`);
      if (i.values)
        body.push(
          `    values [${i.values.map((v) => (v.order === 'desc' ? `desc(${v.field})` : v.field)).join(', ')}]`,
        );
      body.push('  }');
    }
    for (const k of c.constraints ?? []) {
      if ('unique' in k)
        body.push(
          `  unique [${k.unique.map((u) => (typeof u === 'string' ? u : u.field)).join(', ')}]`,
        );
      else body.push(`  check ${k.check.name} ${k.check.body}`);
    }
    if (c.history_days !== undefined) body.push(`  history_days ${c.history_days}`);
    if (c.ttl_days !== undefined && c.ttl_days !== null) body.push(`  ttl_days ${c.ttl_days}`);
    out.push(`collection ${c.name} {\n${body.join('\n')}${body.length ? '\n' : ''}}\n`);
  }
  for (const f of seed.functions ?? []) {
    const m = /^\((.*?)\)\s*=>\s*([\s\S]*)$/.exec(f.body);
    const params = m ? m[1] : '';
    const text = m ? m[2] : f.body;
    out.push(
      `${f.role ? `@role(${f.role})\n` : ''}function ${f.name}(${params}) {\n  ${text}\n}\n`,
    );
  }
  for (const r of seed.roles ?? []) {
    const body: string[] = [];
    for (const p of r.privileges ?? []) {
      const acts = Object.entries(p.actions).map(([a, v]) =>
        v === true ? `    ${a}` : `    ${a} { predicate (${String(v)}) }`,
      );
      body.push(`  privileges ${p.resource} {\n${acts.join('\n')}\n  }`);
    }
    for (const m of r.membership ?? []) body.push(`  membership ${m.resource}`);
    out.push(`role ${r.name} {\n${body.join('\n')}\n}\n`);
  }
  for (const a of seed.accessProviders ?? []) {
    out.push(
      `access provider ${a.name} {\n  issuer "${a.issuer}"\n  jwks_uri "${a.jwks_uri}"\n}\n`,
    );
  }
  return out.join('\n');
}

const err = (status: number, message: string): Answer => ({ status, body: { error: { message } } });
const NOT_FOUND = err(404, 'Not found'); // SchemaResponse.scala:271
const METHOD_NOT_ALLOWED = err(405, 'Method not allowed'); // SchemaResponse.scala:272
const FORBIDDEN = err(403, 'Access denied'); // SchemaResponse.scala:273

/** Told when files became the active schema (the catalog followed them: apply-schema.ts). */
export type SchemaApplied = (db: CatalogDatabase, change: AppliedChange) => void;

/** Handles a `/schema/1/...` request; undefined for any other path. */
export function handleSchemaApi(
  ctx: Ctx,
  db: CatalogDatabase,
  onApplied?: SchemaApplied,
): Promise<Answer | undefined> {
  if (!ctx.path.startsWith('/schema/1/')) return Promise.resolve(undefined);
  return Promise.resolve(route(ctx, db, onApplied));
}

function route(ctx: Ctx, db: CatalogDatabase, onApplied?: SchemaApplied): Answer {
  if (!ctx.auth.ok) return err(401, 'Access token required');
  const url = new URL(ctx.path, 'http://x');
  const parts = url.pathname.slice('/schema/1/'.length).split('/').filter(Boolean);
  const q = url.searchParams;
  const s = stateOf(db);
  const role = ctx.auth.role;
  // Auth.checkReadSchemaPermission / checkWriteSchemaPermission: built-in admin and the
  // root key (RootAuth is admin) may write schema; server roles may read it.
  const canRead = role.kind === 'builtin' && role.name !== 'client';
  const canWrite = canRead && role.name === 'admin' && ctx.auth.canWrite;
  if (!canRead) return FORBIDDEN;
  const isRoot = ctx.auth.database.length === 0;
  const staged = q.get('staged') === 'true';
  const format = q.get('format') ?? q.get('diff');

  // SchemaRequest.checkSchemaVersion (126-152).
  const checkVersion = (): Answer | null => {
    if (q.get('force') === 'true') return null;
    const v = q.get('version');
    if (v === null || v === '' || !/^-?\d+$/.test(v)) return null;
    return Number(v) === s.version ? null : err(409, 'Stale schema version provided');
  };
  const ok = (body: Record<string, unknown>, version = s.version): Answer => ({
    status: 200,
    body: { version, ...body },
  });
  // The files become the active schema: the catalog follows them (apply-schema.ts).
  const activate = (files: Map<string, string>) => {
    s.files = files;
    const change = applySchemaFiles(db, files);
    onApplied?.(db, change);
  };
  const route = parts.join('/');
  const get = ctx.method === 'GET';
  const post = ctx.method === 'POST';

  if (parts[0] === 'files' && parts.length <= 2) {
    if (!get) return METHOD_NOT_ALLOWED;
    const stale = checkVersion();
    if (stale) return stale;
    const source = staged && s.staged ? s.staged : s.files;
    if (parts.length === 1)
      return ok({ files: [...source.keys()].map((filename) => ({ filename })) });
    const content = source.get(decodeURIComponent(parts[1]));
    return content === undefined ? NOT_FOUND : ok({ content });
  }
  if (route === 'diff' || route === 'validate' || route === 'update') {
    if (!post) return METHOD_NOT_ALLOWED;
    if (route === 'update' && !canWrite) return FORBIDDEN;
    const stale = checkVersion();
    if (stale) return stale;
    const parsed = parseMultipart(ctx);
    if ('error' in parsed) return err(400, parsed.error);
    const invalid = validateFiles(parsed.files);
    if (invalid) return err(400, invalid);
    // override mode (the default, SchemaRequest.scala:76): the files sent are the schema.
    const proposed = new Map(parsed.files);
    if (route !== 'update') {
      const before = staged && s.staged ? s.staged : s.files;
      return ok({ diff: textualDiff(before, proposed) });
    }
    if (staged) {
      if (isRoot) return err(400, 'Schema cannot be staged in the root database');
      s.staged = proposed;
    } else if (s.staged) {
      // While a schema is staged, the core's update without `staged=true` still writes
      // the latest files and the active schema stays pinned: the push replaces the staged
      // schema and is applied only by a commit (SchemaEndpoint.scala:93-118 pins only for
      // `staged=true`; the update is staged whenever a version is pinned,
      // TypeEnvValidator.scala:190-191 `status.activeSchemaVersion`; model test
      // FQL2StagedSchemaSpec.scala:121-161 "stores staged items for updates").
      s.staged = proposed;
    } else {
      activate(proposed);
    }
    s.version = nextVersion();
    return ok({});
  }
  if (route === 'status' || route === 'staged/status') {
    if (!get) return METHOD_NOT_ALLOWED;
    const stale = checkVersion();
    if (stale) return stale;
    if (isRoot) return err(400, 'Schema cannot be staged in the root database');
    const status = s.staged ? 'ready' : 'none';
    if (!format) return ok({ status });
    return ok({
      status,
      pending_summary: '',
      diff: s.staged ? textualDiff(s.files, s.staged) : '',
    });
  }
  for (const action of ['commit', 'abandon'] as const) {
    if (route !== action && route !== `staged/${action}`) continue;
    if (!post) return METHOD_NOT_ALLOWED;
    if (!canWrite) return FORBIDDEN;
    if (isRoot) return err(400, 'Schema cannot be staged in the root database');
    const stale = checkVersion();
    if (stale) return stale;
    if (!s.staged) return err(400, `There is no staged schema to ${action}`);
    if (action === 'commit') activate(s.staged);
    s.staged = null;
    s.version = nextVersion();
    return ok({});
  }
  return NOT_FOUND;
}

/** The form-data parts (name → content), or the core's 400 message. */
function parseMultipart(ctx: Ctx): { files: Array<[string, string]> } | { error: string } {
  const type = String(ctx.headers['content-type'] ?? '');
  const body =
    typeof ctx.body === 'string' ? ctx.body : ctx.body === null ? '' : JSON.stringify(ctx.body);
  if (!/^multipart\/form-data/i.test(type)) return { files: [] }; // SchemaRequest.scala:161
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return { error: 'Request is not a valid multipart request' }; // :192
  const files: Array<[string, string]> = [];
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const sep = chunk.indexOf('\r\n\r\n');
    if (sep < 0) return { error: 'Invalid request' };
    const head = chunk.slice(0, sep);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) return { error: 'Invalid request' };
    let content = chunk.slice(sep + 4);
    if (content.endsWith('\r\n')) content = content.slice(0, -2);
    // SourceFile.FSL.checkFilename: an .fsl path, no empty or `..` segment.
    if (!name.endsWith('.fsl') || name.split('/').some((p) => p === '' || p === '..'))
      return { error: `Invalid filename \`${name}\`` };
    files.push([name, content]);
  }
  if (files.length > 1024) return { error: 'Too many files' }; // SchemaRequest.scala:31,185
  return { files };
}

const TOP_LEVEL = /^(collection|function|role|access\s+provider)\b/;

/** The core's rendering of one FSL error (SchemaEndpointSpec.scala:292-302). */
function renderError(file: string, text: string, offset: number, len: number, msg: string): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1) + 1;
  const src = text.split('\n')[line - 1] ?? '';
  const pad = ' '.repeat(String(line).length);
  return [
    `error: ${msg}`,
    `at ${file}:${line}:${col}`,
    `${pad} |`,
    `${line} | ${src}`,
    `${pad} | ${' '.repeat(col - 1)}${'^'.repeat(Math.max(1, len))}`,
    `${pad} |`,
  ].join('\n');
}

/** Minimal FSL check: known top-level items, balanced braces; null when fine. */
function validateFiles(files: Array<[string, string]>): string | null {
  const errors: string[] = [];
  for (const [name, text] of files) {
    let depth = 0;
    let i = 0;
    let open = -1;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '/' && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
        continue;
      }
      if (ch === '"') {
        const end = text.indexOf('"', i + 1);
        i = end < 0 ? text.length : end + 1;
        continue;
      }
      if (depth === 0 && /\S/.test(ch)) {
        const rest = text.slice(i);
        const ann = /^@\w+(\([^)]*\))?/.exec(rest);
        if (ann) {
          i += ann[0].length;
          continue;
        }
        if (!TOP_LEVEL.test(rest)) {
          const word = /^[^\s{}()]+/.exec(rest)?.[0] ?? ch;
          const ident = /^\w+/.exec(word)?.[0] ?? word;
          errors.push(renderError(name, text, i, ident.length, `Invalid schema item \`${ident}\``));
          break;
        }
        const brace = text.indexOf('{', i);
        if (brace < 0) {
          errors.push(renderError(name, text, text.length, 1, 'Expected `{`'));
          break;
        }
        open = brace;
        depth = 1;
        i = brace + 1;
        continue;
      }
      if (ch === '{') depth++;
      if (ch === '}') {
        depth--;
        if (depth < 0) {
          errors.push(renderError(name, text, i, 1, 'Unexpected `}`'));
          break;
        }
      }
      i++;
    }
    if (depth > 0 && errors.length === 0)
      errors.push(renderError(name, text, open, 1, 'Missing matching `}`'));
  }
  return errors.length ? errors.join('\n') : null;
}

/** The core's textual diff (SchemaEndpointSpec.scala:473-486): per changed file, sorted. */
export function textualDiff(before: Map<string, string>, after: Map<string, string>): string {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: string[] = [];
  for (const name of names) {
    const a = splitLines(before.get(name) ?? '');
    const b = splitLines(after.get(name) ?? '');
    if (a.join('\n') === b.join('\n')) continue;
    const ops = lineDiff(a, b);
    const first = ops.findIndex((o) => o.op !== ' ');
    let last = ops.length - 1;
    while (ops[last].op === ' ') last--;
    const hunk = ops.slice(Math.max(0, first - 1), last + 2);
    const startLine = hunk[0].line;
    const endLine = hunk[hunk.length - 1].line;
    out.push(
      `${name}\n@ line ${startLine} to ${endLine}\n${hunk.map((o) => `${o.op} ${o.text}`.trimEnd()).join('\n')}\n`,
    );
  }
  return out.join('\n');
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** LCS line diff; `line` is the 1-based line in the newer text (or older for removals). */
function lineDiff(
  a: string[],
  b: string[],
): Array<{ op: ' ' | '-' | '+'; text: string; line: number }> {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Array<{ op: ' ' | '-' | '+'; text: string; line: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i], line: j + 1 });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ op: '-', text: a[i], line: Math.max(1, j + 1) });
      i++;
    } else {
      ops.push({ op: '+', text: b[j], line: j + 1 });
      j++;
    }
  }
  return ops;
}
