/**
 * The user-defined role names of a database, for *Run Queries As…*: every page of
 * `Role.all()` through the explorer's client (the first page, then `Set.paginate` with
 * each page's `after` cursor, as the Database explorer loads more), up to a cap so a
 * database with very many roles cannot keep the pick waiting.
 */
import type { QueryError } from '../../core/fql/errors';
import { validateIdentity } from '../../core/fauna/scoped-secret';
import type { ExplorerClient } from './explorer-client';
import type { Connection } from './runner';

/** At most this many names are listed; past it the caller offers to type a name. */
export const ROLE_LIST_CAP = 1000;

export type RoleNames =
  | { ok: true; names: string[]; /** More roles exist than were listed. */ more: boolean }
  | { ok: false; error: QueryError };

export interface RoleNamesOptions {
  /** The database, as a path from the connection's own database ([] = that one). */
  path?: readonly string[];
  cap?: number;
  signal?: AbortSignal;
  /** Per page. */
  timeoutMs?: number;
}

export async function listRoleNames(
  client: ExplorerClient,
  conn: Connection,
  opts: RoleNamesOptions = {},
): Promise<RoleNames> {
  const cap = Math.max(1, Math.floor(opts.cap ?? ROLE_LIST_CAP));
  const names: string[] = [];
  let after: string | undefined;
  for (;;) {
    const out = await client.list(conn, {
      path: opts.path ?? [],
      kind: 'roles',
      ...(after !== undefined ? { after } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
    if (!out.ok) return out;
    for (const item of out.page.items) {
      // A role whose definition could not be read still has a name to run as; a name
      // that is no role identifier (or a built-in's) cannot be sent as `@role/NAME`.
      const name = item.kind === 'role' || item.kind === 'malformed' ? item.name : null;
      if (name !== null && validateIdentity({ kind: 'role', name })) names.push(name);
    }
    if (names.length > cap) return { ok: true, names: names.slice(0, cap), more: true };
    if (out.page.after === null) return { ok: true, names, more: false };
    if (names.length === cap) return { ok: true, names, more: true };
    after = out.page.after;
  }
}
