/**
 * What a scoped identity may do, for the test server (auth.ts resolves the scope,
 * permissions.ts says what it may do). Core paths are under `ext/model/src/main/scala/`
 * of fauna/faunadb.
 *
 * - `Query.identity()`: the document for a `@doc/COLL/ID` scope, null otherwise
 *   (runtime/fql2/stdlib/Query.scala:17-24: `LoginAuth.Identity` gives the document, any
 *   other auth `missingIdentity`). The core renders the whole document; this fake
 *   answers its reference (`@ref`), which the driver decodes too.
 * - Reading a set of a collection it may not read is NOT an error: `Coll.all()`,
 *   `.where()`, `.firstWhere()` only log a warning (runtime/fql2/stdlib/Collections.scala:
 *   123-137, "FIXME: turn this into a PermissionDenied error") and the set drops every
 *   document the identity may not read (runtime/fql2/ValueSet.scala:1133-1154,
 *   `maybeFilter`): an empty set. The schema lists (`Database.all()`, `Role.all()`,
 *   `AccessProvider.all()` for server keys; every list for a client key) are filtered
 *   the same way (stdlib/Databases.scala:25-62 builds the same IndexSet).
 * - A user index (`Coll.byName(...)` for an index `byName`) does fail: `permission_denied`
 *   "Insufficient privileges to read from collection Coll." (stdlib/Collections.scala:
 *   386-415).
 * - `Coll.byId(id)` of a document it may not read is a null document: in the tagged
 *   format `@ref {id, coll, exists: false, cause: "permission denied"}`, in the simple
 *   format null (runtime/fql2/serialization/MaterializedValue.scala:75-81, 227-245).
 *   `Coll.byId(id)!` fails `null_value` "Null value, due to permission denied"
 *   (runtime/fql2/FQLInterpreter.scala:265-269); a field or method on it fails
 *   `permission_denied` (FQLInterpreter.scala:746-751).
 * - Writes: `Coll.create(...)` needs `create`, `.update()`/`.replace()` need `write`,
 *   `.delete()` needs `delete`; otherwise `permission_denied` "Insufficient privileges to
 *   perform the action." (runtime/fql2/WriteBroker.scala:620-652, `maybeFailPermCheck`;
 *   the default message runtime/fql2/QueryFailure.scala:459-462; a role with read but not
 *   create, write or delete: test/scala/fql2/FQL2RoleSpec.scala:980-1010).
 *
 * Every query failure, `permission_denied` included, is HTTP 400: the query API has one
 * status for them (ext/api/src/main/scala/api/fql2/FQL2Response.scala:299-300, "FIXME:
 * change status code depending on the type of error"; the core's API tests expect 400
 * for a permission_denied: ext/api/src/test/scala/helpers/FQL2APISpec.scala:80-88 with
 * ext/api/src/test/scala/fql2/FQL2ABACSpec.scala:267-273). 403 `forbidden` is a protocol
 * error of other endpoints, not of a query's permissions.
 */
import type { CatalogDatabase } from './catalog';
import type { Action } from './permissions';
import { may } from './permissions';
import type { Ctx, Eval, Tagged } from './types';
import { QueryFailure } from './types';

/** What evaluateRunAs needs from the server beyond the database. */
export interface RunAsEnv {
  args: Record<string, Tagged>;
  /** The request's interpolated values (`${n}` in the query text). */
  values: Tagged[];
  /** The server's own collections of the root database (server.ts `collections`). */
  hasRootCollection(name: string): boolean;
}

const DEFAULT_DENIED = 'Insufficient privileges to perform the action.';

