/**
 * The database explorer's model: the FQL it sends (one query per list, projected so a
 * page carries only what the tree and *Open Definition* need) and the parsing of the
 * answers into typed items. Pure: the Node adapter runs the queries, the extension
 * draws the tree.
 *
 * The definition documents' fields follow the core's schema collections (docs/fauna.md,
 * "The database explorer: what it asks the database"): every field is read defensively,
 * since servers and versions differ, and an entry that cannot be read becomes a
 * `malformed` item with the reason instead of failing the whole page.
 */
import type { FqlValue } from '../fql/value';
import { toPlain } from '../fql/value';
import type { PlainJson } from '../fql/value';

/** The lists the explorer shows for each database. */
export type ExplorerKind = 'collections' | 'functions' | 'roles' | 'accessProviders' | 'databases';

export const EXPLORER_KINDS: readonly ExplorerKind[] = [
  'collections',
  'functions',
  'roles',
  'accessProviders',
  'databases',
];

/** Items per page. The core's default page size is 16 (ValueSet.scala:25). */
export const EXPLORER_PAGE_SIZE = 50;

/** What each list is called in the tree. */
export const KIND_LABELS: Record<ExplorerKind, string> = {
  collections: 'Collections',
  functions: 'Functions',
  roles: 'Roles',
  accessProviders: 'Access Providers',
  databases: 'Databases',
};

const SOURCES: Record<ExplorerKind, { module: string; fields: string[] }> = {
  // CollectionDef (Collections.scala:507-523); `data` and `ts` are left out.
  collections: {
    module: 'Collection',
    fields: [
      'name',
      'alias',
      'fields',
      'computed_fields',
      'wildcard',
      'indexes',
      'constraints',
      'history_days',
      'ttl_days',
      'document_ttls',
      'migrations',
    ],
  },
  // FunctionDef (Functions.scala:39-50).
  functions: { module: 'Function', fields: ['name', 'alias', 'signature', 'role', 'body'] },
  // Role (Roles.scala:11-19).
  roles: { module: 'Role', fields: ['name', 'privileges', 'membership'] },
  // AccessProvider (AccessProviders.scala:18-28).
  accessProviders: {
    module: 'AccessProvider',
    fields: ['name', 'issuer', 'jwks_uri', 'roles', 'audience'],
  },
  // DatabaseDef (Databases.scala:66-77); global_id is an internal identifier.
  databases: { module: 'Database', fields: ['name', 'typechecked', 'protected', 'priority'] },
};

/** The query for the first page of a list, e.g. `Role.all().pageSize(50) { name, ... }`. */
export function listQuery(kind: ExplorerKind, pageSize = EXPLORER_PAGE_SIZE): string {
  const s = SOURCES[kind];
  const size = Math.max(1, Math.min(16_000, Math.floor(pageSize)));
  return `${s.module}.all().pageSize(${size}) { ${s.fields.join(', ')} }`;
}

export interface IndexTerm {
  field: string;
  mva: boolean;
}
export interface IndexValue extends IndexTerm {
  order: 'asc' | 'desc';
}
export interface IndexModel {
  name: string;
  terms: IndexTerm[];
  values: IndexValue[];
  queryable: boolean | null;
  /** `pending`, `active` or `failed` (Collections.scala:464). */
  status: string | null;
}
export interface UniqueModel {
  fields: IndexTerm[];
  status: string | null;
}
export interface CheckModel {
  name: string;
  body: string;
}
export interface FieldModel {
  name: string;
  signature: string;
  default: string | null;
}
export interface ComputedModel {
  name: string;
  body: string;
  signature: string | null;
}
/** One migration statement: its keyword and its arguments as FSL text. */
export type MigrationModel =
  | { op: 'backfill'; field: string; value: string }
  | { op: 'drop' | 'add' | 'move_conflicts' | 'move_wildcard'; field: string }
  | { op: 'split'; field: string; to: string[] }
  | { op: 'move'; field: string; to: string }
  | { op: 'add_wildcard' };

export interface CollectionModel {
  kind: 'collection';
  name: string;
  alias: string | null;
  fields: FieldModel[];
  computed: ComputedModel[];
  wildcard: string | null;
  indexes: IndexModel[];
  uniques: UniqueModel[];
  checks: CheckModel[];
  historyDays: number | null;
  ttlDays: number | null;
  documentTtls: boolean | null;
  migrations: MigrationModel[] | null;
}
export interface FunctionModel {
  kind: 'function';
  name: string;
  alias: string | null;
  signature: string | null;
  role: string | null;
  body: string;
}
export interface PrivilegeModel {
  resource: string;
  /** Allowed actions; `predicate` is the lambda of a conditional one. */
  actions: { action: string; predicate: string | null }[];
}
export interface RoleModel {
  kind: 'role';
  name: string;
  privileges: PrivilegeModel[];
  membership: { resource: string; predicate: string | null }[];
}
export interface AccessProviderModel {
  kind: 'accessProvider';
  name: string;
  issuer: string;
  jwksUri: string;
  roles: { role: string; predicate: string | null }[];
  audience: string | null;
}
export interface DatabaseModel {
  kind: 'database';
  name: string;
  typechecked: boolean | null;
  protected: boolean | null;
  priority: number | null;
}
/** An entry of a page that could not be read. */
export interface MalformedModel {
  kind: 'malformed';
  /** The entry's name when it had one. */
  name: string | null;
  message: string;
}

