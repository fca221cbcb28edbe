/**
 * The message protocol between the FQL view (webview, less trusted) and the extension
 * host. Queries run in the host; the webview never sees a secret and makes no request.
 * Every message from the webview goes through {@link parseFromWebview} before use.
 */
import type { QueryError } from './errors';
import type { QueryResult } from './result';

/** The endpoint in use and where it and the secret came from (never the secret itself). */
export interface EndpointInfo {
  url: string;
  /** Where the endpoint came from, e.g. `setting flyFauna.fauna.endpoint`, `.env`. */
  source: string;
  /** Where the secret comes from, or null when there is none. */
  secretSource: string | null;
}

// ---- webview → host -------------------------------------------------------------------

/** The webview has loaded and listens; the host answers with `init`. */
export interface ReadyMessage {
  type: 'ready';
}
/** Run a query typed in the view. `arguments` is the JSON text of the arguments box. */
export interface RunMessage {
  type: 'run';
  requestId: string;
  query: string;
  arguments: string;
  typecheck: boolean;
}
/** Cancel the query started by `requestId`. */
export interface CancelMessage {
  type: 'cancel';
  requestId: string;
}
/** Fetch the next page of the shown set (the host keeps its `after` cursor). */
export interface LoadMoreMessage {
  type: 'loadMore';
  requestId: string;
}
/** Save the shown result to a file, without running the query again. */
export interface ExportMessage {
  type: 'export';
  format: 'json' | 'csv';
}
/** Copy the shown result to the clipboard. */
export interface CopyMessage {
  type: 'copy';
  format: 'json' | 'csv';
}
/** Run the *Set Fauna Secret* command. */
export interface SetSecretMessage {
  type: 'setSecret';
}
/**
 * The user cleared the view's database (the chip's ×): the view's next Run goes to the
 * folder's own database. It names no path: the host keeps the path, the webview can only
 * return to the root.
 */
export interface ClearDatabaseMessage {
  type: 'clearDatabase';
}

/** Everything the webview may send. */
export type FromWebview =
  | ReadyMessage
  | RunMessage
  | CancelMessage
  | LoadMoreMessage
  | ExportMessage
  | CopyMessage
  | SetSecretMessage
  | ClearDatabaseMessage;

// ---- host → webview -------------------------------------------------------------------

/** Answer to `ready`: history, endpoint and the options to show. */
export interface InitMessage {
  type: 'init';
  history: string[];
  endpoint: EndpointInfo | null;
  typecheck: boolean;
  /** False in an untrusted workspace: no query is sent there. */
  trusted: boolean;
  /** The child database the view's Run goes to ("shop/eu"), absent for the folder's own. */
  database?: string;
}
/**
 * The view's database changed: where its Run (and Ctrl+Enter) now goes, as a path label
 * ("shop/eu"), or null for the folder's own database.
 */
export interface DatabaseMessage {
  type: 'database';
  database: string | null;
}
/** The endpoint or secret changed. */
export interface ConfigMessage {
  type: 'config';
  endpoint: EndpointInfo | null;
}
/**
 * A query started (from the view, a `.fql` file, the Database view or an `fql` template
 * in JS/TS: then `query` fills the editor, and `arguments`, the JSON text of the
 * arguments it ran with ('' for none), the arguments box).
 */
export interface RunningMessage {
  type: 'running';
  requestId: string;
  query: string;
  origin: 'view' | 'file' | 'template';
  arguments?: string;
}
/** A query finished; `append` when it is the next page of the shown set. */
export interface ResultMessage {
  type: 'result';
  requestId: string;
  result: QueryResult;
  append: boolean;
  /** Who the query ran as ("as role manager"), absent for the secret's own role. */
  runAs?: string;
  /** The child database it ran in ("shop/eu"), absent for the folder's own database. */
  database?: string;
}
/** A query failed (cancel included: code `cancelled`). */
export interface ErrorMessage {
  type: 'error';
  requestId: string;
  error: QueryError;
  /** Who the query ran as, absent for the secret's own role. */
  runAs?: string;
  /** The child database it ran in, absent for the folder's own database. */
  database?: string;
}
/** The history changed (newest first). */
export interface HistoryMessage {
  type: 'history';
  history: string[];
}
/** A short note to show (export saved, copied...). */
export interface NoticeMessage {
  type: 'notice';
  level: 'info' | 'error';
  message: string;
}

