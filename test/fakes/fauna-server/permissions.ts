/**
 * Who may do what, for the test server: the core's permission classes reduced to the
 * question "may this identity do ACTION on documents of RESOURCE in this database?".
 * Core paths are under `ext/model/src/main/scala/` of fauna/faunadb.
 *
 * - `admin`: everything in its database (auth/Permissions.scala:44-73, AdminPermissions).
 * - `server`: reads and writes every document except those of the "root classes"
 *   Database, Key, Role and AccessProvider, which it can neither read nor write
 *   (Permissions.scala:75-110, AbstractServerPermissions `RootClassIDs`, `canRead`,
 *   `canWrite`); no schema writes (:138 `WriteSchema(_) => Query.False`).
 * - `server-readonly`: the reads of `server` and nothing else, not even calling a
 *   function (Permissions.scala:144-172: only ReadInstance, HistoryRead, ReadIndex,
 *   ReadSchema and Logging).
 * - `client`, and a document whose collection is no role's membership: nothing
 *   (Permissions.scala:31-42 NullPermissions; :245-259 InstancePermissions with no roles).
 * - A user-defined role, or a document through the roles whose `membership` names its
 *   collection: the role's `privileges` entry for the resource, action by action
 *   (Permissions.scala:271-291 RolePermissions, auth/RoleEvalContext.scala:71-89: `true`
 *   or a predicate grants, anything else does not). A predicate (a string) counts as
 *   granted here; the core evaluates it per document.
 *
 * A privilege's resource is a user collection's name, a function's name, or a schema
 * collection (`Collection`, `Function`, `Role`, `AccessProvider`, `Database`, `Key`).
 */
import type { CatalogDatabase } from './catalog';
import type { Ctx } from './types';

export type Action = 'read' | 'write' | 'create' | 'delete' | 'call';

export type Identity = Extract<Ctx['auth'], { ok: true }>;

/** Permissions.scala:77-82. */
const ROOT_CLASSES = new Set(['Database', 'Key', 'Role', 'AccessProvider']);
const SCHEMA_COLLECTIONS = new Set([
  'Collection',
  'Function',
  'Role',
  'AccessProvider',
  'Database',
]);

export function may(db: CatalogDatabase, who: Identity, resource: string, action: Action): boolean {
  const role = who.role;
  const roles = db.seed.roles ?? [];
  let names: string[];
  switch (role.kind) {
    case 'builtin':
      switch (role.name) {
        case 'admin':
          return true;
        case 'client':
          return false;
        case 'server-readonly':
          return action === 'read' && !ROOT_CLASSES.has(resource);
        case 'server':
          if (ROOT_CLASSES.has(resource)) return false;
          return action === 'read' || action === 'call' || !SCHEMA_COLLECTIONS.has(resource);
      }
      return false;
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
      (r.privileges ?? []).some((p) => p.resource === resource && Boolean(p.actions[action])),
  );
}
