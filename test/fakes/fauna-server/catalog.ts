/**
 * The test server's databases and their schema: child databases, collections (with
 * indexes, unique constraints, checks, computed fields), user-defined functions, roles and
 * access providers, one catalog per database in a tree. Scoped secrets (auth.ts) pick the
 * database; the explorer's queries (`Collection.all()`, `Database.all()`, ...) read it.
 *
 * Definition documents follow the core's schema collections (fields as FQL returns them
 * for `Collection.byName("X")`, `Function.byName(...)`, etc.; see docs/fauna.md for the
 * sources). Test equipment only: never shipped.
 */
import type { Ctx, Doc, Eval, Tagged } from './types';

export interface IndexDef {
  terms?: { field: string; mva?: boolean }[];
  values?: { field: string; order?: 'asc' | 'desc'; mva?: boolean }[];
  queryable?: boolean;
  /** Collections.scala:464: `pending`, `active` or `failed`. */
  status?: 'pending' | 'active' | 'failed';
}

export interface CollectionDef {
  name: string;
  fields?: Record<string, { signature: string; default?: string }>;
  computed_fields?: Record<string, { body: string; signature?: string }>;
  indexes?: Record<string, IndexDef>;
  constraints?: (
    | { unique: (string | { field: string; mva?: boolean })[]; status?: string }
    | { check: { name: string; body: string } }
  )[];
  history_days?: number;
  ttl_days?: number | null;
  document_ttls?: boolean;
  wildcard?: string;
  migrations?: Record<string, unknown>[];
  alias?: string;
  data?: Record<string, unknown>;
  /** Documents of this collection (not part of the definition). */
  documents?: Doc[];
}

export interface FunctionDef {
  name: string;
  body: string;
  signature?: string;
  role?: string;
  alias?: string;
  data?: Record<string, unknown>;
}

export interface RoleDef {
  name: string;
  privileges?: { resource: string; actions: Record<string, boolean | string> }[];
  membership?: { resource: string; predicate?: string }[];
  data?: Record<string, unknown>;
}

export interface AccessProviderDef {
  name: string;
  issuer: string;
  jwks_uri: string;
  roles?: (string | { role: string; predicate: string })[];
  audience?: string;
  data?: Record<string, unknown>;
}

/** One database's schema and its children. */
export interface DatabaseSeed {
  collections?: CollectionDef[];
  functions?: FunctionDef[];
  roles?: RoleDef[];
  accessProviders?: AccessProviderDef[];
  /** Child databases by name. */
  databases?: Record<string, DatabaseSeed>;
  /** Database definition fields (typechecked, protected, priority, data). */
  typechecked?: boolean;
  protected?: boolean;
}

/** A database in the server's tree: its seed plus what the server adds at run time. */
export interface CatalogDatabase {
  name: string;
  path: string[];
  /** Stable per database, like the core's global_id. */
  globalId: string;
  seed: DatabaseSeed;
  children: Map<string, CatalogDatabase>;
}

export interface Catalog {
  root: CatalogDatabase;
  /** The database at `path`, or undefined. */
  at(path: string[]): CatalogDatabase | undefined;
}

