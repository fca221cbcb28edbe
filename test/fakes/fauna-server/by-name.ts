/**
 * Named schema lookups for the test server, as the explorer, a user's FQL or the starter
 * kit (`Collection.byName(name) == null`, fauna-labs/express-ts-fly-io-starter
 * sample/load.mjs:15) send them. Core paths are under `ext/model/src/main/scala/` of
 * fauna/faunadb.
 *
 * - `Collection|Function|Role|AccessProvider|Database.byName(name)`: a reference to the
 *   named definition, never an error (runtime/fql2/stdlib/Collections.scala:223-232,
 *   `SchemaCollectionCompanion.byName`: a missing name is a null named document). The
 *   answer materializes it: the definition as `@doc`, or for a missing name, in the
 *   tagged format, `@ref {name, coll, exists: false, cause: "not found"}` and in the
 *   simple format null (runtime/fql2/serialization/MaterializedValue.scala:75-81,
 *   214-253). A definition the identity may not read (permissions.ts: a server key and
 *   roles, keys, access providers or databases) is null the same way, with cause
 *   "permission denied" (runtime/fql2/ReadBroker.scala:950-958).
 * - `X.byName(name) == null` is true for a missing name (test/scala/fql2/
 *   FQL2DatabaseSpec.scala:296-298); `.exists()` is its opposite.
 * - `X.byName(name)!` (or a field of it) on a missing name fails `document_not_found`
 *   "X `name` not found." (runtime/fql2/QueryFailure.scala:315-327, via
 *   FQLInterpreter.scala:235-241 and :738-745); on a denied one `null_value` "Null value,
 *   due to permission denied" (FQLInterpreter.scala:265-269), a field `permission_denied`
 *   (:746-751).
 * - `Coll.definition` is the collection's definition document (stdlib/Collections.scala:
 *   309-312), `fn.definition` the function's (stdlib/Functions.scala:14-18).
 */
import type { CatalogDatabase, ListKind } from './catalog';
import { definitions, docOf, project } from './catalog';
import { may } from './permissions';
import type { RunAsEnv } from './run-as';
import { argument, summary } from './run-as';
import type { Ctx, Eval, Tagged } from './types';
import { QueryFailure } from './types';

const ARG = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\$\{\d+\}|[a-z_][A-Za-z0-9_]*`;
const BY_NAME = new RegExp(
  String.raw`^(Collection|Function|Role|AccessProvider|Database)\.byName\(\s*(${ARG})\s*\)(.*)$`,
  's',
);
const DEFINITION = /^([A-Za-z_][A-Za-z0-9_]*)\.definition(.*)$/s;

export function evaluateByName(
  q: string,
  db: CatalogDatabase,
  ctx: Ctx,
  env: Pick<RunAsEnv, 'args' | 'values'>,
): Eval | undefined {
  if (!ctx.auth.ok) return undefined;
  let m = BY_NAME.exec(q);
  if (m) {
    const kind = m[1] as ListKind;
    const name = argument(m[2], env);
    if (typeof name !== 'string') return undefined;
    const def = definitions(kind, db).find((d) => d.name === name);
    const state = !def ? 'not found' : may(db, ctx.auth, kind, 'read') ? 'ok' : 'permission denied';
    return answer(q, kind, name, state === 'ok' ? def : undefined, state, m[3].trim());
  }
  m = DEFINITION.exec(q);
  if (m) {
    const target = m[1];
    const kind: ListKind | undefined = (db.seed.collections ?? []).some((c) => c.name === target)
      ? 'Collection'
      : (db.seed.functions ?? []).some((f) => f.name === target)
        ? 'Function'
        : undefined;
    if (!kind) return undefined;
    if (!may(db, ctx.auth, kind, 'read')) return undefined;
    const def = definitions(kind, db).find((d) => d.name === target);
    return answer(q, kind, target, def, 'ok', m[2].trim());
  }
  return undefined;
}

function answer(
  q: string,
  kind: ListKind,
  name: string,
  def: Record<string, unknown> | undefined,
  state: 'ok' | 'not found' | 'permission denied',
  rest: string,
): Eval | undefined {
  const type = `${kind}Def`;
  const missing = (): never => {
    if (state === 'not found') {
      const message = `${kind} \`${name}\` not found.`;
      throw new QueryFailure(400, 'document_not_found', message, summary(message, q));
    }
    const message = 'Null value, due to permission denied';
    throw new QueryFailure(400, 'null_value', message, summary(message, q));
  };
  const nullRef: Tagged = {
    '@ref': { name, coll: { '@mod': kind }, exists: false, cause: state },
  };
  if (rest === '' || rest === '!') {
    if (def) return { value: docOf(kind, def), type, reads: 1 };
    return rest === '!' ? missing() : { value: nullRef, type: `${type} | Null`, reads: 1 };
  }
  if (/^==\s*null$/.test(rest)) return { value: def === undefined, type: 'Boolean', reads: 1 };
  if (/^!=\s*null$/.test(rest)) return { value: def !== undefined, type: 'Boolean', reads: 1 };
  if (rest === '.exists()') return { value: def !== undefined, type: 'Boolean', reads: 1 };
  const proj = /^(!)?\s*\{([\s\w,]*)\}$/.exec(rest);
  if (proj) {
    const fields = proj[2]
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (def) return { value: project(def, fields), type: 'Any', reads: 1 };
    return proj[1] ? missing() : { value: null, type: 'Null', reads: 1 };
  }
  const field = /^!?\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(rest);
  if (field) {
    if (!def) {
      if (state === 'permission denied' && !rest.startsWith('!')) {
        const message = 'Insufficient privileges to perform the action.';
        throw new QueryFailure(400, 'permission_denied', message, summary(message, q));
      }
      return missing();
    }
    const v = (project(def, [field[1]]) as Record<string, Tagged>)[field[1]];
    return { value: v, type: 'Any', reads: 1 };
  }
  return undefined;
}
