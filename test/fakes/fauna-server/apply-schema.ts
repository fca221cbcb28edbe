/**
 * One store in the test server: when schema files become the active schema (a push
 * without `staged=true` while nothing is staged, or a commit of the staged schema), the
 * database's catalog (catalog.ts, what `Collection.all()` and the Database view read)
 * follows them. Test equipment only.
 *
 * What the core does (fauna/faunadb, ext/model/src/main/scala/schema/manager/
 * SchemaUpdate.scala): `update` (21-34) stores the files, then `updateDBSchema` (75-90)
 * turns the diff into writes: an added item is created (`upsert`, 92-123), a changed
 * one replaced keeping its user `data` (`lookupData`, 112, 132, 171), a removed one
 * deleted (`remove`, 149). A commit does the same for the staged files (SchemaStatus.scala:300-346:
 * it validates the staged files and clears the pin). Documents of a collection that stays
 * are kept; a deleted collection's documents go with it.
 */
import type { CatalogDatabase } from './catalog';
import { readFsl } from './fsl-reader';

export interface AppliedChange {
  /** Collections the files add (not in the catalog before). */
  added: string[];
  /** Collections the files remove (in the catalog before, not after). */
  removed: string[];
}

/** Replaces `db`'s definitions with the files' (a new seed object: the caller's is kept). */
export function applySchemaFiles(db: CatalogDatabase, files: Map<string, string>): AppliedChange {
  const items = readFsl(files);
  const before = db.seed;
  const old = new Map((before.collections ?? []).map((c) => [c.name, c]));
  const dataOf = <T extends { name: string; data?: Record<string, unknown> }>(
    list: T[] | undefined,
    name: string,
  ) => list?.find((x) => x.name === name)?.data;
  const collections = items.collections.map((c) => {
    const prev = old.get(c.name);
    return {
      ...c,
      ...(prev?.data ? { data: prev.data } : {}),
      ...(prev?.documents ? { documents: prev.documents } : {}),
    };
  });
  db.seed = {
    ...before,
    collections,
    functions: items.functions.map((f) => {
      const data = dataOf(before.functions, f.name);
      return data ? { ...f, data } : f;
    }),
    roles: items.roles.map((r) => {
      const data = dataOf(before.roles, r.name);
      return data ? { ...r, data } : r;
    }),
    accessProviders: items.accessProviders.map((a) => {
      const data = dataOf(before.accessProviders, a.name);
      return data ? { ...a, data } : a;
    }),
  };
  const now = new Set(collections.map((c) => c.name));
  return {
    added: [...now].filter((n) => !old.has(n)),
    removed: [...old.keys()].filter((n) => !now.has(n)),
  };
}
