/**
 * Document queries in a child database, for the test server: a scoped secret
 * (`key:shop/eu:admin`, auth.ts) picks the database, and `Coll.all()`,
 * `Coll.all().pageSize(n)`, `Coll.byId(id)` and `Set.paginate(cursor)` read the documents
 * of that database's collections (`documents` of a `CollectionDef` in catalog.ts) instead
 * of the root database's. Test equipment only: never shipped.
 *
 * Shapes follow the core and the root database's answers in server.ts:
 * - a set is `{"@set": {data, after}}` and its default page is 16 documents
 *   (ext/model/src/main/scala/runtime/fql2/ValueSet.scala:25 `DefaultPageSize`; the tag:
 *   ext/model/src/main/scala/Renderable.scala:62); `Set.paginate` answers a plain
 *   `{data, after}` object;
 * - a document is `{"@doc": {id, coll: {"@mod": Coll}, ts: {"@time": ...}, ...fields}}`
 *   (ext/api/src/main/resources/openapi.yml:588-612);
 * - a collection the database does not have is an unbound variable, `invalid_query`
 *   "The query failed 1 validation check" with the rendered summary, as server.ts answers;
 * - a missing id is an `@ref` with `exists: false` (as server.ts answers).
 *
 * A cursor names the database it was made in; a cursor from another database is
 * `invalid_cursor` "Cursor cannot be decoded." here (so a *Load more* sent to the wrong
 * database cannot pass for the right one).
 */
import type { CatalogDatabase, DatabaseSeed } from './catalog';
import type { Doc, Eval, Tagged } from './types';
import { QueryFailure } from './types';

const DEFAULT_PAGE = 16;

interface ChildCursor {
  db: string[];
  coll: string;
  offset: number;
  size: number;
}

/** Undefined unless `db` is a child database and `q` is one of the shapes above. */
export function evaluateChildDocuments(
  q: string,
  db: CatalogDatabase,
  values: Tagged[],
  args: Record<string, Tagged>,
): Eval | undefined {
  if (db.path.length === 0) return undefined;
  let m: RegExpExecArray | null;
  if ((m = /^([A-Z][A-Za-z0-9_]*)\.all\(\)(?:\.pageSize\((\d+)\))?$/.exec(q))) {
    const docs = documents(db, m[1], q);
    const size = m[2] !== undefined ? Number(m[2]) : DEFAULT_PAGE;
    const p = pageOf(db, m[1], docs, 0, size);
    return { value: { '@set': p }, type: `Set<${m[1]}>`, reads: p.data.length };
  }
  if ((m = /^([A-Z][A-Za-z0-9_]*)\.byId\(("[^"]*"|'[^']*'|\$\{\d+\})\)$/.exec(q))) {
    const docs = documents(db, m[1], q);
    const id = String(argument(m[2], values, args));
    const d = docs.find((x) => x.id === id);
    if (!d) {
      return {
        value: { '@ref': { id, coll: { '@mod': m[1] }, exists: false, cause: 'not found' } },
        type: `Ref<${m[1]}>`,
        reads: 1,
      };
    }
    return { value: docTagged(m[1], d), type: `Ref<${m[1]}>`, reads: 1 };
  }
  if ((m = /^Set\.paginate\((.*)\)$/s.exec(q))) {
    const raw = argument(m[1].trim(), values, args);
    let c: ChildCursor | undefined;
    try {
      c = JSON.parse(Buffer.from(String(raw), 'base64').toString('utf8')) as ChildCursor;
    } catch {
      c = undefined;
    }
    // Not ours (the catalog's cursors carry `cat`): let the server decide.
    if (!c || !Array.isArray(c.db)) return undefined;
    if (c.db.join('/') !== db.path.join('/') || typeof c.coll !== 'string') {
      throw new QueryFailure(
        400,
        'invalid_cursor',
        'Cursor cannot be decoded.',
        summary('Cursor cannot be decoded.', q, 0, q.length),
      );
    }
    const p = pageOf(db, c.coll, documents(db, c.coll, q), c.offset, c.size);
    return {
      value: p,
      type: '{ data: Array<Any>, after: String | Null }',
      reads: p.data.length,
    };
  }
  return undefined;
}

function documents(db: CatalogDatabase, coll: string, q: string): Doc[] {
  const def = (db.seed.collections ?? []).find((c) => c.name === coll);
  if (!def) {
    throw new QueryFailure(
      400,
      'invalid_query',
      'The query failed 1 validation check',
      summary(`Unbound variable \`${coll}\``, q, 0, coll.length),
    );
  }
  return def.documents ?? [];
}

function pageOf(
  db: CatalogDatabase,
  coll: string,
  docs: Doc[],
  offset: number,
  size: number,
): { data: Tagged[]; after?: string } {
  const data = docs.slice(offset, offset + size).map((d) => docTagged(coll, d));
  const next = offset + size;
  if (next >= docs.length) return { data };
  const cursor: ChildCursor = { db: db.path, coll, offset: next, size };
  return { data, after: Buffer.from(JSON.stringify(cursor)).toString('base64') };
}

function docTagged(coll: string, d: Doc): Tagged {
  return { '@doc': { id: d.id, coll: { '@mod': coll }, ts: { '@time': d.ts }, ...d.fields } };
}

/** A quoted string, or an interpolated value `${n}` (how the driver sends a cursor). */
function argument(src: string, values: Tagged[], args: Record<string, Tagged>): unknown {
  const v = /^\$\{(\d+)\}$/.exec(src);
  if (v) return values[Number(v[1])];
  if (Object.prototype.hasOwnProperty.call(args, src)) return args[src];
  return /^(["']).*\1$/s.test(src) ? src.slice(1, -1) : src;
}

/** A one-line query's summary as the core renders it (FQL2ErrorRenderingSpec). */
function summary(message: string, q: string, col0: number, length: number): string {
  const line = q.split('\n')[0];
  return [
    `error: ${message}`,
    `at *query*:1:${col0 + 1}`,
    '  |',
    `1 | ${line}`,
    `  | ${' '.repeat(col0)}${'^'.repeat(Math.max(1, Math.min(length, line.length - col0)))}`,
    '  |',
  ].join('\n');
}

/**
 * A test fixture: `seed` plus the child database `shop/eu`, whose `Product` collection
 * holds `count` documents that exist only there ("EU product N", ids from
 * 700000000000000001) and whose role `clerk` may read them.
 */
export function withShopDatabase(seed: DatabaseSeed, count = 20): DatabaseSeed {
  const documents: Doc[] = [];
  for (let i = 1; i <= count; i++) {
    documents.push({
      id: String(700000000000000000n + BigInt(i)),
      ts: new Date(Date.parse('2025-02-01T00:00:00Z') + i * 1000).toISOString(),
      fields: { name: `EU product ${i}`, price: { '@int': String(i * 10) } },
    });
  }
  return {
    ...seed,
    databases: {
      ...(seed.databases ?? {}),
      shop: {
        databases: {
          eu: {
            collections: [{ name: 'Product', history_days: 0, documents }],
            roles: [
              { name: 'clerk', privileges: [{ resource: 'Product', actions: { read: true } }] },
            ],
          },
        },
      },
    },
  };
}
