/**
 * Runs FQL through the official `fauna` driver and returns what the core shows: a
 * {@link QueryResult} or a {@link QueryError}. One driver `Client` is kept per
 * (endpoint, secret) and closed when either changes and on `close()`.
 */
import {
  AbortError,
  Client,
  ConsoleLogHandler,
  LOG_LEVELS,
  NetworkError,
  ProtocolError,
  ServiceError,
  ThrottlingError,
  fql,
} from 'fauna';
import type { QueryArguments } from '../../core/fql/args';
import type { FailureFacts, QueryError } from '../../core/fql/errors';
import { explainFailure, redact } from '../../core/fql/errors';
import type { QueryResult } from '../../core/fql/result';
import { readStats, readSuccess } from '../../core/fql/result';
import { TaggedFormatError, decodeTagged } from '../../core/fql/value';
import type { RequestScope } from './http-client';
import {
  AbortableHttp2Client,
  RequestCancelled,
  RequestTimedOut,
  ResponseTooLarge,
  requestScope,
} from './http-client';

/** Where to send queries. The secret is only ever put in the Authorization header. */
export interface Connection {
  endpoint: string;
  /** Undefined or empty: the query fails with `no_secret` before anything is sent. */
  secret: string | undefined;
}

/** One query. */
export interface QueryRequest {
  query: string;
  arguments?: QueryArguments;
  /** Sent as `x-typecheck` when set; otherwise the database's setting applies. */
  typecheck?: boolean;
  /** Server-side limit (`x-query-timeout-ms`), default 5000 as the driver's. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A query's outcome: the core's result or error model. */
export type QueryOutcome = { ok: true; result: QueryResult } | { ok: false; error: QueryError };

export interface RunnerOptions {
  /** How the host tells people to set a secret (CLI vs VS Code). */
  secretHint?: string;
  /** Responses larger than this are cut off with a clear error (default 64 MiB). */
  maxResponseBytes?: number;
  /** Tries for a throttled (429) query, the driver's retry (default 3). */
  maxAttempts?: number;
  /** Upper bound of the driver's jittered backoff, in seconds (default 20). */
  maxBackoffSeconds?: number;
  /** Extra client-side time on top of the query timeout (driver default 5000 ms). */
  clientTimeoutBufferMs?: number;
}

interface Held {
  key: string;
  client: Client;
  http: AbortableHttp2Client;
}

/** Runs queries; reuse one instance for the life of a host. */
export class FaunaRunner {
  readonly #opts: RunnerOptions;
  #held: Held | null = null;

  constructor(opts: RunnerOptions = {}) {
    this.#opts = opts;
  }

  /** Runs FQL text as is (`fql([text])`: no interpolation, quotes and comments kept). */
  run(conn: Connection, req: QueryRequest): Promise<QueryOutcome> {
    return this.#query(conn, req, () => fql([req.query]));
  }

  /** The next page of a set, from its `after` cursor (`Set.paginate(cursor)`). */
  loadMore(
    conn: Connection,
    after: string,
    req: Omit<QueryRequest, 'query' | 'arguments'> = {},
  ): Promise<QueryOutcome> {
    // The cursor goes in as a value fragment, never as query text.
    return this.#query(
      conn,
      { ...req, query: 'Set.paginate(…)' },
      () => fql`Set.paginate(${after})`,
    );
  }

  /** Requests in flight on the current client. */
  get active(): number {
    return this.#held?.http.active ?? 0;
  }

  /** Closes the client (and its HTTP/2 session). The runner may be used again. */
  close(): void {
    const h = this.#held;
    this.#held = null;
    if (h) h.client.close();
  }

