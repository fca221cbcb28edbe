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
 * `base` with the identity's scope. A base secret that already carries a scope (it has
 * a `:`; Fauna's own secrets never do, AuthScope.scala:36-38) is refused rather than
 * re-scoped: appending would make the first scope read as a database path or fail the
 * parse (AuthScope.scala:21-33), and guessing which part to replace could run the query
 * in another database. The error never shows the secret.
 */
export function scopedSecret(base: string, identity: RunAsIdentity): Parsed<string> {
  const scope = scopeOf(identity);
  if (scope === undefined) return { ok: true, value: base };
  if (base.includes(':')) {
    return {
      ok: false,
      error: `the secret already carries a scope (KEY:…); use the bare admin key to run ${label(identity)}`,
    };
  }
  return { ok: true, value: `${base}:${scope}` };
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
 */
export function refusedMessage(identity: RunAsIdentity, endpoint: string): string {
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
