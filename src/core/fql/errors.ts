/**
 * Failed queries as every host shows them: one clear message, Fauna's `summary`, and the
 * line and column the summary points at (for diagnostics in `.fql` files).
 *
 * The Node adapter classifies what went wrong into {@link FailureFacts}; this module
 * turns those facts into words, so the CLI, the view and the tests share one wording.
 */
import type { QueryStats } from './result';
import type { FqlValue } from './value';
import { shortText } from './value';

/** A 0-based place in the query text, with the length of the span the summary marks. */
export interface SummaryPosition {
  line: number;
  character: number;
  /** Characters marked by `^^^` in the summary (at least 1). */
  length: number;
}

/**
 * One block of a summary that points into the query: `error: …` / `warning: …` /
 * `performance_hint: …` followed by `at *query*:LINE:COL` and a caret excerpt, or a
 * `log()` line, `info at *query*:LINE: message`, which names a line only.
 */
export interface SummaryNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
  position: SummaryPosition;
  /** True for a `log()` line: the note is about the whole line. */
  wholeLine?: boolean;
}

/** A failed query, as shown to people and printed by `query --format json`. */
export interface QueryError {
  /**
   * Fauna's error code (`invalid_query`, `abort`, `unauthorized`, `forbidden`,
   * `limit_exceeded`, `time_out`, `internal_error`, a runtime code...) or one of ours:
   * `no_secret`, `network`, `protocol`, `cancelled`, `too_large`, `invalid_arguments`.
   */
  code: string;
  message: string;
  /** Fauna's rendered summary ('' when none). */
  summary: string;
  /** Where the first error in the summary points in the query, if it does. */
  position: SummaryPosition | null;
  /** HTTP status when Fauna answered. */
  httpStatus?: number;
  stats?: QueryStats;
}

/** What the Node adapter knows about a failure; input of {@link explainFailure}. */
export interface FailureFacts {
  kind: 'service' | 'network' | 'protocol' | 'cancelled' | 'too_large' | 'no_secret' | 'client';
  /** The endpoint URL (never a secret). */
  endpoint: string;
  code?: string;
  /** Fauna's own message, for service errors. */
  serverMessage?: string;
  summary?: string;
  httpStatus?: number;
  /** The value given to `abort()`, for `abort` errors. */
  abort?: FqlValue;
  /** For network failures: a system code such as ECONNREFUSED or ENOTFOUND, or `timeout`. */
  detail?: string;
  /** Client-side timeout in ms, when the failure is a timeout. */
  timeoutMs?: number;
  /** Retries the driver made (throttling). */
  attempts?: number;
  /** Bytes received, for `too_large`. */
  bytes?: number;
  limitBytes?: number;
  stats?: QueryStats;
  /** How to set a secret on this host (differs between the CLI and VS Code). */
  secretHint?: string;
}

/**
 * An endpoint as it may be shown: without `user:password@`, query or fragment (a URL may
 * carry credentials; messages, logs and the webview must not).
 */
