/**
 * The database explorer's client: one list page at a time over {@link FaunaRunner} (the
 * real `fauna` driver), the next page from the set's `after` cursor
 * (`Set.paginate(cursor)`), a child database through a scoped secret
 * (`key:child/path:admin`). One runner per secret, so moving between databases keeps
 * each database's HTTP/2 session instead of reconnecting on every expand.
 */
import type { QueryError } from '../../core/fql/errors';
import { redact } from '../../core/fql/errors';
import type { ExplorerKind, ExplorerPage } from '../../core/fauna/explorer';
import {
  EXPLORER_PAGE_SIZE,
  ExplorerFormatError,
  listQuery,
  parsePage,
} from '../../core/fauna/explorer';
import type { Connection, RunnerOptions } from './runner';
import { FaunaRunner } from './runner';
import { scopedSecret } from '../../core/fauna/scoped-secret';

export type ListOutcome = { ok: true; page: ExplorerPage } | { ok: false; error: QueryError };

export interface ListRequest {
  /** The database, as a path from the connection's own database ([] = that one). */
  path: readonly string[];
  kind: ExplorerKind;
  /** The cursor of the page to load; absent for the first page. */
  after?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const MAX_RUNNERS = 8;

export class ExplorerClient {
  readonly #opts: RunnerOptions;
  readonly #pageSize: number;
  /** Runners by secret, least recently used first. */
  readonly #runners = new Map<string, FaunaRunner>();

  constructor(opts: RunnerOptions & { pageSize?: number } = {}) {
    const { pageSize, ...runner } = opts;
    this.#opts = runner;
    this.#pageSize = pageSize ?? EXPLORER_PAGE_SIZE;
  }

  get pageSize(): number {
    return this.#pageSize;
  }

  /** One page of a list in the database at `req.path`. */
  async list(conn: Connection, req: ListRequest): Promise<ListOutcome> {
    // The key's own role in the database at `req.path`; a name the secret cannot carry,
    // or a base secret scoped to a role or a document (which would list the parent's
    // items under the child's node), is refused before anything is sent.
    const built = scopedSecret(conn.secret ?? '', { kind: 'own' }, req.path);
    if (!built.ok) {
      const message = `${built.error.charAt(0).toUpperCase()}${built.error.slice(1)}.`;
      return { ok: false, error: { code: 'invalid_scope', message, summary: '', position: null } };
    }
    const secret = conn.secret ? built.value : conn.secret;
    const target: Connection = { endpoint: conn.endpoint, secret };
    const runner = this.#runner(secret ?? '');
    const common = {
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
    };
    const outcome =
      req.after !== undefined
        ? await runner.loadMore(target, req.after, common)
        : await runner.run(target, { query: listQuery(req.kind, this.#pageSize), ...common });
    if (!outcome.ok) {
      // The runner redacts the secret it sent; the base secret is redacted too.
      const error = { ...outcome.error };
      error.message = redact(error.message, conn.secret);
      error.summary = redact(error.summary, conn.secret);
      return { ok: false, error };
    }
    try {
      return { ok: true, page: parsePage(req.kind, outcome.result.data) };
    } catch (err) {
      if (!(err instanceof ExplorerFormatError)) throw err;
      return {
        ok: false,
        error: {
          code: 'protocol',
          message: `Unexpected answer from the database: ${err.message}.`,
          summary: '',
          position: null,
        },
      };
    }
  }

  /** Every page of a list (what the bench's "load all" measures). */
  async listAll(
    conn: Connection,
    req: Omit<ListRequest, 'after'>,
  ): Promise<{ ok: true; pages: ExplorerPage[] } | { ok: false; error: QueryError }> {
    const pages: ExplorerPage[] = [];
    let after: string | undefined;
    for (;;) {
      const o = await this.list(conn, { ...req, ...(after !== undefined ? { after } : {}) });
      if (!o.ok) return o;
      pages.push(o.page);
      if (o.page.after === null) return { ok: true, pages };
      after = o.page.after;
    }
  }

  #runner(secret: string): FaunaRunner {
    let r = this.#runners.get(secret);
    if (r) {
      this.#runners.delete(secret);
    } else {
      r = new FaunaRunner(this.#opts);
      if (this.#runners.size >= MAX_RUNNERS) {
        const [oldKey, old] = this.#runners.entries().next().value as [string, FaunaRunner];
        old.close();
        this.#runners.delete(oldKey);
      }
    }
    this.#runners.set(secret, r);
    return r;
  }

  /** Closes every session (after a change of endpoint or secret, and on dispose). */
  close(): void {
    for (const r of this.#runners.values()) r.close();
    this.#runners.clear();
  }
}
