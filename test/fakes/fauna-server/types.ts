/**
 * Types shared by the Fauna test server's modules (server.ts, auth.ts, catalog.ts,
 * schema-api.ts). Test equipment only: never shipped.
 */
import type * as http2 from 'node:http2';
import type { AuthResult } from './auth';

export interface Doc {
  id: string;
  ts: string;
  fields: Record<string, unknown>;
}

export type Tagged = unknown;

export interface Answer {
  status: number;
  body: unknown;
  /** A raw body to send as is (for protocol faults). */
  raw?: string;
}

export class QueryFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly summary?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What one request carries through the server's handlers. */
export interface Ctx {
  path: string;
  method: string;
  /** The bearer secret as sent (may carry a scope: `key:db/path:role`). */
  secret: string;
  /** Whether the secret (with its scope) authenticates (see auth.ts). */
  authorized: boolean;
  /** The resolved identity: database path, role, document (auth.ts). */
  auth: AuthResult;
  headers: http2.IncomingHttpHeaders;
  body: unknown;
  stream: http2.ServerHttp2Stream;
  started: number;
}

/** A query result as the evaluators produce it (before tagged/simple rendering). */
export interface Eval {
  value: Tagged;
  type: string;
  reads?: number;
  writes?: number;
  summary?: string;
}
