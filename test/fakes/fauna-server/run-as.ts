/**
 * What a scoped identity may do, for the test server (auth.ts resolves the scope).
 *
 * - `Query.identity()`: the document for a `@doc/COLL/ID` scope, null otherwise (core
 *   ext/model/src/main/scala/runtime/fql2/stdlib/Query.scala:17-24: `LoginAuth.Identity`
 *   gives the document, any other auth `missingIdentity`). The core renders the whole
 *   document; this fake answers its reference (`@ref`), which the driver decodes too.
 * - Reading a collection (`Coll.all()`, `.where(`, `.byId(`, ...) as the `client` role, a
 *   user role, or a document whose collection is no role's membership, needs a role
 *   privilege `{ resource: Coll, actions: { read } }`; otherwise the core answers
 *   `permission_denied` "Insufficient privileges to read from collection Coll."
 *   (runtime/fql2/ValueSet.scala:1362-1367; the code and default message:
 *   runtime/fql2/QueryFailure.scala:459-462, a runtime failure, so HTTP 400). A read
 *   predicate (a string) counts as allowed here.
 * - The built-in `admin`, `server` and `server-readonly` read everything; the `client`
 *   role has no privileges (model/.../auth/Key.scala ClientRole).
 */
import type { CatalogDatabase } from './catalog';
import type { Ctx, Eval, Tagged } from './types';
import { QueryFailure } from './types';

export function evaluateRunAs(q: string, db: CatalogDatabase, ctx: Ctx): Eval | undefined {
  const auth = ctx.auth;
  if (!auth.ok) return undefined;
  if (/^Query\.identity\(\)$/.test(q)) {
    if (auth.role.kind !== 'doc') return { value: null, type: 'Null' };
    const { coll, id } = auth.role;
    const value: Tagged = { '@ref': { id, coll: { '@mod': coll } } };
    return { value, type: `${coll} | Null` };
  }
  const m = /^([A-Z][A-Za-z0-9_]*)\.(all|where|firstWhere|byId)\(/.exec(q);
  if (m && !mayRead(db, auth.role, m[1])) {
    const message = `Insufficient privileges to read from collection ${m[1]}.`;
    throw new QueryFailure(400, 'permission_denied', message, summary(message, q));
  }
  return undefined;
}

type Role = Extract<Ctx['auth'], { ok: true }>['role'];

function mayRead(db: CatalogDatabase, role: Role, coll: string): boolean {
  const roles = db.seed.roles ?? [];
  let names: string[];
  switch (role.kind) {
    case 'builtin':
      return role.name !== 'client';
    case 'custom':
      names = [role.name];
      break;
    case 'doc':
      names = roles
        .filter((r) => (r.membership ?? []).some((mb) => mb.resource === role.coll))
        .map((r) => r.name);
      break;
  }
  return roles.some(
    (r) =>
      names.includes(r.name) &&
      (r.privileges ?? []).some((p) => p.resource === coll && Boolean(p.actions.read)),
  );
}

function summary(message: string, q: string): string {
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