  #client(conn: Connection & { secret: string }): Held {
    const key = `${conn.endpoint}\u0000${conn.secret}`;
    if (this.#held?.key === key) return this.#held;
    // Checked once per client, not per query.
    const url = new URL(conn.endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError('not an http(s) URL');
    this.close();
    const http = new AbortableHttp2Client(conn.endpoint, {
      ...(this.#opts.maxResponseBytes !== undefined
        ? { maxResponseBytes: this.#opts.maxResponseBytes }
        : {}),
    });
    const client = new Client(
      {
        endpoint: new URL(conn.endpoint),
        secret: conn.secret,
        format: 'tagged',
        max_attempts: this.#opts.maxAttempts ?? 3,
        max_backoff: this.#opts.maxBackoffSeconds ?? 20,
        client_timeout_buffer_ms: this.#opts.clientTimeoutBufferMs ?? 5000,
        // The driver's debug log (FAUNA_DEBUG) prints request headers, Authorization
        // included: keep it off whatever the environment says.
        logger: new ConsoleLogHandler(LOG_LEVELS.OFF),
      },
      http,
    );
    this.#held = { key, client, http };
    return this.#held;
  }

  async #query(
    conn: Connection,
    req: QueryRequest,
    build: () => ReturnType<typeof fql>,
  ): Promise<QueryOutcome> {
    const endpoint = conn.endpoint;
    const fail = (facts: Omit<FailureFacts, 'endpoint'>): QueryOutcome => {
      const error = explainFailure({
        ...facts,
        endpoint,
        ...(this.#opts.secretHint ? { secretHint: this.#opts.secretHint } : {}),
      });
      // Defence in depth: no message may carry the secret.
      error.message = redact(error.message, conn.secret);
      error.summary = redact(error.summary, conn.secret);
      return { ok: false, error };
    };
    if (!conn.secret) return fail({ kind: 'no_secret' });
    if (req.signal?.aborted) return fail({ kind: 'cancelled' });
    let held: Held;
    try {
      held = this.#client({ endpoint, secret: conn.secret });
    } catch {
      return fail({ kind: 'client', serverMessage: `'${endpoint}' is not an http(s) URL` });
    }
    const scope: RequestScope = { attempts: 0, ...(req.signal ? { signal: req.signal } : {}) };
    const timeoutMs = req.timeoutMs ?? 5000;
    let query;
    try {
      query = build();
    } catch (err) {
      return fail({
        kind: 'client',
        serverMessage: err instanceof Error ? err.message : String(err),
      });
    }
    const running = requestScope.run(scope, () =>
      held.client.query(query, {
        format: 'tagged',
        query_timeout_ms: timeoutMs,
        ...(req.arguments && Object.keys(req.arguments).length > 0
          ? { arguments: req.arguments }
          : {}),
        ...(req.typecheck !== undefined ? { typecheck: req.typecheck } : {}),
      }),
    );
    // A cancel during the driver's retry backoff must not wait for the backoff.
    let onAbort: (() => void) | undefined;
    const signal = req.signal;
    const aborted = signal
      ? new Promise<'aborted'>((resolve) => {
          onAbort = () => resolve('aborted');
          signal.addEventListener('abort', onAbort, { once: true });
        })
      : null;
    try {
      const settled = aborted ? await Promise.race([running, aborted]) : await running;
      if (settled === 'aborted') {
        running.catch(() => undefined);
        return fail({ kind: 'cancelled' });
      }
      const body = scope.body;
      if (!body || !('data' in body)) {
        return fail({ kind: 'protocol', detail: 'notjson', httpStatus: 200 });
      }
      try {
        return { ok: true, result: readSuccess(body) };
      } catch (err) {
        if (err instanceof TaggedFormatError)
          return fail({ kind: 'protocol', detail: 'notjson', httpStatus: 200 });
        throw err;
      }
    } catch (err) {
      return fail(classify(err, scope, timeoutMs + (this.#opts.clientTimeoutBufferMs ?? 5000)));
    } finally {
      if (onAbort) req.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  for (let i = 0; i < 6 && e; i++) {
    out.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return out;
}

/** Sorts a driver error into the facts the core words. */
function classify(
  err: unknown,
  scope: RequestScope,
  clientTimeoutMs: number,
): Omit<FailureFacts, 'endpoint'> {
  const chain = causeChain(err);
  if (chain.some((e) => e instanceof RequestCancelled)) return { kind: 'cancelled' };
  const tooLarge = chain.find((e): e is ResponseTooLarge => e instanceof ResponseTooLarge);
  if (tooLarge) return { kind: 'too_large', limitBytes: tooLarge.limitBytes };
  if (chain.some((e) => e instanceof RequestTimedOut))
    return { kind: 'network', detail: 'timeout', timeoutMs: clientTimeoutMs };
  if (err instanceof ServiceError) {
    const body = scope.body;
    const summary =
      typeof body?.summary === 'string' ? body.summary : (err.queryInfo?.summary ?? '');
    const facts: Omit<FailureFacts, 'endpoint'> = {
      kind: 'service',
      code: err.code,
      serverMessage: err.message,
      summary,
      httpStatus: err.httpStatus ?? 0,
      stats: readStats(body?.stats ?? err.queryInfo?.stats),
    };
    if (err instanceof AbortError) {
      const rawAbort = (body?.error as Record<string, unknown> | undefined)?.abort;
      try {
        facts.abort = decodeTagged(rawAbort ?? null);
      } catch {
        // Keep the message without the value.
      }
    }
    if (err instanceof ThrottlingError) facts.attempts = Math.max(0, scope.attempts - 1);
    return facts;
  }
  if (err instanceof ProtocolError) {
    return {
      kind: 'protocol',
      detail: /empty/i.test(err.message) ? 'empty' : 'notjson',
      httpStatus: err.httpStatus,
    };
  }
  if (err instanceof NetworkError) {
    const sys = chain.find(
      (e): e is NodeJS.ErrnoException =>
        e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string',
    );
    return { kind: 'network', detail: sys?.code ?? 'network error' };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { kind: 'client', serverMessage: msg };
}
