/**
 * "Run as": the identity a query runs as, and the scoped secret that asks Fauna for it.
 *
 * Fauna reads `Authorization: Bearer KEY[:DB/PATH]:SCOPE` (core
 * ext/model/src/main/scala/auth/AuthScope.scala:15-78, `AuthParser`), where SCOPE is a
 * built-in role (`admin`, `server`, `server-readonly`, `client`; AuthScope.scala:48-53),
 * `@role/NAME` (a user-defined role) or `@doc/COLL/ID` (a document; its identity runs the
 * query). Only admin keys may set a scope (AuthScope.scala:82-87); a scope naming a
 * missing database, role or document authenticates as nothing and the query API answers
 * 401 `unauthorized` "Access token required" (ext/api/src/main/scala/api/fql2/FQL2Response.scala:262-265).
 *
 * Pure: no I/O. The secret itself never leaves `scopedSecret`'s return value; labels and
 * errors never include it.
 */

export const BUILTIN_ROLES = ['admin', 'server', 'server-readonly', 'client'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

/** Who a query runs as. `own` is the secret's own role (no scope). */
export type RunAsIdentity =
  | { kind: 'own' }
  | { kind: 'builtin'; role: BuiltinRole }
  | { kind: 'role'; name: string }
  | { kind: 'doc'; coll: string; id: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** FQL identifiers (role and collection names): a letter or `_`, then letters, digits, `_`. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isBuiltinRole(s: string): s is BuiltinRole {
  return (BUILTIN_ROLES as readonly string[]).includes(s);
}

/** A role name as typed: a built-in role or a user-defined role's FQL identifier. */
export function parseRole(input: string): Parsed<RunAsIdentity> {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'the role name is empty' };
  if (isBuiltinRole(s)) return { ok: true, value: { kind: 'builtin', role: s } };
  const name = s.startsWith('@role/') ? s.slice(6) : s;
  if (!IDENT.test(name)) {
    return {
      ok: false,
      error: `'${s}' is not a role name: use ${BUILTIN_ROLES.join(', ')} or a user-defined role's name (letters, digits and _, not starting with a digit)`,
    };
  }
  return { ok: true, value: { kind: 'role', name } };
}

/** A document as typed: `COLL/ID` (also `@doc/COLL/ID`), ID digits. */
export function parseDocRef(input: string): Parsed<RunAsIdentity> {
  let s = input.trim();
  if (s.startsWith('@doc/')) s = s.slice(5);
  const m = /^([^/]*)\/([^/]*)$/.exec(s);
  if (!m) {
    return {
      ok: false,
      error: `'${input.trim()}' is not a document: give COLLECTION/ID, e.g. User/123`,
    };
  }
  const [, coll, id] = m;
  if (!IDENT.test(coll)) {
    return {
      ok: false,
      error: `'${coll}' is not a collection name (letters, digits and _, not starting with a digit)`,
    };
  }
  if (!/^\d+$/.test(id)) {
    return { ok: false, error: `the document ID must be digits, not '${id}'` };
  }
  return { ok: true, value: { kind: 'doc', coll, id } };
}

/** The scope part after `KEY:`; undefined for the secret's own role. */
export function scopeOf(identity: RunAsIdentity): string | undefined {
  switch (identity.kind) {
    case 'own':
      return undefined;
    case 'builtin':
      return identity.role;
    case 'role':
      return `@role/${identity.name}`;
    case 'doc':
      return `@doc/${identity.coll}/${identity.id}`;
  }
}

/**
 * A database name a scoped secret can carry: v10 database names are FQL identifiers
 * (core ext/model/src/main/scala/schema/NativeCollection.scala:703-705, `Database.name`
 * with `ValidIdentifierValidator`, Validators.scala:30); `-` is also accepted for names
 * made through the v4 API. Anything else (`/ , ( ) & = :` above all, which AuthParser's
 * `segment` cannot carry, AuthScope.scala:45-47) is refused rather than sent, since it
 * would make the secret read as another database or scope.
 */
const DATABASE_NAME = /^[A-Za-z0-9_-]+$/;

/** The outcome of {@link scopedSecret}; `reason` tells a caller why it was refused. */
export type ScopedSecret =
  { ok: true; value: string } | { ok: false; error: string; reason: 'scoped' | 'database' };

/** "shop/eu": a database path as the labels and messages show it. */
export function databaseLabel(database: readonly string[]): string {
  return database.join('/');
}

/** Why a database path cannot be sent, or undefined when every name is fine. */
export function databasePathError(database: readonly string[]): string | undefined {
  const bad = database.find((s) => !DATABASE_NAME.test(s));
  if (bad === undefined) return undefined;
  return `${JSON.stringify(bad)} is not a database name a secret can reach (letters, digits, _ and -)`;
}

/**
 * The one way to build the secret a query sends: `base`, optionally reaching the child
 * database `database` (a path below the key's own database, [] = that one), as
 * `identity`. Fauna reads it as `KEY[:DB/PATH]:SCOPE` (AuthScope.scala:29-34):
 *
 * - no path: the identity's scope (`KEY:@role/NAME`, `KEY:server`, ...), or `base` as is
 *   for the secret's own role;
 * - a path and the secret's own role: `KEY:path:admin` (the database explorer's rule; an
 *   admin key is admin in its children). A base already scoped to a database with a
 *   built-in role (`KEY:parent:server`) gets the path appended (`KEY:parent/path:server`),
 *   one scoped to a built-in role only (`KEY:server`) gets the path put in front;
 * - a path and another identity: `KEY:path:@role/NAME` (`:@doc/COLL/ID`, `:server`).
 *
 * A base secret that already carries a scope is refused (reason `scoped`) whenever a new
 * scope would have to replace it: appending would make the first scope read as a
 * database path or fail the parse (AuthScope.scala:21-33), and guessing which part to
 * replace could run the query in another database. Fauna's own secrets never hold a `:`
 * (AuthScope.scala:36-38). A path with a name the secret cannot carry is refused (reason
 * `database`). No error ever shows the secret.
 */
export function scopedSecret(
  base: string,
  identity: RunAsIdentity,
  database: readonly string[] = [],
): ScopedSecret {
  const nameError = databasePathError(database);
  if (nameError) return { ok: false, reason: 'database', error: nameError };
  const scope = scopeOf(identity);
  if (database.length === 0) {
    if (scope === undefined) return { ok: true, value: base };
    if (base.includes(':')) {
      return {
        ok: false,
        reason: 'scoped',
        error: `the secret already carries a scope (KEY:…); use the bare admin key to run ${label(identity)}`,
      };
    }
    return { ok: true, value: `${base}:${scope}` };
  }
  const child = databaseLabel(database);
  const i = base.indexOf(':');
  if (scope !== undefined) {
    if (i >= 0) {
      return {
        ok: false,
        reason: 'scoped',
        error: `the secret already carries a scope (KEY:…); use the bare admin key to run ${label(identity)} in database ${child}`,
      };
    }
    return { ok: true, value: `${base}:${child}:${scope}` };
  }
  if (i < 0) return { ok: true, value: `${base}:${child}:admin` };
  const key = base.slice(0, i);
  const rest = base.slice(i + 1);
  const m = /^([^,()&=:]+):(admin|server-readonly|server|client)$/.exec(rest);
  if (m) return { ok: true, value: `${key}:${m[1]}/${child}:${m[2]}` };
  if (isBuiltinRole(rest)) return { ok: true, value: `${key}:${child}:${rest}` };
  return {
    ok: false,
    reason: 'scoped',
    error: `the secret is scoped to a role or a document (KEY:…), which cannot reach the child database ${child}; use the bare admin key`,
  };
}

/** "as role manager", "as document User/123", "as the secret's own role". */
export function label(identity: RunAsIdentity): string {
  switch (identity.kind) {
    case 'own':
      return "as the secret's own role";
    case 'builtin':
      return `as built-in role ${identity.role}`;
    case 'role':
      return `as role ${identity.name}`;
    case 'doc':
      return `as document ${identity.coll}/${identity.id}`;
  }
}

/**
 * The message for the core's 401 when a scope was set: a scope naming a missing role,
 * document or database, or set by a key that is not an admin key, authenticates as
 * nothing (Auth.scala:94-101, AuthScope.scala:82-87), answered "Access token required".
 * With a database path the message names it (never the secret).
 */
export function refusedMessage(
  identity: RunAsIdentity,
  endpoint: string,
  database: readonly string[] = [],
): string {
  if (database.length > 0) {
    const child = databaseLabel(database);
    const who = identity.kind === 'own' ? '' : ` ${label(identity)}`;
    const what =
      identity.kind === 'doc'
        ? `, or the document ${identity.coll}/${identity.id} does not exist there`
        : identity.kind === 'role'
          ? `, or it has no role '${identity.name}'`
          : '';
    return `${endpoint} did not accept running${who} in database ${child} (401 unauthorized): there is no database ${child} below the key's database${what}, or the secret is not an admin key (only admin keys may reach a child database).`;
  }
  const what =
    identity.kind === 'doc'
      ? `the document ${identity.coll}/${identity.id} does not exist`
      : identity.kind === 'role'
        ? `there is no role '${identity.name}' in the key's database`
        : `the key may not set a scope`;
  return `${endpoint} did not accept running ${label(identity)} (401 unauthorized): ${what}, or the secret is not an admin key (only admin keys may run as another identity).`;
}

/** JSON-safe description for `--format json` and the webview (never the secret). */
export function identityJson(identity: RunAsIdentity): Record<string, string> {
  switch (identity.kind) {
    case 'own':
      return { kind: 'own' };
    case 'builtin':
      return { kind: 'builtin', role: identity.role };
    case 'role':
      return { kind: 'role', role: identity.name };
    case 'doc':
      return { kind: 'doc', document: `${identity.coll}/${identity.id}` };
  }
}

/** Validates an untrusted value (webview message, workspaceState) as an identity. */
export function validateIdentity(v: unknown): RunAsIdentity | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  switch (o.kind) {
    case 'own':
      return { kind: 'own' };
    case 'builtin':
      return typeof o.role === 'string' && isBuiltinRole(o.role)
        ? { kind: 'builtin', role: o.role }
        : undefined;
    case 'role':
      return typeof o.name === 'string' && IDENT.test(o.name) && !isBuiltinRole(o.name)
        ? { kind: 'role', name: o.name }
        : undefined;
    case 'doc':
      return typeof o.coll === 'string' &&
        IDENT.test(o.coll) &&
        typeof o.id === 'string' &&
        /^\d+$/.test(o.id)
        ? { kind: 'doc', coll: o.coll, id: o.id }
        : undefined;
    default:
      return undefined;
  }
}
