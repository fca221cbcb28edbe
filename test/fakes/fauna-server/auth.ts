/**
 * Secrets and scoped secrets as the Fauna core reads them, for the test server.
 *
 * Syntax (core `ext/model/src/main/scala/auth/AuthScope.scala`, `AuthParser`, a parboiled2
 * PEG, so ordered choice and no backtracking into a choice that matched):
 *
 *   auth      = secret authScope EOI | secret ":" ANY* | secret
 *   authScope = ":" [database ":"] (builtin | "@role/" segment | ("classes/"|"collections/") segment | "@doc/" segment)
 *   secret    = 1* of any char but / , ( ) & = :
 *   database  = segment = 1* of any char but , ( ) & = :   (a path: "parent/child")
 *   builtin   = "admin" | "server-readonly" | "server" | "client"
 *
 * So `secret:child:admin` is the root key scoped to database `child` as admin,
 * `secret:@role/manager` the user role `manager` in the key's own database,
 * `secret:@doc/User/123` the document User/123, and anything after a colon that no
 * alternative of `authScope` starts to match (`secret:child`, `secret:db:nope`) is the
 * bare secret with no scope (the second alternative of `auth`). But when an alternative
 * matched a prefix (`secret:adminX`, `secret:@role/a,b`), `auth` has succeeded and the
 * trailing `EOI` of `root` fails with no backtracking: the parse fails and `fromAuth`
 * answers `Query.none` (Auth.scala:94-101), so the request is refused (401).
 *
 * Who may set a scope (AuthScope.scala `canSetScope`): admin keys and root keys. The
 * root keys of a self-hosted core (config `root_keys`, default `secret`) authenticate as
 * RootAuth at the root database (Auth.scala `rootAuth`); with a scope they become the
 * scope's role in the scope's database. A scope naming a database, role or document that
 * does not exist authenticates as nothing (`Query.none`), which the HTTP layer answers
 * with 401 `unauthorized`.
 */

/** Built-in roles (Key.scala: AdminRole, ServerRole, ServerReadOnlyRole, ClientRole). */
export type BuiltinRole = 'admin' | 'server' | 'server-readonly' | 'client';

/** A parsed scope (AuthScope.scala's four case classes; `none` is NullAuthScope). */
export type AuthScope =
  | { kind: 'none' }
  | { kind: 'builtin'; role: BuiltinRole; database: string[] }
  | { kind: 'custom'; role: string; database: string[] }
  /** `@doc/Coll/ID` (and the legacy `collections/Coll/ID`): `ref` is `Coll/ID`. */
  | { kind: 'doc'; ref: string; database: string[] };

const SECRET_CHAR = /[^/,()&=:]/;
const SEGMENT_CHAR = /[^,()&=:]/;

/** Splits `key[:scope]` as the core's AuthParser does; null when no secret parses. */
export function parseAuthSecret(input: string): { secret: string; scope: AuthScope } | null {
  let i = 0;
  while (i < input.length && SECRET_CHAR.test(input[i])) i++;
  if (i === 0) return null;
  const secret = input.slice(0, i);
  if (i === input.length) return { secret, scope: { kind: 'none' } };
  if (input[i] !== ':') return null; // `auth ~ EOI` fails on e.g. "a/b"
  const scope = parseScope(input.slice(i + 1));
  if (scope === 'fail') return null;
  return { secret, scope: scope ?? { kind: 'none' } };
}

function segmentEnd(s: string, from: number): number {
  let j = from;
  while (j < s.length && SEGMENT_CHAR.test(s[j])) j++;
  return j;
}

/**
 * The four alternatives of `authScope`; null when none matches (then `auth`'s second
 * alternative makes it the bare secret), 'fail' when one matched but EOI does not follow.
 */
