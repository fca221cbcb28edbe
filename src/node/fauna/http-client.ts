/**
 * An HTTP/2 transport for the `fauna` driver that can be cancelled.
 *
 * The driver's `client.query` takes no AbortSignal (fauna.md §3.11), but it accepts a
 * custom `HTTPClient`. This one reads the caller's signal from an AsyncLocalStorage
 * scope opened around each `client.query` call, so one client (and one HTTP/2 session)
 * serves every query while each query can still be cancelled on its own: cancelling
 * resets the HTTP/2 stream (RST_STREAM CANCEL) at once, so the server stops too.
 *
 * It also keeps the parsed response body for the caller (see {@link RequestScope}): the
 * core decodes Fauna's tagged format itself (the driver's classes are Node code the
 * core and the webview cannot use), so the driver is handed the body without `data`
 * and does not decode the result a second time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as http2 from 'node:http2';
import type { HTTPClient, HTTPRequest, HTTPResponse } from 'fauna';
import { NetworkError } from 'fauna';

/** Per-query state shared between the runner and the transport. */
export interface RequestScope {
  signal?: AbortSignal;
  /** The last parsed response body (all of it, `data` included). */
  body?: Record<string, unknown>;
  /** Requests sent in this scope (throttling retries count). */
  attempts: number;
}

/** The request was cancelled through the scope's AbortSignal. */
export class RequestCancelled extends Error {
  override name = 'RequestCancelled';
}

/** The response grew past the byte cap and was not read in full. */
export class ResponseTooLarge extends Error {
  override name = 'ResponseTooLarge';
  constructor(readonly limitBytes: number) {
    super(`response larger than ${limitBytes} bytes`);
  }
}

/** No response within the client-side timeout. */
export class RequestTimedOut extends Error {
  override name = 'RequestTimedOut';
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
  }
}

const sessionErrors = new WeakMap<http2.ClientHttp2Session, Error>();

/** Opens a scope for one query: everything `fn` sends uses `scope`. */
export const requestScope = new AsyncLocalStorage<RequestScope>();

export interface AbortableHttpClientOptions {
  /** Close the session after this long without a request (ms). */
  idleMs?: number;
  /** Stop reading and fail past this many response bytes. */
  maxResponseBytes?: number;
}

/** The driver's `HTTPClient` over `node:http2`, cancellable per request. */
export class AbortableHttp2Client implements HTTPClient {
  readonly #origin: string;
  readonly #idleMs: number;
  readonly #maxBytes: number;
  #session: http2.ClientHttp2Session | null = null;
  #active = 0;
  #idleTimer: NodeJS.Timeout | null = null;
  #lastUsed = 0;
  #closed = false;

  constructor(endpoint: string, opts: AbortableHttpClientOptions = {}) {
    this.#origin = new URL(endpoint).origin;
    this.#idleMs = opts.idleMs ?? 5000;
    this.#maxBytes = opts.maxResponseBytes ?? 64 * 1024 * 1024;
  }

  /** Requests in flight (tests check that a cancel leaves none). */
  get active(): number {
    return this.#active;
  }