/** Everything the host may send. */
export type ToWebview =
  | InitMessage
  | ConfigMessage
  | RunningMessage
  | ResultMessage
  | ErrorMessage
  | HistoryMessage
  | NoticeMessage
  | DatabaseMessage;

/** The longest query the view may send (1 MiB of text). */
export const MAX_QUERY_LENGTH = 1 << 20;
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requestId(v: unknown): v is string {
  return typeof v === 'string' && REQUEST_ID.test(v);
}

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

function format(v: unknown): v is 'json' | 'csv' {
  return v === 'json' || v === 'csv';
}

/**
 * Validates a message from the webview. Returns null for anything malformed, unknown,
 * oversized or carrying extra types, so the host can drop it.
 */
export function parseFromWebview(raw: unknown): FromWebview | null {
  if (!isRecord(raw) || typeof raw.type !== 'string') return null;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'run':
      if (
        !requestId(raw.requestId) ||
        typeof raw.query !== 'string' ||
        raw.query.length > MAX_QUERY_LENGTH ||
        typeof raw.arguments !== 'string' ||
        raw.arguments.length > MAX_QUERY_LENGTH ||
        typeof raw.typecheck !== 'boolean'
      ) {
        return null;
      }
      return {
        type: 'run',
        requestId: raw.requestId,
        query: raw.query,
        arguments: raw.arguments,
        typecheck: raw.typecheck,
      };
    case 'cancel':
      return requestId(raw.requestId) ? { type: 'cancel', requestId: raw.requestId } : null;
    case 'loadMore':
      return requestId(raw.requestId) ? { type: 'loadMore', requestId: raw.requestId } : null;
    case 'export':
      return format(raw.format) ? { type: 'export', format: raw.format } : null;
    case 'copy':
      return format(raw.format) ? { type: 'copy', format: raw.format } : null;
    case 'setSecret':
      return { type: 'setSecret' };
    case 'clearDatabase':
      return { type: 'clearDatabase' };
    default:
      return null;
  }
}

/**
 * Light checks of a host message in the webview (the host is trusted; this guards
 * against version skew between a cached webview and a newer host).
 */
export function isToWebview(raw: unknown): raw is ToWebview {
  if (!isRecord(raw)) return false;
  switch (raw.type) {
    case 'init':
      return (
        Array.isArray(raw.history) &&
        typeof raw.typecheck === 'boolean' &&
        typeof raw.trusted === 'boolean' &&
        optionalString(raw.database)
      );
    case 'config':
      return 'endpoint' in raw;
    case 'running':
      return typeof raw.requestId === 'string' && typeof raw.query === 'string';
    case 'result':
      return (
        typeof raw.requestId === 'string' &&
        isRecord(raw.result) &&
        typeof raw.append === 'boolean' &&
        optionalString(raw.runAs) &&
        optionalString(raw.database)
      );
    case 'error':
      return (
        typeof raw.requestId === 'string' &&
        isRecord(raw.error) &&
        typeof raw.error.message === 'string' &&
        optionalString(raw.runAs) &&
        optionalString(raw.database)
      );
    case 'history':
      return Array.isArray(raw.history);
    case 'notice':
      return typeof raw.message === 'string';
    case 'database':
      return raw.database === null || typeof raw.database === 'string';
    default:
      return false;
  }
}

/** Adds a query to the front of a history, without duplicates, keeping at most `max`. */
export function pushHistory(history: readonly string[], query: string, max = 100): string[] {
  const q = query.trim();
  if (q === '') return [...history];
  return [q, ...history.filter((h) => h !== q)].slice(0, max);
}