export type ExplorerItem =
  | CollectionModel
  | FunctionModel
  | RoleModel
  | AccessProviderModel
  | DatabaseModel
  | MalformedModel;

/** One page of a list. */
export interface ExplorerPage {
  items: ExplorerItem[];
  after: string | null;
}

/** Thrown by {@link parsePage} when the answer is not a page at all. */
export class ExplorerFormatError extends Error {
  override name = 'ExplorerFormatError';
}

type Obj = { [k: string]: PlainJson };

function isObj(v: PlainJson | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}
function str(v: PlainJson | undefined): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: PlainJson | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return null;
}
function bool(v: PlainJson | undefined): boolean | null {
  return typeof v === 'boolean' ? v : null;
}
/** An array, a single object taken as a one-element array, or nothing. */
function list(v: PlainJson | undefined): PlainJson[] {
  if (Array.isArray(v)) return v;
  return isObj(v) ? [v] : [];
}
function entries(v: PlainJson | undefined): [string, PlainJson][] {
  return isObj(v) ? Object.entries(v) : [];
}

/** Reads a page answer (`@set` page or `{data, after}` from `Set.paginate`). */
export function parsePage(kind: ExplorerKind, data: FqlValue): ExplorerPage {
  let rows: FqlValue[];
  let after: string | null = null;
  if (Array.isArray(data)) rows = data;
  else if (data !== null && typeof data === 'object' && data.t === 'page') {
    rows = data.data;
    after = data.after;
  } else {
    throw new ExplorerFormatError(
      `expected a page of ${KIND_LABELS[kind].toLowerCase()}, got ${describe(data)}`,
    );
  }
  return { items: rows.map((r) => parseItem(kind, r)), after };
}

function describe(v: FqlValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v !== 'object') return `a ${typeof v}`;
  return v.t === 'object' ? 'an object' : `a ${v.t}`;
}

/** Reads one definition (a projected object or a whole `@doc`). */
export function parseItem(kind: ExplorerKind, row: FqlValue): ExplorerItem {
  const plain = toPlain(row);
  if (!isObj(plain)) {
    return { kind: 'malformed', name: null, message: `not an object: ${describe(row)}` };
  }
  const name = str(plain.name);
  if (name === null || name === '') {
    return { kind: 'malformed', name: null, message: 'an entry without a name' };
  }
  try {
    switch (kind) {
      case 'collections':
        return collection(name, plain);
      case 'functions':
        return fn(name, plain);
      case 'roles':
        return role(name, plain);
      case 'accessProviders':
        return accessProvider(name, plain);
      case 'databases':
        return {
          kind: 'database',
          name,
          typechecked: bool(plain.typechecked),
          protected: bool(plain.protected),
          priority: num(plain.priority),
        };
    }
  } catch (err) {
    return { kind: 'malformed', name, message: err instanceof Error ? err.message : String(err) };
  }
}

function term(v: PlainJson): IndexTerm {
  if (typeof v === 'string') return { field: v, mva: false };
  if (isObj(v) && typeof v.field === 'string') return { field: v.field, mva: v.mva === true };
  throw new Error('an index term or unique field without `field`');
}

function collection(name: string, o: Obj): CollectionModel {
  const indexes: IndexModel[] = entries(o.indexes).map(([iname, def]) => {
    const d = isObj(def) ? def : {};
    return {
      name: iname,
      terms: list(d.terms).map(term),
      values: list(d.values).map((v) => ({
        ...term(v),
        order: isObj(v) && v.order === 'desc' ? ('desc' as const) : ('asc' as const),
      })),
      queryable: bool(d.queryable),
      status: str(d.status),
    };
  });
  const uniques: UniqueModel[] = [];
  const checks: CheckModel[] = [];
  for (const c of list(o.constraints)) {
    if (!isObj(c)) continue;
    if (Array.isArray(c.unique)) {
      uniques.push({ fields: c.unique.map(term), status: str(c.status) });
    } else if (isObj(c.check)) {
      const cname = str(c.check.name);
      const body = str(c.check.body);
      if (cname && body) checks.push({ name: cname, body });
    }
  }
  return {
    kind: 'collection',
    name,
    alias: str(o.alias),
    fields: entries(o.fields).map(([fname, def]) => {
      const d = isObj(def) ? def : {};
      return { name: fname, signature: str(d.signature) ?? 'Any', default: str(d.default) };
    }),
    computed: entries(o.computed_fields).flatMap(([cname, def]) => {
      const d = isObj(def) ? def : {};
      const body = str(d.body);
      return body === null ? [] : [{ name: cname, body, signature: str(d.signature) }];
    }),
    wildcard: str(o.wildcard),
    indexes,
    uniques,
    checks,
    historyDays: num(o.history_days),
    ttlDays: num(o.ttl_days),
    documentTtls: bool(o.document_ttls),
    migrations: Array.isArray(o.migrations) ? o.migrations.flatMap(migration) : null,
  };
}