  #getSession(): http2.ClientHttp2Session {
    if (this.#session && !this.#session.closed && !this.#session.destroyed) return this.#session;
    const session = http2.connect(this.#origin);
    // A connect failure (ECONNREFUSED, ENOTFOUND) is emitted on the session while its
    // streams only see ERR_HTTP2_STREAM_CANCEL: keep it so requests can report the cause.
    // (Without a listener an error here would also crash the process.)
    session.on('error', (err: Error) => sessionErrors.set(session, err));
    session.on('close', () => {
      if (this.#session === session) this.#session = null;
    });
    session.on('goaway', () => {
      if (this.#session === session) this.#session = null;
    });
    this.#session = session;
    return session;
  }

  #startRequest(): void {
    this.#active++;
    if (this.#active === 1) this.#session?.ref();
  }

  #endRequest(): void {
    this.#active--;
    if (this.#active > 0) return;
    // An idle session must not keep a CLI process alive, and is closed after idleMs.
    // One timer re-arms itself rather than a new timer per request (the hot path).
    this.#session?.unref();
    this.#lastUsed = Date.now();
    if (!this.#idleTimer) this.#armIdle(this.#idleMs);
  }

  #armIdle(ms: number): void {
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#active > 0) return;
      const idle = Date.now() - this.#lastUsed;
      if (idle >= this.#idleMs) this.#dropSession();
      else this.#armIdle(this.#idleMs - idle);
    }, ms);
    this.#idleTimer.unref();
  }

  #dropSession(): void {
    const s = this.#session;
    this.#session = null;
    if (s && !s.closed) s.close();
  }

  async request<T>(req: HTTPRequest<T>): Promise<HTTPResponse> {
    if (this.#closed)
      throw new NetworkError('client closed', { cause: new Error('client closed') });
    const scope = requestScope.getStore();
    const signal = scope?.signal;
    if (signal?.aborted)
      throw new NetworkError('cancelled', { cause: new RequestCancelled('cancelled') });
    if (scope) scope.attempts++;
    this.#startRequest();
    try {
      const res = await this.#send(req, signal);
      if (scope) return keepBody(res, scope);
      return res;
    } finally {
      this.#endRequest();
    }
  }

  #send<T>(req: HTTPRequest<T>, signal: AbortSignal | undefined): Promise<HTTPResponse> {
    return new Promise<HTTPResponse>((resolve, reject) => {
      let session: http2.ClientHttp2Session;
      try {
        session = this.#getSession();
      } catch (err) {
        reject(new NetworkError('connect failed', { cause: err }));
        return;
      }
      const headers: http2.OutgoingHttpHeaders = {
        ':method': req.method,
        ':path': req.path ?? '/query/1',
        'content-type': 'application/json',
      };
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k.toLowerCase()] = v;
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers);
      } catch (err) {
        this.#dropSession();
        reject(new NetworkError('request failed', { cause: err }));
        return;
      }
      let settled = false;
      const chunks: Buffer[] = [];
      let bytes = 0;
      let status = 0;
      let resHeaders: Record<string, string | string[] | undefined> = {};
      const timer = setTimeout(
        () => fail(new RequestTimedOut(req.client_timeout_ms)),
        req.client_timeout_ms,
      );
      const onAbort = () => fail(new RequestCancelled('cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (cause: Error) => {
        if (settled) return;
        cleanup();
        if (!stream.closed && !stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new NetworkError(cause.message, { cause }));
      };
      stream.on('response', (h) => {
        status = Number(h[':status']);
        resHeaders = {};
        for (const [k, v] of Object.entries(h)) if (!k.startsWith(':')) resHeaders[k] = v;
      });
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > this.#maxBytes) return fail(new ResponseTooLarge(this.#maxBytes));
        chunks.push(c);
      });
      stream.on('end', () => {
        if (settled) return;
        cleanup();
        resolve({ status, headers: resHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      // Deferred a tick so that the session's own error (the real cause) is known.
      stream.on('error', (err: Error) =>
        setImmediate(() => fail(sessionErrors.get(session) ?? err)),
      );
      stream.on('close', () =>
        setImmediate(() => {
          if (!settled)
            fail(
              sessionErrors.get(session) ??
                new Error(`stream closed (code ${stream.rstCode ?? '?'})`),
            );
        }),
      );
      stream.end(JSON.stringify(req.data));
    });
  }

  close(): void {
    this.#closed = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const s = this.#session;
    this.#session = null;
    if (s && !s.destroyed) s.destroy();
  }
}

/**
 * Keeps the parsed body for the runner and hands the driver a success body without
 * `data` (the runner decodes it with the core). Bodies that do not parse are passed
 * through untouched so the driver reports them as it always does.
 */
const STRIP_ABOVE_BYTES = 16 * 1024;

function keepBody(res: HTTPResponse, scope: RequestScope): HTTPResponse {
  if (res.body.length === 0) return res;
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    return res;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return res;
  const body = parsed as Record<string, unknown>;
  scope.body = body;
  // Small bodies cost the driver little to decode; stripping pays off for big ones.
  if (res.status === 200 && res.body.length > STRIP_ABOVE_BYTES && 'data' in body) {
    const { data: _data, ...rest } = body;
    return { ...res, body: JSON.stringify({ ...rest, data: null }) };
  }
  return res;
}
