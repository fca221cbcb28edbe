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
  status?: 'building' | 'complete' | 'failed';
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
            status: 'complete',
          },
          sortedByPrice: {
            values: [{ field: '.price', order: 'desc', mva: false }],
            queryable: true,
            status: 'complete',
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
            status: 'complete',
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

/**
 * Answers the schema queries the explorer sends (`Database.all()`, `Collection.all()`,
 * `Function.all()`, `Role.all()`, `AccessProvider.all()` and their byName/paging
 * shapes) from the database the request's secret is scoped to; undefined for any other
 * query, which the server then evaluates itself.
 */
export function evaluateCatalog(
  _q: string,
  _db: CatalogDatabase,
  _args: Record<string, Tagged>,
  _ctx: Ctx,
): Eval | undefined {
  return undefined;
}