export function displayEndpoint(endpoint: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^?#]*)/i.exec(endpoint.trim());
  return m ? `${m[1]}${m[2]}`.replace(/\/$/, '') : endpoint.replace(/[?#].*$/, '');
}

/** The hosts of Fauna's hosted service, which ended on 2025-05-30. */
export function isHostedFauna(endpoint: string): boolean {
  const host = hostOf(endpoint);
  return host === 'db.fauna.com' || /^db\.[a-z-]+\.fauna\.com$/.test(host);
}

function hostOf(endpoint: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(endpoint.trim());
  return (m ? m[1] : endpoint).toLowerCase();
}

const DEFAULT_SECRET_HINT =
  'set FAUNA_SECRET (or FAUNA_SECRET_KEY) in the environment or in .env; in VS Code run "Fly + Fauna: Set Fauna Secret"';

/** Turns classified facts into the one message a person reads. */
export function explainFailure(facts: FailureFacts): QueryError {
  const f = { ...facts, endpoint: displayEndpoint(facts.endpoint) };
  const summary = f.summary ?? '';
  const base = {
    summary,
    position: summaryPosition(summary),
    ...(f.httpStatus !== undefined ? { httpStatus: f.httpStatus } : {}),
    ...(f.stats ? { stats: f.stats } : {}),
  };
  const server = f.serverMessage ? `: ${f.serverMessage}` : '';
  switch (f.kind) {
    case 'no_secret':
      return {
        ...base,
        code: 'no_secret',
        message: `No Fauna secret for ${f.endpoint}: ${f.secretHint ?? DEFAULT_SECRET_HINT}.`,
      };
    case 'cancelled':
      return { ...base, code: 'cancelled', message: 'Query cancelled.' };
    case 'too_large':
      return {
        ...base,
        code: 'too_large',
        message: `The response from ${f.endpoint} is larger than ${mb(f.limitBytes ?? 0)} and was not read in full. Ask for less, e.g. with .take(n), .pageSize(n) or a projection { field }.`,
      };
    case 'protocol': {
      const what = f.detail === 'empty' ? 'an empty response' : 'a response that is not Fauna JSON';
      return {
        ...base,
        code: 'protocol',
        message: `${f.endpoint} sent ${what}${f.httpStatus !== undefined ? ` (HTTP ${f.httpStatus})` : ''}. Is it a Fauna endpoint?`,
      };
    }
    case 'network':
      return { ...base, code: 'network', message: networkMessage(f) };
    case 'client':
      return { ...base, code: f.code ?? 'client', message: `Could not send the query${server}.` };
    case 'service':
      return { ...base, code: f.code ?? 'unknown', message: serviceMessage(f, server) };
  }
}

function networkMessage(f: FailureFacts): string {
  if (isHostedFauna(f.endpoint)) {
    return `Could not reach ${f.endpoint}: Fauna's hosted service ended on 2025-05-30. Point at a self-hosted Fauna instead, e.g. --endpoint http://localhost:8443 (or the flyFauna.fauna.endpoint setting, or FAUNA_ENDPOINT).`;
  }
  switch (f.detail) {
    case 'ECONNREFUSED':
      return `Could not connect to ${f.endpoint}: connection refused. Is Fauna running there?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not connect to ${f.endpoint}: the host name does not resolve.`;
    case 'timeout':
      return `No answer from ${f.endpoint} within ${f.timeoutMs ?? '?'} ms; the connection was given up.`;
    default:
      return `Could not reach ${f.endpoint}${f.detail ? ` (${f.detail})` : ''}.`;
  }
}

function serviceMessage(f: FailureFacts, server: string): string {
  switch (f.code) {
    case 'unauthorized':
      return `The secret was refused by ${f.endpoint} (401 unauthorized). Check that it is a valid key for this endpoint.`;
    case 'forbidden':
      return `Permission denied by ${f.endpoint} (403 forbidden)${server}. The secret's role may not run this query.`;
    case 'permission_denied':
      // A query's missing privilege (Fauna answers it with HTTP 400, not 403: docs/fauna.md).
      return `Permission denied${f.serverMessage ? `: ${f.serverMessage.replace(/\.$/, '')}` : ''}. The secret's role (or the role it runs as) lacks this privilege.`;
    case 'invalid_query':
      return `The query is invalid${server}.`;
    case 'abort':
      return `The query aborted${f.abort !== undefined ? ` with ${shortText(f.abort, 200)}` : server}.`;
    case 'limit_exceeded':
      return `Fauna throttled the query (429 limit_exceeded)${server}; the driver retried ${f.attempts ?? 0} time(s) and gave up. Try again later.`;
    case 'time_out':
      return `The query timed out on the server${server}. Raise the query timeout or make the query cheaper.`;
    case 'internal_error':
      return `Fauna had an internal error (HTTP ${f.httpStatus ?? 500})${server}.`;
    default:
      return `Query failed (${f.code ?? 'error'})${server}.`;
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

const AT_QUERY = /^at \*query\*:(\d+):(\d+)\s*$/;
const CARETS = /^\s*\|\s*?( *)(\^+)/;
const HEAD = /^([a-z_]+):\s?(.*)$/;
const LOG_LINE = /^([a-z_]+) at \*query\*:(\d+): ?(.*)$/;

function severityOf(word: string): SummaryNote['severity'] {
  return word === 'error' ? 'error' : word === 'warning' ? 'warning' : 'info';
}

/**
 * The notes of a summary that point into the query (`at *query*:LINE:COL`), 0-based.
 * Notes in a UDF (`*udf:name*`) are left out: they are not in the query text.
 */
export function summaryNotes(summary: string): SummaryNote[] {
  const lines = summary.split('\n');
  const notes: SummaryNote[] = [];
  let severity: SummaryNote['severity'] = 'error';
  let message = '';
  for (let i = 0; i < lines.length; i++) {
    const log = LOG_LINE.exec(lines[i]);
    if (log) {
      const line = Math.max(0, Number(log[2]) - 1);
      notes.push({
        severity: severityOf(log[1]),
        message: log[3],
        position: { line, character: 0, length: 1 },
        wholeLine: true,
      });
      continue;
    }
    const head = HEAD.exec(lines[i]);
    if (head) {
      severity = severityOf(head[1]);
      message = head[2];
      continue;
    }
    const at = AT_QUERY.exec(lines[i]);
    if (!at) continue;
    const line = Math.max(0, Number(at[1]) - 1);
    const character = Math.max(0, Number(at[2]) - 1);
    let length = 1;
    // The caret line follows within the next few lines: `  |   ^^^^`.
    for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
      if (AT_QUERY.test(lines[j]) || HEAD.test(lines[j])) break;
      const c = CARETS.exec(lines[j]);
      if (c) {
        length = c[2].length;
        break;
      }
    }
    notes.push({ severity, message, position: { line, character, length } });
  }
  return notes;
}

/** The first place a summary points at in the query, or null. */
export function summaryPosition(summary: string): SummaryPosition | null {
  const n = summaryNotes(summary);
  return n.length > 0 ? n[0].position : null;
}

/** Replaces every occurrence of a secret in a text (defence in depth for messages). */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 3) return text;
  let out = text.split(secret).join('«secret»');
  // A scoped secret (KEY:DB/PATH:ROLE, Run as) also hides its bare key: Fauna keys never
  // hold a ':' (core ext/model/src/main/scala/auth/AuthScope.scala:36-38).
  const key = secret.split(':')[0] ?? '';
  if (key !== secret && key.length >= 3) out = out.split(key).join('«secret»');
  return out;
}