/** A migration item (Collections.scala:494-503). */
function migration(m: PlainJson): MigrationModel[] {
  if (!isObj(m)) return [];
  const [op, arg] = Object.entries(m)[0] ?? [];
  const a = isObj(arg) ? arg : {};
  const field = str(a.field);
  switch (op) {
    case 'backfill': {
      const value = str(a.value);
      return field && value !== null ? [{ op, field, value }] : [];
    }
    case 'drop':
    case 'add':
      return field ? [{ op, field }] : [];
    case 'split': {
      const to = list(a.to).filter((x): x is string => typeof x === 'string');
      return field ? [{ op, field, to }] : [];
    }
    case 'move': {
      const to = str(a.to);
      return field && to ? [{ op, field, to }] : [];
    }
    case 'move_conflicts':
    case 'move_wildcard': {
      const into = str(a.into);
      return into ? [{ op, field: into }] : [];
    }
    case 'add_wildcard':
      return [{ op }];
    default:
      return [];
  }
}

function fn(name: string, o: Obj): FunctionModel {
  const body = str(o.body);
  if (body === null) throw new Error('a function without a body (a v4 function?)');
  return {
    kind: 'function',
    name,
    alias: str(o.alias),
    signature: str(o.signature),
    role: str(o.role),
    body,
  };
}

function role(name: string, o: Obj): RoleModel {
  const privileges: PrivilegeModel[] = [];
  for (const p of list(o.privileges)) {
    if (!isObj(p)) continue;
    const resource = str(p.resource);
    if (!resource) continue;
    const actions: PrivilegeModel['actions'] = [];
    for (const [action, v] of entries(p.actions)) {
      // `false` is the same as unset (SchemaTranslator.scala:351-355).
      if (v === true) actions.push({ action, predicate: null });
      else if (typeof v === 'string') actions.push({ action, predicate: v });
    }
    privileges.push({ resource, actions });
  }
  const membership: RoleModel['membership'] = [];
  for (const m of list(o.membership)) {
    if (!isObj(m)) continue;
    const resource = str(m.resource);
    if (resource) membership.push({ resource, predicate: str(m.predicate) });
  }
  return { kind: 'role', name, privileges, membership };
}

function accessProvider(name: string, o: Obj): AccessProviderModel {
  const roles: AccessProviderModel['roles'] = [];
  const raw = o.roles;
  for (const r of typeof raw === 'string' ? [raw] : list(raw)) {
    if (typeof r === 'string') roles.push({ role: r, predicate: null });
    else if (isObj(r) && typeof r.role === 'string') {
      roles.push({ role: r.role, predicate: str(r.predicate) });
    }
  }
  return {
    kind: 'accessProvider',
    name,
    issuer: str(o.issuer) ?? '',
    jwksUri: str(o.jwks_uri) ?? '',
    roles,
    audience: str(o.audience),
  };
}

/** An index term as FSL writes it: `.name`, `mva(.tags)`, `desc(.price)`. */
export function termText(t: IndexTerm | IndexValue): string {
  const path = t.field.startsWith('.') || t.field.startsWith('[') ? t.field : `.${t.field}`;
  const inner = t.mva ? `mva(${path})` : path;
  return 'order' in t && t.order === 'desc' ? `desc(${inner})` : inner;
}

/** A one-line summary of an index: `terms [.name] values [.price]`. */
export function indexSummary(i: IndexModel): string {
  const parts: string[] = [];
  if (i.terms.length) parts.push(`terms [${i.terms.map(termText).join(', ')}]`);
  if (i.values.length) parts.push(`values [${i.values.map(termText).join(', ')}]`);
  if (i.status && i.status !== 'active') parts.push(`(${i.status})`);
  return parts.join(' ') || 'all documents';
}

/** A query that lists a collection's documents, e.g. `Product.all()`. */
export function collectionQuery(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name)
    ? `${name}.all()`
    : `Collection(${JSON.stringify(name)}).all()`;
}

// Names that do not resolve to a user collection when written bare.
const RESERVED = new Set([
  'if',
  'else',
  'let',
  'at',
  'true',
  'false',
  'null',
  'Collection',
  'Function',
  'Role',
  'Database',
  'AccessProvider',
  'Key',
  'Credential',
  'Token',
  'Time',
  'Date',
  'Math',
  'Set',
  'Query',
  'Object',
  'String',
  'Array',
]);
