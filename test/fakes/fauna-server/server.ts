/**
 * A Fauna test server speaking the real v10 wire protocol (research: fauna.md §3,
 * docs/TESTING.md): `POST /query/1` over HTTP/2 cleartext (the driver speaks HTTP/2 on
 * Node), `Authorization: Bearer`, tagged or simple format, Fauna's success and error
 * bodies with their real codes and statuses. It evaluates a fixed set of query shapes
 * over a small in-memory database (see `evaluate`); anything else is an
 * `invalid_query` with a summary, as Fauna would answer an unknown name.
 *
 * Test-only controls ride in FQL line comments, which a real Fauna ignores:
 * `// @test:delay=MS` (answer late, or `time_out` once past x-query-timeout-ms),
 * `// @test:hang=1` (never answer: only the client's own timeout or a cancel ends it),
 * `// @test:fail=CODE` (answer with that fault), `// @test:throttle=N` (429 for the
 * first N tries of this text), `// @test:huge=N` (an array of N 1 KB strings).
 *
 * Requests are recorded (headers without Authorization, body) for assertions.
 */
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { resolveAuth } from './auth';
import type { Catalog, DatabaseSeed } from './catalog';
import { buildCatalog, evaluateCatalog } from './catalog';
import { evaluateChildDocuments } from './child-documents';
import { evaluateByName } from './by-name';
import { evaluateRunAs } from './run-as';
import { handleSchemaApi } from './schema-api';
import type { Answer, Ctx, Doc, Eval, Tagged } from './types';
import { QueryFailure } from './types';

/** One recorded request. `authorization` is reduced to whether it matched. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** Whether the bearer secret was accepted. */
  authorized: boolean;
  /** Which of the server's secrets (`secrets` then `readonlySecrets`) it was, by index; -1 if none. */
  secretIndex: number;
  /** The identity the secret's scope resolved to (auth.ts; never the key), if accepted. */
  identity?: { database: string[]; role: string };
}

export interface FaunaServerOptions {
  /** Secrets with full access (default: `secret`, the self-hosted root key). */
  secrets?: string[];
  /**
   * Secrets of the built-in `server-readonly` role: they read, and a write is
   * `permission_denied` (HTTP 400, like every query failure: run-as.ts, permissions.ts).
   */
  readonlySecrets?: string[];
  /** Documents in the `Product` collection (default 40). */
  products?: number;
  /**
   * The databases and their schema (catalog.ts; default `defaultSeed()`): child
   * databases reached with scoped secrets (auth.ts), collections, functions, roles.
   */
  catalog?: DatabaseSeed;
}

export interface FaunaTestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  /** Requests whose answer is still pending (e.g. a slow query not yet cancelled). */
  pending(): number;
  /** Streams reset by the client (cancelled) so far. */
  cancelled(): number;
  /** Adds a document; returns its id. */
  addDocument(coll: string, fields: Record<string, unknown>): string;
  close(): Promise<void>;
}

const DEFAULT_PAGE = 16; // ValueSet.scala default page size (fauna.md §6)