/** The default schema: what the tests and the README pictures use unless told otherwise. */
export function defaultSeed(): DatabaseSeed {
  return {
    collections: [
      {
        name: 'Product',
        fields: {
          name: { signature: 'String' },
          price: { signature: 'Int', default: '0' },
          stock: { signature: 'Long?' },
          rating: { signature: 'Double?' },
          created: { signature: 'Time?' },
          tags: { signature: 'Array<String>', default: '[]' },
        },
        computed_fields: {
          inStock: { body: '(doc) => doc.stock != null && doc.stock > 0', signature: 'Boolean' },
        },
        indexes: {
          byName: {
            terms: [{ field: '.name', mva: false }],
            values: [{ field: '.price', order: 'asc', mva: false }],
            queryable: true,
            status: 'active',
          },
          sortedByPrice: {
            values: [{ field: '.price', order: 'desc', mva: false }],
            queryable: true,
            status: 'active',
          },
        },
        constraints: [
          { unique: [{ field: '.name', mva: false }], status: 'active' },
          { check: { name: 'nonNegativePrice', body: '(doc) => doc.price >= 0' } },
        ],
        history_days: 0,
        ttl_days: null,
        document_ttls: true,
      },
      {
        name: 'Customer',
        fields: { name: { signature: 'String' }, email: { signature: 'String' } },
        indexes: {
          byEmail: {
            terms: [{ field: '.email', mva: false }],
            queryable: true,
            status: 'active',
          },
        },
        constraints: [{ unique: [{ field: '.email', mva: false }], status: 'active' }],
        history_days: 0,
      },
      { name: 'Order', history_days: 30, ttl_days: 365 },
    ],
    functions: [
      {
        name: 'productsUnder',
        body: '(limit) => Product.where(.price < limit)',
        signature: '(limit: Int) => Set<Product>',
      },
      {
        name: 'restock',
        body: '(id, n) => Product.byId(id)!.update({ stock: n })',
        signature: '(id: ID, n: Long) => Product',
        role: 'server',
      },
    ],
    roles: [
      {
        name: 'customer',
        privileges: [
          { resource: 'Product', actions: { read: true } },
          {
            resource: 'Order',
            actions: { read: '(doc) => doc.customer == Query.identity()', create: true },
          },
        ],
        membership: [{ resource: 'Customer' }],
      },
      {
        name: 'manager',
        privileges: [
          { resource: 'Product', actions: { read: true, write: true, create: true, delete: true } },
          { resource: 'restock', actions: { call: true } },
        ],
      },
    ],
    accessProviders: [
      {
        name: 'someIssuer',
        issuer: 'https://example.com/',
        jwks_uri: 'https://example.com/.well-known/jwks.json',
        roles: ['customer'],
      },
    ],
    databases: {
      staging: {
        collections: [{ name: 'Product', history_days: 0 }],
        roles: [{ name: 'tester', privileges: [{ resource: 'Product', actions: { read: true } }] }],
      },
      tenants: {
        databases: {
          acme: { collections: [{ name: 'Invoice', history_days: 0 }] },
        },
      },
    },
  };
}

/** Builds the database tree from a seed (`defaultSeed()` when none is given). */
export function buildCatalog(seed: DatabaseSeed = defaultSeed()): Catalog {
  let counter = 0;
  const make = (name: string, path: string[], s: DatabaseSeed): CatalogDatabase => {
    const db: CatalogDatabase = {
      name,
      path,
      globalId: `ys${(++counter).toString(36).padStart(10, '0')}`,
      seed: s,
      children: new Map(),
    };
    for (const [child, cs] of Object.entries(s.databases ?? {})) {
      db.children.set(child, make(child, [...path, child], cs));
    }
    return db;
  };
  const root = make('', [], seed);
  return {
    root,
    at(path) {
      let db: CatalogDatabase | undefined = root;
      for (const p of path) db = db?.children.get(p);
      return db;
    },
  };
}

export type ListKind = 'Database' | 'Collection' | 'Function' | 'Role' | 'AccessProvider';

/** The definition documents of one list, in creation order (as `X.all()` yields them). */
export function definitions(kind: ListKind, db: CatalogDatabase): Record<string, unknown>[] {
  const s = db.seed;
  switch (kind) {
    case 'Collection':
      return (s.collections ?? []).map(({ documents: _d, ...def }) => ({ ...def }));
    case 'Function':
      return (s.functions ?? []).map((f) => ({ ...f }));
    case 'Role':
      return (s.roles ?? []).map((r) => ({ ...r }));
    case 'AccessProvider':
      // `audience` is derived by the core from the database (AccessProviders.scala:26).
      return (s.accessProviders ?? []).map((a) => ({
        audience: `https://db.fauna.com/db/${db.globalId}`,
        ...a,
      }));
    case 'Database':
      return [...db.children.values()].map((c) => ({
        name: c.name,
        global_id: c.globalId,
        ...(c.seed.typechecked !== undefined ? { typechecked: c.seed.typechecked } : {}),
        ...(c.seed.protected !== undefined ? { protected: c.seed.protected } : {}),
      }));
  }
}