function parseScope(rest: string): AuthScope | 'fail' | null {
  // optional(database ~ ':'): a segment then a colon, else nothing.
  const prefixes: { database: string[]; body: string }[] = [];
  const end = segmentEnd(rest, 0);
  if (end > 0 && rest[end] === ':') {
    prefixes.push({ database: rest.slice(0, end).split('/'), body: rest.slice(end + 1) });
  }
  prefixes.push({ database: [], body: rest });
  const tries: ((p: { database: string[]; body: string }) => AuthScope | 'fail' | null)[] = [
    ({ database, body }) => {
      // builtin: ordered choice, so "server-readonly" is tried before "server"; then EOI.
      for (const role of ['admin', 'server-readonly', 'server', 'client'] as const) {
        if (body.startsWith(role))
          return body === role ? { kind: 'builtin', role, database } : 'fail';
      }
      return null;
    },
    ({ database, body }) => {
      if (!body.startsWith('@role/')) return null;
      const name = body.slice(6);
      if (segmentEnd(name, 0) === 0) return null;
      return segmentEnd(name, 0) === name.length
        ? { kind: 'custom', role: name, database }
        : 'fail';
    },
    ({ database, body }) => {
      const lead = body.startsWith('classes/')
        ? 8
        : body.startsWith('collections/')
          ? 12
          : body.startsWith('@doc/')
            ? 5
            : -1;
      if (lead < 0) return null;
      const ref = body.slice(lead);
      if (segmentEnd(ref, 0) === 0) return null;
      return segmentEnd(ref, 0) === ref.length ? { kind: 'doc', ref, database } : 'fail';
    },
  ];
  // Each alternative of authScope re-reads the optional database prefix.
  for (const t of tries) {
    for (const p of prefixes) {
      const got = t(p);
      if (got) return got;
      // optional() commits to the prefix when it matched; the alternative then fails
      // as a whole and the next alternative starts again from the colon.
      if (p.database.length > 0) break;
    }
  }
  return null;
}

/** The identity a request runs as, or why it has none. */
export type AuthResult =
  | { ok: false }
  | {
      ok: true;
      /** Database path from the root ([] = the root database). */
      database: string[];
      role:
        | { kind: 'builtin'; name: BuiltinRole }
        | { kind: 'custom'; name: string }
        | { kind: 'doc'; coll: string; id: string };
      /** The base key could write (false for the server's read-only keys). */
      canWrite: boolean;
      /** Whether a scope was given and applied. */
      scoped: boolean;
    };

/** What the resolver needs to know about the server's databases. */
export interface AuthWorld {
  /** Root keys: RootAuth (admin at the root database). */
  rootKeys: Set<string>;
  /** Keys of the server's read-only role at the root database (cannot set a scope). */
  readonlyKeys: Set<string>;
  databaseExists(path: string[]): boolean;
  roleExists(path: string[], role: string): boolean;
  documentExists(path: string[], coll: string, id: string): boolean;
}

/** Resolves an `Authorization: Bearer` value to an identity (Auth.scala `fromAuth`). */
export function resolveAuth(bearer: string, world: AuthWorld): AuthResult {
  const parsed = parseAuthSecret(bearer);
  if (!parsed) return { ok: false };
  const { secret, scope } = parsed;
  const root = world.rootKeys.has(secret);
  const readonly = world.readonlyKeys.has(secret);
  if (!root && !readonly) return { ok: false };
  if (scope.kind === 'none') {
    return {
      ok: true,
      database: [],
      role: { kind: 'builtin', name: root ? 'admin' : 'server-readonly' },
      canWrite: root,
      scoped: false,
    };
  }
  // Only admin (and root) keys may set a scope (AuthScope.canSetScope).
  if (!root) return { ok: false };
  const database = scope.database;
  if (!world.databaseExists(database)) return { ok: false };
  switch (scope.kind) {
    case 'builtin':
      return {
        ok: true,
        database,
        role: { kind: 'builtin', name: scope.role },
        canWrite: scope.role === 'admin' || scope.role === 'server',
        scoped: true,
      };
    case 'custom':
      if (!world.roleExists(database, scope.role)) return { ok: false };
      return {
        ok: true,
        database,
        role: { kind: 'custom', name: scope.role },
        canWrite: true,
        scoped: true,
      };
    case 'doc': {
      const slash = scope.ref.lastIndexOf('/');
      if (slash <= 0) return { ok: false };
      const coll = scope.ref.slice(0, slash);
      const id = scope.ref.slice(slash + 1);
      if (!world.documentExists(database, coll, id)) return { ok: false };
      return { ok: true, database, role: { kind: 'doc', coll, id }, canWrite: true, scoped: true };
    }
  }
}