export function evaluateRunAs(
  q: string,
  db: CatalogDatabase,
  ctx: Ctx,
  env?: RunAsEnv,
): Eval | undefined {
  const auth = ctx.auth;
  if (!auth.ok) return undefined;
  if (/^Query\.identity\(\)$/.test(q)) {
    if (auth.role.kind !== 'doc') return { value: null, type: 'Null' };
    const { coll, id } = auth.role;
    const value: Tagged = { '@ref': { id, coll: { '@mod': coll } } };
    return { value, type: `${coll} | Null` };
  }
  // Schema lists: filtered to what the identity may read.
  let m = /^(Database|Collection|Function|Role|AccessProvider)\.all\(\)/.exec(q);
  if (m) {
    return may(db, auth, m[1], 'read') ? undefined : emptySet(q.slice(m[0].length), `${m[1]}Def`);
  }
  m = /^([A-Z][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\(/.exec(q);
  if (!m) return undefined;
  const coll = m[1];
  const known =
    (db.seed.collections ?? []).some((c) => c.name === coll) ||
    (db.path.length === 0 && env?.hasRootCollection(coll) === true);
  if (!known) return undefined;
  const method = m[2] ?? 'apply';
  const open = m[0].length - 1;
  const close = callEnd(q, open);
  if (close < 0) return undefined;
  const rest = q.slice(close + 1).trim();
  const can = (a: Action) => may(db, auth, coll, a);
  const deny = (message = DEFAULT_DENIED): never => {
    throw new QueryFailure(400, 'permission_denied', message, summary(message, q));
  };
  switch (method) {
    case 'all':
    case 'where':
      return can('read') ? undefined : emptySet(rest, coll);
    case 'firstWhere':
      return can('read') || rest !== '' ? undefined : { value: null, type: `${coll} | Null` };
    case 'create':
    case 'createData':
      return can('create') ? undefined : deny();
    case 'byId':
    case 'apply': {
      if (!can('read')) {
        if (rest === '') {
          const raw = argument(q.slice(open + 1, close), env);
          const id = typeof raw === 'string' ? raw : '';
          const value: Tagged = {
            '@ref': { id, coll: { '@mod': coll }, exists: false, cause: 'permission denied' },
          };
          return { value, type: `Ref<${coll}>` };
        }
        if (rest.startsWith('!')) {
          const message = 'Null value, due to permission denied';
          throw new QueryFailure(400, 'null_value', message, summary(message, q));
        }
        return deny();
      }
      const w = /^!?\.(update|replace|delete)\(/.exec(rest);
      if (w && !can(w[1] === 'delete' ? 'delete' : 'write')) deny();
      return undefined;
    }
    default: {
      const def = (db.seed.collections ?? []).find((c) => c.name === coll);
      const isIndex =
        def?.indexes !== undefined && Object.prototype.hasOwnProperty.call(def.indexes, method);
      if (isIndex && !can('read')) deny(`Insufficient privileges to read from collection ${coll}.`);
      return undefined;
    }
  }
}

/** The answer for a set with every document filtered out, after the method chain `rest`. */
function emptySet(rest: string, elem: string): Eval | undefined {
  const r = rest.trim();
  if (/^(?:\.pageSize\(\s*\w+\s*\))?\s*(?:\{[\s\w,]*\})?$/.test(r)) {
    return { value: { '@set': { data: [] } }, type: `Set<${elem}>` };
  }
  if (/^(?:\s*\{[\s\w,]*\})?\s*\.paginate\(\s*\w*\s*\)$/.test(r)) {
    return { value: { data: [] }, type: `{ data: Array<${elem}>, after: String | Null }` };
  }
  if (r === '.count()') return { value: { '@int': '0' }, type: 'Number' };
  if (r === '.toArray()') return { value: [], type: `Array<${elem}>` };
  if (r === '.first()') return { value: null, type: `${elem} | Null` };
  return undefined;
}

/** The offset of the `)` closing the `(` at `open`, skipping strings; -1 if none. */
function callEnd(q: string, open: number): number {
  let depth = 0;
  for (let i = open; i < q.length; i++) {
    const c = q[i];
    if (c === '"' || c === "'") {
      for (i++; i < q.length && q[i] !== c; i++) if (q[i] === '\\') i++;
    } else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return c === ')' ? i : -1;
    }
  }
  return -1;
}

/** A call's single argument: a string or number literal, an argument name or `${n}`. */
export function argument(src: string, env?: Pick<RunAsEnv, 'args' | 'values'>): unknown {
  const s = src.trim();
  let m: RegExpExecArray | null;
  if ((m = /^"((?:[^"\\]|\\.)*)"$/.exec(s))) return JSON.parse(`"${m[1]}"`) as string;
  if ((m = /^'((?:[^'\\]|\\.)*)'$/.exec(s))) return m[1].replace(/\\(.)/g, '$1');
  if (/^\d+$/.test(s)) return s;
  const untag = (v: unknown) =>
    v && typeof v === 'object' && '@long' in v
      ? (v as { '@long': string })['@long']
      : v && typeof v === 'object' && '@int' in v
        ? (v as { '@int': string })['@int']
        : v;
  if ((m = /^\$\{(\d+)\}$/.exec(s))) return untag(env?.values[Number(m[1])]);
  if (env && Object.prototype.hasOwnProperty.call(env.args, s)) return untag(env.args[s]);
  return undefined;
}

export function summary(message: string, q: string): string {
  const line = q.split('\n')[0];
  return [
    `error: ${message}`,
    'at *query*:1:1',
    '  |',
    `1 | ${line}`,
    `  | ${'^'.repeat(Math.max(1, line.length))}`,
    '  |',
  ].join('\n');
}