/** Starts the server on 127.0.0.1 and a free port. */
export async function startFaunaServer(opts: FaunaServerOptions = {}): Promise<FaunaTestServer> {
  const secrets = new Set(opts.secrets ?? ['secret']);
  const readonly = new Set(opts.readonlySecrets ?? []);
  const collections = new Map<string, Doc[]>();
  const baseTs = Date.parse('2025-01-01T00:00:00Z');
  const products: Doc[] = [];
  for (let i = 1; i <= (opts.products ?? 40); i++) {
    products.push({
      id: String(400000000000000000n + BigInt(i)),
      ts: new Date(baseTs + i * 1000).toISOString(),
      fields: {
        name: `Product ${i}`,
        price: { '@int': String(i * 100) },
        stock: { '@long': String(i * 7) },
        rating: { '@double': String(i / 10 + 0.05) },
        created: { '@time': new Date(baseTs + i * 86400000).toISOString() },
        tags: ['tag' + (i % 3)],
      },
    });
  }
  collections.set('Product', products);
  const catalog: Catalog = buildCatalog(opts.catalog);
  const authWorld = {
    rootKeys: secrets,
    readonlyKeys: readonly,
    databaseExists: (path: string[]) => catalog.at(path) !== undefined,
    roleExists: (path: string[], role: string) =>
      (catalog.at(path)?.seed.roles ?? []).some((r) => r.name === role),
    documentExists: (path: string[], coll: string, id: string) => {
      if (path.length === 0 && collections.has(coll)) {
        return (collections.get(coll) ?? []).some((d) => d.id === id);
      }
      const def = (catalog.at(path)?.seed.collections ?? []).find((c) => c.name === coll);
      return (def?.documents ?? []).some((d) => d.id === id);
    },
  };
  const requests: RecordedRequest[] = [];
  const throttled = new Map<string, number>();
  let pending = 0;
  let cancelled = 0;
  let txn = baseTs * 1000;
  const sessions = new Set<http2.ServerHttp2Session>();

  const server = http2.createServer();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const path = String(headers[':path'] ?? '');
      const method = String(headers[':method'] ?? '');
      const header = String(headers.authorization ?? '');
      const secret = header.startsWith('Bearer ') ? header.slice(7) : '';
      const auth = resolveAuth(secret, authWorld);
      const authorized = auth.ok;
      // Which key it was, scope or not (a scoped secret is `key:scope`).
      const secretIndex = [...secrets, ...readonly].indexOf(secret.split(':')[0]);
      const recorded: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) {
        // Never keep (or print) the secret, even in a test server.
        if (k === 'authorization' || k.startsWith(':')) continue;
        recorded[k] = Array.isArray(v) ? v.join(',') : String(v);
      }
      let body: unknown;
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      const identity = auth.ok
        ? {
            database: auth.database,
            role:
              auth.role.kind === 'builtin'
                ? auth.role.name
                : auth.role.kind === 'custom'
                  ? `@role/${auth.role.name}`
                  : `@doc/${auth.role.coll}/${auth.role.id}`,
          }
        : undefined;
      requests.push({
        method,
        path,
        headers: recorded,
        body,
        authorized,
        secretIndex,
        ...(identity ? { identity } : {}),
      });
      pending++;
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          pending--;
        }
      };
      stream.on('close', () => {
        if (!done) {
          cancelled++;
          finish();
        }
      });
      const started = Date.now();
      void handle({ path, method, secret, authorized, auth, headers, body, stream, started }).then(
        (a) => {
          if (stream.destroyed || stream.closed) return finish();
          const payload = a.raw ?? JSON.stringify(a.body);
          stream.respond({ ':status': a.status, 'content-type': 'application/json;charset=utf-8' });
          stream.end(payload);
          finish();
        },
        () => finish(),
      );
    });
  });

  function stats(ctx: Ctx, reads = 0, writes = 0, compute = 1) {
    return {
      compute_ops: compute,
      read_ops: reads,
      write_ops: writes,
      query_time_ms: Date.now() - ctx.started,
      contention_retries: 0,
      storage_bytes_read: reads * 128,
      storage_bytes_write: writes * 128,
      rate_limits_hit: [] as string[],
    };
  }

  function nextTxn(): number {
    txn += 1000;
    return txn;
  }

  async function handle(ctx: Ctx): Promise<Answer> {
    if (ctx.path.startsWith('/schema/1/')) {
      if (!ctx.auth.ok) {
        return {
          status: 401,
          body: { error: { code: 'unauthorized', message: 'Access token required' } },
        };
      }
      const db = catalog.at(ctx.auth.database);
      // The root database's documents live here, not in the catalog: a collection the
      // active schema drops loses them, one it adds starts empty (apply-schema.ts).
      const answer = db
        ? await handleSchemaApi(ctx, db, (d, change) => {
            if (d.path.length !== 0) return;
            for (const n of change.removed) collections.delete(n);
            for (const n of change.added) if (!collections.has(n)) collections.set(n, []);
          })
        : undefined;
      if (answer) return answer;
    }
    if (ctx.path !== '/query/1') {
      return { status: 404, body: { error: { code: 'not_found', message: 'Not found.' } } };
    }
    if (ctx.method !== 'POST') {
      return {
        status: 405,
        body: { error: { code: 'method_not_allowed', message: 'Method not allowed.' } },
      };
    }
    if (!ctx.authorized) {
      // A 401 body carries no summary (fauna-js integration tests).
      return {
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Access token required' } },
      };
    }
    const req = ctx.body as { query?: unknown; arguments?: Record<string, Tagged> } | null;
    if (!req || typeof req !== 'object' || req.query === undefined) {
      return {
        status: 400,
        body: {
          error: {
            code: 'invalid_request',
            message: 'Invalid request body: missing field `query`.',
          },
        },
      };
    }
    const { text, values } = queryText(req.query);
    const tagged = String(ctx.headers['x-format'] ?? 'simple') === 'tagged';
    const timeoutMs = Number(ctx.headers['x-query-timeout-ms'] ?? 5000);
    const directives = parseDirectives(text);
    try {
      if (directives.hang !== undefined) {
        // A server that ignores x-query-timeout-ms: only the client's own timeout ends it.
        await sleepUnlessClosed(ctx.stream, 10 * 60_000);
        return { status: 499, body: null };
      }
      if (directives.delay !== undefined) {
        const wait = Math.min(directives.delay, timeoutMs);
        const closed = await sleepUnlessClosed(ctx.stream, wait);
        if (closed) return { status: 499, body: null };
        if (directives.delay > timeoutMs) {
          throw new QueryFailure(
            440,
            'time_out',
            `Query time limit exceeded; the query exceeded its ${timeoutMs}ms deadline.`,
            '',
          );
        }
      }
      const fault =
        directives.fail ??
        (directives.throttle !== undefined ? throttle(text, directives.throttle) : undefined);
      if (fault) return faultAnswer(fault, ctx);
      const src = stripDirectives(text);
      const result = evaluate(src, values, req.arguments ?? {}, ctx, directives);
      const data = tagged ? result.value : simplify(result.value);
      const body: Record<string, unknown> = {
        data,
        static_type: result.type,
        summary: result.summary ?? '',
        txn_ts: nextTxn(),
        stats: stats(ctx, result.reads ?? 0, result.writes ?? 0),
        schema_version: 0,
      };
      if (ctx.headers['x-query-tags']) body.query_tags = String(ctx.headers['x-query-tags']);
      return { status: 200, body };
    } catch (err) {
      if (!(err instanceof QueryFailure)) throw err;
      const body: Record<string, unknown> = {
        error: { code: err.code, message: err.message, ...err.extra },
        txn_ts: nextTxn(),
        stats: stats(ctx),
        schema_version: 0,
      };
      if (err.summary !== undefined) body.summary = err.summary;
      return { status: err.status, body };
    }
  }

  function throttle(text: string, n: number): string | undefined {
    const seen = throttled.get(text) ?? 0;
    throttled.set(text, seen + 1);
    return seen < n ? 'limit_exceeded' : undefined;
  }

  function faultAnswer(fault: string, ctx: Ctx): Answer {
    const err = (status: number, code: string, message: string) => ({
      status,
      body: {
        error: { code, message },
        summary: '',
        txn_ts: nextTxn(),
        stats: stats(ctx),
        schema_version: 0,
      },
    });
    switch (fault) {
      case 'unauthorized':
        return {
          status: 401,
          body: { error: { code: 'unauthorized', message: 'Access token required' } },
        };
      case 'forbidden':
        return err(403, 'forbidden', 'Insufficient privileges to perform the action.');
      case 'limit_exceeded':
        return err(429, 'limit_exceeded', 'Rate limit exceeded.');
      case 'time_out_440':
        return err(440, 'time_out', 'Query time limit exceeded.');
      case 'time_out_503':
        return err(503, 'time_out', 'The service timed out waiting on a response.');
      case 'internal_error':
        return err(500, 'internal_error', 'Internal server error.');
      case 'empty':
        return { status: 200, body: null, raw: '' };
      case 'notjson':
        return { status: 502, body: null, raw: '<html><body>502 Bad Gateway</body></html>' };
      default:
        return err(400, fault, `Failure ${fault}.`);
    }
  }

  function docTagged(coll: string, d: Doc): Tagged {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d.fields)) fields[k] = escapeObjects(v);
    return { '@doc': { id: d.id, coll: { '@mod': coll }, ts: { '@time': d.ts }, ...fields } };
  }

  function page(coll: string, offset: number, size: number): Eval {
    const docs = collections.get(coll) ?? [];
    const slice = docs.slice(offset, offset + size);
    const after =
      offset + size < docs.length
        ? Buffer.from(JSON.stringify({ coll, offset: offset + size, size })).toString('base64')
        : undefined;
    return {
      value: {
        '@set': { data: slice.map((d) => docTagged(coll, d)), ...(after ? { after } : {}) },
      },
      type: `Set<${coll}>`,
      reads: slice.length,
    };
  }

  function evaluate(
    src: string,
    values: Tagged[],
    args: Record<string, Tagged>,
    ctx: Ctx,
    directives: Directives,
  ): Eval {
    const q = src.trim();
    const lead = src.length - src.trimStart().length;
    let m: RegExpExecArray | null;
    const db = ctx.auth.ok ? catalog.at(ctx.auth.database) : undefined;
    const env = { args, values, hasRootCollection: (n: string) => collections.has(n) };
    const fromRunAs = db ? evaluateRunAs(q, db, ctx, env) : undefined;
    if (fromRunAs) return fromRunAs;
    const fromByName = db ? evaluateByName(q, db, ctx, env) : undefined;
    if (fromByName) return fromByName;
    const fromCatalog = db ? evaluateCatalog(q, db, args, ctx) : undefined;
    if (fromCatalog) return fromCatalog;
    // Documents of a child database reached by a scoped secret (child-documents.ts).
    const fromChild = db ? evaluateChildDocuments(q, db, values, args) : undefined;
    if (fromChild) return fromChild;
    if (directives.huge !== undefined) {
      const s = 'x'.repeat(1024);
      return { value: Array.from({ length: directives.huge }, () => s), type: 'Array<String>' };
    }
    if ((m = /^(-?\d+)\s*\+\s*(-?\d+)$/.exec(q))) {
      return { value: { '@int': String(Number(m[1]) + Number(m[2])) }, type: 'Int' };
    }
    if ((m = /^"((?:[^"\\#]|\\.)*)"$/.exec(q)) || (m = /^'((?:[^'\\]|\\.)*)'$/.exec(q))) {
      return { value: JSON.parse(`"${m[1].replace(/\\'/g, "'")}"`) as string, type: 'String' };
    }
    if (q === 'Time.now()') return { value: { '@time': new Date().toISOString() }, type: 'Time' };
    if (q === 'Date.today()')
      return { value: { '@date': new Date().toISOString().slice(0, 10) }, type: 'Date' };
    if (q === 'Collection')
      return { value: { '@mod': 'Collection' }, type: 'CollectionCollection' };
    if ((m = /^log\((".*")\)\s*;?\s*(\d+)$/s.exec(q))) {
      // log() output as Fauna renders it: `info at *query*:LINE: message`.
      const line = src.slice(0, lead).split('\n').length;
      return {
        value: { '@int': m[2] },
        type: 'Int',
        summary: `info at *query*:${line}: ${JSON.parse(m[1]) as string}`,
      };
    }
    if ((m = /^abort\((.*)\)$/s.exec(q))) {
      const abortValue = literal(m[1], values, args);
      throw new QueryFailure(
        400,
        'abort',
        'Query aborted.',
        rendered('Query aborted.', src, lead + 0, q.length),
        {
          abort: abortValue,
        },
      );
    }
    if ((m = /^([A-Z][A-Za-z0-9_]*)\.all\(\)(?:\.(pageSize|paginate)\((\w+)\))?$/.exec(q))) {
      requireColl(m[1], src, lead);
      const size = m[3] !== undefined ? Number(literal(m[3], values, args, true)) : DEFAULT_PAGE;
      const p = page(m[1], 0, size);
      if (m[2] === 'paginate') {
        // .paginate(n) returns a plain object {data, after}, not a set (Sets.scala).
        const set = (p.value as { '@set': { data: unknown[]; after?: string } })['@set'];
        return {
          value: { data: set.data, ...(set.after ? { after: set.after } : {}) },
          type: `{ data: Array<${m[1]}>, after: String | Null }`,
          reads: p.reads,
        };
      }
      return p;
    }
    if ((m = /^([A-Z][A-Za-z0-9_]*)\.byId\(("[^"]*"|'[^']*'|\w+)\)$/.exec(q))) {
      requireColl(m[1], src, lead);
      const id = String(literal(m[2], values, args));
      const d = (collections.get(m[1]) ?? []).find((x) => x.id === id);
      if (!d) {
        return {
          value: { '@ref': { id, coll: { '@mod': m[1] }, exists: false, cause: 'not found' } },
          type: `Ref<${m[1]}>`,
          reads: 1,
        };
      }
      return { value: docTagged(m[1], d), type: `Ref<${m[1]}>`, reads: 1 };
    }
    if ((m = /^([A-Z][A-Za-z0-9_]*)\.create\(/.exec(q))) {
      requireColl(m[1], src, lead);
      if (!ctx.auth.ok || !ctx.auth.canWrite) {
        // 400, as every query failure (FQL2Response.scala:299-300; run-as.ts).
        throw new QueryFailure(
          400,
          'permission_denied',
          'Insufficient privileges to perform the action.',
          rendered('Insufficient privileges to perform the action.', src, lead + 0, q.length),
        );
      }
      // `Coll.create(OBJ)` with OBJ an argument, an interpolated value, JSON or a flat
      // FQL object literal: the new document (a write the identity may do, run-as.ts).
      const arg = /^[A-Z][A-Za-z0-9_]*\.create\(([\s\S]*)\)$/.exec(q);
      const fields = arg ? objectArgument(arg[1], values, args) : undefined;
      if (!fields) throw unsupported(src);
      const docs = collections.get(m[1]) ?? [];
      const id = String(600000000000000000n + BigInt(docs.length + 1));
      const doc: Doc = { id, ts: new Date(nextTxn() / 1000).toISOString(), fields };
      docs.push(doc);
      return { value: docTagged(m[1], doc), type: m[1], writes: 1 };
    }
    if ((m = /^Set\.paginate\((.*)\)$/s.exec(q))) {
      const cursor = literal(m[1], values, args);
      let c: { coll: string; offset: number; size: number };
      try {
        c = JSON.parse(Buffer.from(String(cursor), 'base64').toString('utf8')) as typeof c;
        if (typeof c.coll !== 'string' || typeof c.offset !== 'number') throw new Error('bad');
        // A child database's cursor (child-documents.ts) does not page this database.
        if ('db' in c) throw new Error('another database');
      } catch {
        throw new QueryFailure(
          400,
          'invalid_cursor',
          'Cursor cannot be decoded.',
          rendered('Cursor cannot be decoded.', src, lead + 0, q.length),
        );
      }
      const p = page(c.coll, c.offset, c.size);
      const set = (p.value as { '@set': { data: unknown[]; after?: string } })['@set'];
      // Set.paginate returns {data, after} as an object.
      return {
        value: { data: set.data, ...(set.after ? { after: set.after } : {}) },
        type: `{ data: Array<Any>, after: String | Null }`,
        reads: p.reads,
      };
    }
    if (/^[a-z_][A-Za-z0-9_]*$/.test(q) && Object.prototype.hasOwnProperty.call(args, q)) {
      return { value: args[q], type: 'Any' };
    }
    if (/^\$\{0\}$/.test(q)) return { value: values[0], type: 'Any' };
    throw unsupported(src);
  }

  function requireColl(name: string, src: string, lead: number) {
    if (!collections.has(name)) {
      throw new QueryFailure(
        400,
        'invalid_query',
        'The query failed 1 validation check',
        rendered(`Unbound variable \`${name}\``, src, lead + 0, name.length),
      );
    }
  }

  function unsupported(src: string): QueryFailure {
    const lead = src.length - src.trimStart().length;
    const q = src.trim();
    // The first identifier that is not a known name: an unbound variable, as Fauna
    // reports it; otherwise a syntax error at the start.
    const id = /[A-Za-z_][A-Za-z0-9_]*/.exec(q);
    if (
      id &&
      ![
        'Product',
        'Time',
        'Date',
        'Set',
        'Collection',
        'abort',
        'log',
        'true',
        'false',
        'null',
      ].includes(id[0])
    ) {
      return new QueryFailure(
        400,
        'invalid_query',
        'The query failed 1 validation check',
        rendered(`Unbound variable \`${id[0]}\``, src, lead + id.index, id[0].length),
      );
    }
    return new QueryFailure(
      400,
      'invalid_query',
      'The query failed 1 validation check',
      rendered('invalid_syntax: Expected end-of-input', src, lead + 0, 1),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pending: () => pending,
    cancelled: () => cancelled,
    addDocument(coll, fields) {
      const docs = collections.get(coll) ?? [];
      collections.set(coll, docs);
      const id = String(500000000000000000n + BigInt(docs.length + 1));
      docs.push({ id, ts: new Date(baseTs).toISOString(), fields });
      return id;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The query text of a request body, with `${n}` standing for the n-th value fragment. */
function queryText(query: unknown): { text: string; values: Tagged[] } {
  if (typeof query === 'string') return { text: query, values: [] };
  const values: Tagged[] = [];
  const walk = (q: unknown): string => {
    if (q && typeof q === 'object' && Array.isArray((q as { fql?: unknown }).fql)) {
      return (q as { fql: unknown[] }).fql
        .map((f) => {
          if (typeof f === 'string') return f;
          if (f && typeof f === 'object' && 'value' in f) {
            values.push(f.value);
            return `\${${values.length - 1}}`;
          }
          return walk(f);
        })
        .join('');
    }
    return '';
  };
  return { text: walk(query), values };
}

/**
 * A literal argument in a query shape: a number, a quoted string, an argument name, an
 * interpolated value, or JSON.
 */
function literal(
  src: string,
  values: Tagged[],
  args: Record<string, Tagged>,
  numeric = false,
): unknown {
  const s = src.trim();
  const v = /^\$\{(\d+)\}$/.exec(s);
  const raw: unknown = v
    ? values[Number(v[1])]
    : Object.prototype.hasOwnProperty.call(args, s)
      ? args[s]
      : /^'.*'$/s.test(s)
        ? s.slice(1, -1)
        : (() => {
            try {
              return JSON.parse(s) as unknown;
            } catch {
              return s;
            }
          })();
  const plain = untag(raw);
  return numeric ? Number(plain) : plain;
}

/** A create's object: tagged fields as stored (numbers as `@int`/`@double`), or undefined. */
function objectArgument(
  src: string,
  values: Tagged[],
  args: Record<string, Tagged>,
): Record<string, unknown> | undefined {
  const s = src.trim();
  let v: unknown = literal(s, values, args);
  if (typeof v === 'string' && s.startsWith('{')) {
    // A flat FQL object literal `{ name: "x", n: 1 }`: quote its keys to read it as JSON.
    try {
      v = JSON.parse(s.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":'));
    } catch {
      return undefined;
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const tagNumbers = (x: unknown): unknown =>
    typeof x === 'number'
      ? Number.isInteger(x)
        ? { '@int': String(x) }
        : { '@double': String(x) }
      : Array.isArray(x)
        ? x.map(tagNumbers)
        : x;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tagNumbers(x)]));
}

function untag(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const t of ['@int', '@long', '@double']) if (t in o) return Number(o[t]);
  }
  return v;
}

/**
 * Plain objects given to addDocument whose keys start with `@` are wrapped in `@object`,
 * as Fauna escapes them (fauna.md §3.6); tagged values (one `@` key) pass as they are.
 */
function escapeObjects(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(escapeObjects);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const known = [
    '@int',
    '@long',
    '@double',
    '@time',
    '@date',
    '@mod',
    '@doc',
    '@ref',
    '@set',
    '@object',
    '@bytes',
    '@uuid',
    '@stream',
  ];
  if (keys.length === 1 && known.includes(keys[0])) return v;
  const inner = Object.fromEntries(keys.map((k) => [k, escapeObjects(o[k])]));
  return keys.some((k) => k.startsWith('@')) ? { '@object': inner } : inner;
}

/** The `simple` format: tags dropped (fauna.md §3.6). */
function simplify(v: Tagged): unknown {
  if (Array.isArray(v)) return v.map(simplify);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0].startsWith('@')) {
      const inner = o[keys[0]];
      switch (keys[0]) {
        case '@int':
        case '@long':
        case '@double':
          return Number(inner);
        case '@doc':
        case '@ref':
        case '@set':
        case '@object':
          return simplify(inner);
        default:
          return inner;
      }
    }
    return Object.fromEntries(keys.map((k) => [k, simplify(o[k])]));
  }
  return v;
}

/** A summary rendered like Fauna's (FQL2ErrorRenderingSpec): message, place, excerpt. */
function rendered(message: string, q: string, offset: number, length: number): string {
  const before = q.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  const srcLine = q.split('\n')[line - 1] ?? '';
  const gutter = String(line).length;
  const pad = ' '.repeat(gutter);
  return [
    `error: ${message}`,
    `at *query*:${line}:${col}`,
    `${pad} |`,
    `${line} | ${srcLine}`,
    `${pad} | ${' '.repeat(col - 1)}${'^'.repeat(Math.max(1, Math.min(length, srcLine.length - col + 1)))}`,
    `${pad} |`,
  ].join('\n');
}

interface Directives {
  delay?: number;
  fail?: string;
  throttle?: number;
  huge?: number;
  hang?: number;
}

function parseDirectives(text: string): Directives {
  const d: Directives = {};
  for (const m of text.matchAll(/\/\/\s*@test:(\w+)=([\w.-]+)/g)) {
    if (m[1] === 'delay') d.delay = Number(m[2]);
    if (m[1] === 'fail') d.fail = m[2];
    if (m[1] === 'throttle') d.throttle = Number(m[2]);
    if (m[1] === 'huge') d.huge = Number(m[2]);
    if (m[1] === 'hang') d.hang = Number(m[2]);
  }
  return d;
}

/** The query without test directives; the remaining line comments are blanked so
 * positions (line and column) stay those of the original text. */
function stripDirectives(text: string): string {
  return text.replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
}

function sleepUnlessClosed(stream: http2.ServerHttp2Stream, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (stream.closed || stream.destroyed) return resolve(true);
    const t = setTimeout(() => {
      stream.off('close', onClose);
      resolve(false);
    }, ms);
    const onClose = () => {
      clearTimeout(t);
      resolve(true);
    };
    stream.once('close', onClose);
  });
}