/** A plain value in the tagged format: numbers as `@int`/`@double`, `@`-keys escaped. */
function tag(v: unknown): Tagged {
  if (typeof v === 'number') {
    return Number.isInteger(v) ? { '@int': String(v) } : { '@double': String(v) };
  }
  if (Array.isArray(v)) return v.map(tag);
  if (v && typeof v === 'object') {
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
    return Object.keys(o).some((k) => k.startsWith('@')) ? { '@object': o } : o;
  }
  return v ?? null;
}

/** A whole definition as `@doc` (named documents carry `name`, no `id`). */
export function docOf(kind: ListKind, def: Record<string, unknown>): Tagged {
  const { name, ...rest } = def;
  const fields = tag(rest) as Record<string, unknown>;
  return {
    '@doc': { name, coll: { '@mod': kind }, ts: { '@time': '2025-01-01T00:00:00Z' }, ...fields },
  };
}

/** A projection `{ a, b }`: each field, null when the document has none. */
export function project(def: Record<string, unknown>, fields: string[]): Tagged {
  return tag(Object.fromEntries(fields.map((f) => [f, def[f] ?? null])));
}

interface CatalogCursor {
  cat: ListKind;
  offset: number;
  size: number;
  fields: string[] | null;
}

function pageOf(
  kind: ListKind,
  db: CatalogDatabase,
  c: CatalogCursor,
): { data: Tagged[]; after?: string } {
  const all = definitions(kind, db);
  const slice = all.slice(c.offset, c.offset + c.size);
  const data = slice.map((d) => (c.fields ? project(d, c.fields) : docOf(kind, d)));
  const next = c.offset + c.size;
  return next < all.length
    ? { data, after: Buffer.from(JSON.stringify({ ...c, offset: next })).toString('base64') }
    : { data };
}

/** The value fragments of the request's query (`fql` template parts with `value`). */
function fragmentValues(ctx: Ctx): unknown[] {
  const out: unknown[] = [];
  const walk = (q: unknown) => {
    if (q && typeof q === 'object' && Array.isArray((q as { fql?: unknown }).fql)) {
      for (const f of (q as { fql: unknown[] }).fql) {
        if (f && typeof f === 'object' && 'value' in f) out.push(f.value);
        else if (typeof f !== 'string') walk(f);
      }
    }
  };
  walk((ctx.body as { query?: unknown } | null)?.query);
  return out;
}

/**
 * Answers the schema queries the explorer sends (`Database.all()`, `Collection.all()`,
 * `Function.all()`, `Role.all()`, `AccessProvider.all()`, each optionally with
 * `.pageSize(n)` and a projection `{ a, b }`, and `Set.paginate(cursor)` for their next
 * pages) from the database the request's secret is scoped to; undefined for any other
 * query, which the server then evaluates itself. The default page size is 16
 * (ValueSet.scala:25); a set answers `@set {data, after}`, `Set.paginate` a plain
 * `{data, after}` object (Sets.scala).
 */
export function evaluateCatalog(
  q: string,
  db: CatalogDatabase,
  args: Record<string, Tagged>,
  ctx: Ctx,
): Eval | undefined {
  const m =
    /^(Database|Collection|Function|Role|AccessProvider)\.all\(\)(?:\.pageSize\((\d+)\))?\s*(?:\{([\s\w,]*)\})?$/.exec(
      q,
    );
  if (m) {
    const kind = m[1] as ListKind;
    const fields =
      m[3] !== undefined
        ? m[3]
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean)
        : null;
    const size = m[2] !== undefined ? Number(m[2]) : 16;
    const p = pageOf(kind, db, { cat: kind, offset: 0, size, fields });
    return { value: { '@set': p }, type: `Set<${kind}Def>`, reads: p.data.length };
  }
  const pm = /^Set\.paginate\((.*)\)$/s.exec(q);
  if (pm) {
    const arg = pm[1].trim();
    const v = /^\$\{(\d+)\}$/.exec(arg);
    const raw = v ? fragmentValues(ctx)[Number(v[1])] : args[arg];
    if (typeof raw !== 'string') return undefined;
    let c: CatalogCursor;
    try {
      c = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as CatalogCursor;
    } catch {
      return undefined;
    }
    if (!c || typeof c.cat !== 'string' || typeof c.offset !== 'number') return undefined;
    const p = pageOf(c.cat, db, c);
    return { value: p, type: '{ data: Array<Any>, after: String | Null }', reads: p.data.length };
  }
  return undefined;
}
