/**
 * A small client for the core's schema HTTP API (`/schema/1/...`; the `fauna` driver
 * speaks only `/query/1`). HTTP/2 over `node:http2` for both `http://` (h2c, as the
 * self-hosted core and our test server speak) and `https://` (TLS with ALPN h2), one
 * session per client. Every request has a timeout and follows an AbortSignal. The
 * secret goes only into the `authorization` header: never into a message or a log.
 */
import { randomBytes } from 'node:crypto';
import * as http2 from 'node:http2';
import type { RemoteFileList, SchemaFile, StagedStatus } from '../../core/fauna/schema';
import {
  MalformedResponse,
  errorMessage,
  multipartBody,
  parseDiff,
  parseFileContent,
  parseFileList,
  parseStagedStatus,
  parseVersion,
} from '../../core/fauna/schema';

export type SchemaErrorKind =
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'malformed'
  | 'server';

/** A failed schema API call, with a message fit for a person. */
export class SchemaApiError extends Error {
  override name = 'SchemaApiError';
  constructor(
    readonly kind: SchemaErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SchemaClientOptions {
  endpoint: string;
  secret: string;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Answer {
  status: number;
  body: unknown;
}

export class SchemaClient {
  readonly #origin: string;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  #session: http2.ClientHttp2Session | null = null;
  #sessionError: Error | null = null;

  constructor(opts: SchemaClientOptions) {
    this.#origin = new URL(opts.endpoint).origin;
    this.#secret = opts.secret;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#signal = opts.signal;
  }

  /** The active (or, with `staged`, the staged) files' names and the schema version. */
  async list(opts: { staged?: boolean } = {}): Promise<RemoteFileList> {
    const q = opts.staged ? '?staged=true' : '';
    return this.#parse(await this.#request('GET', `/schema/1/files${q}`), parseFileList);
  }

  /** Every file with its content, read at one version (refused if the schema moves meanwhile). */
  async pull(opts: { staged?: boolean } = {}): Promise<{ version: number; files: SchemaFile[] }> {
    const list = await this.list(opts);
    const files = await Promise.all(
      list.files.map(async (name) => {
        const q = `?version=${list.version}${opts.staged ? '&staged=true' : ''}`;
        const a = await this.#request('GET', `/schema/1/files/${encodeURIComponent(name)}${q}`);
        return { name, content: this.#parse(a, parseFileContent).content };
      }),
    );
    return { version: list.version, files };
  }

  /** The core's textual diff of `files` against the database's schema, at `version`. */
  async diff(
    files: SchemaFile[],
    opts: { version?: number; staged?: boolean } = {},
  ): Promise<{ version: number; diff: string }> {
    const q = params({ version: opts.version, staged: opts.staged, format: 'textual' });
    return this.#parse(await this.#upload(`/schema/1/diff${q}`, files), parseDiff);
  }

  /** Replaces the schema with `files` if it is still at `version`; returns the new version. */
  async update(files: SchemaFile[], opts: { version: number; staged?: boolean }): Promise<number> {
    const q = params({ version: opts.version, staged: opts.staged });
    return this.#parse(await this.#upload(`/schema/1/update${q}`, files), parseVersion);
  }

  async status(): Promise<StagedStatus> {
    return this.#parse(
      await this.#request('GET', '/schema/1/staged/status?format=textual'),
      parseStagedStatus,
    );
  }

  async commit(version?: number): Promise<number> {
    const a = await this.#request('POST', `/schema/1/staged/commit${params({ version })}`);
    return this.#parse(a, parseVersion);
  }

  async abandon(version?: number): Promise<number> {
    const a = await this.#request('POST', `/schema/1/staged/abandon${params({ version })}`);
    return this.#parse(a, parseVersion);
  }

  close(): void {
    const s = this.#session;
    this.#session = null;
    if (s && !s.destroyed) s.close();
  }

  #parse<T>(a: Answer, parse: (body: unknown) => T): T {
    if (a.status >= 200 && a.status < 300) {
      try {
        return parse(a.body);
      } catch (e) {
        if (e instanceof MalformedResponse)
          throw new SchemaApiError(
            'malformed',
            `unexpected answer from Fauna (${e.message})`,
            a.status,
          );
        throw e;
      }
    }
    const msg = errorMessage(a.body);
    switch (a.status) {
      case 401:
        throw new SchemaApiError(
          'unauthorized',
          `Fauna refused the secret (401${msg ? `: ${msg}` : ''})`,
          401,
        );
      case 403:
        throw new SchemaApiError(
          'forbidden',
          `the secret may not do this (403${msg ? `: ${msg}` : ''}); schema changes need an admin key`,
          403,
        );
      case 404:
        throw new SchemaApiError(
          'not-found',
          msg && msg !== 'Not found'
            ? msg
            : 'not found (404): the endpoint has no schema API here, or the file is gone',
          404,
        );
      case 409:
        throw new SchemaApiError(
          'conflict',
          `the database's schema changed since it was read (${msg ?? 'stale version'}); nothing was changed: look at the diff again`,
          409,
        );
      case 400:
        throw new SchemaApiError('invalid', msg ?? 'Fauna rejected the request (400)', 400);
      default:
        if (msg === null && a.status !== 0)
          throw new SchemaApiError(
            'malformed',
            `unexpected answer from Fauna (HTTP ${a.status}, not a schema API error)`,
            a.status,
          );
        throw new SchemaApiError('server', `Fauna failed (HTTP ${a.status}): ${msg}`, a.status);
    }
  }

  #upload(path: string, files: SchemaFile[]): Promise<Answer> {
    const boundary = `fly-fauna-${randomBytes(12).toString('hex')}`;
    return this.#request('POST', path, {
      type: `multipart/form-data; boundary=${boundary}`,
      data: multipartBody(files, boundary),
    });
  }

  #getSession(): http2.ClientHttp2Session {
    if (this.#session && !this.#session.closed && !this.#session.destroyed) return this.#session;
    this.#sessionError = null;
    const s = http2.connect(this.#origin);
    s.on('error', (e: Error) => {
      this.#sessionError = e;
    });
    s.on('close', () => {
      if (this.#session === s) this.#session = null;
    });
    this.#session = s;
    return s;
  }

  #request(method: string, path: string, body?: { type: string; data: string }): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const signal = this.#signal;
      if (signal?.aborted) return reject(new SchemaApiError('cancelled', 'cancelled'));
      const where = `${this.#origin}${path.replace(/\?.*$/, '')}`;
      let stream: http2.ClientHttp2Stream;
      try {
        const headers: http2.OutgoingHttpHeaders = {
          ':method': method,
          ':path': path,
          authorization: `Bearer ${this.#secret}`,
        };
        if (body) headers['content-type'] = body.type;
        stream = this.#getSession().request(headers);
      } catch (e) {
        return reject(
          new SchemaApiError('network', `cannot reach ${where}`, undefined, { cause: e }),
        );
      }
      let settled = false;
      let status = 0;
      const chunks: Buffer[] = [];
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      const fail = (e: SchemaApiError) =>
        done(() => {
          if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
          reject(e);
        });
      const timer = setTimeout(
        () =>
          fail(
            new SchemaApiError('timeout', `no answer from ${where} within ${this.#timeoutMs} ms`),
          ),
        this.#timeoutMs,
      );
      const onAbort = () => fail(new SchemaApiError('cancelled', 'cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.on('response', (h) => {
        status = Number(h[':status']);
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () =>
        done(() => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? null : JSON.parse(text);
          } catch {
            reject(
              new SchemaApiError(
                'malformed',
                `unexpected answer from ${where} (HTTP ${status}, not JSON)`,
                status,
              ),
            );
            return;
          }
          resolve({ status, body: parsed });
        }),
      );
      const onError = (e: Error) =>
        setImmediate(() => {
          const cause = this.#sessionError ?? e;
          const code = (cause as NodeJS.ErrnoException).code;
          fail(
            new SchemaApiError(
              'network',
              `cannot reach ${this.#origin}${code ? ` (${code})` : ''}: is Fauna running there?`,
              undefined,
              { cause },
            ),
          );
        });
      stream.on('error', onError);
      stream.on('close', () => {
        if (!settled) onError(new Error(`stream closed (code ${stream.rstCode ?? '?'})`));
      });
      stream.end(body?.data);
    });
  }
}

function params(p: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
