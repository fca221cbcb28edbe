/**
 * What a finished query looks like to every host: the decoded value plus Fauna's
 * `static_type`, `summary`, `stats` and `txn_ts`, and a table view when the value is a
 * set page or an array of documents or objects.
 */
import type { FqlValue, PlainJson } from './value';
import { decodeTagged, toPlain } from './value';

/** Fauna's `stats` block (every field optional: servers and versions differ). */
export interface QueryStats {
  compute_ops?: number;
  read_ops?: number;
  write_ops?: number;
  query_time_ms?: number;
  contention_retries?: number;
  storage_bytes_read?: number;
  storage_bytes_write?: number;
  rate_limits_hit?: string[];
  /** Added by the driver: tries made, counting throttling retries. */
  attempts?: number;
}

/** A successful query, as the hosts show it. */
export interface QueryResult {
  data: FqlValue;
  staticType: string | null;
  summary: string;
  /** Transaction time in microseconds since the epoch. */
  txnTs: number | null;
  stats: QueryStats;
  /** The set's next-page cursor when `data` is a page with more to load. */
  after: string | null;
}

const STAT_KEYS = [
  'compute_ops',
  'read_ops',
  'write_ops',
  'query_time_ms',
  'contention_retries',
  'storage_bytes_read',
  'storage_bytes_write',
  'attempts',
] as const;

/** Keeps only well-typed fields of a `stats` block from the wire. */
export function readStats(raw: unknown): QueryStats {
  const out: QueryStats = {};
  if (!raw || typeof raw !== 'object') return out;
  const o = raw as Record<string, unknown>;
  for (const k of STAT_KEYS) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  if (Array.isArray(o.rate_limits_hit)) {
    out.rate_limits_hit = o.rate_limits_hit.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * Builds a {@link QueryResult} from a success body (`{data, static_type, summary,
 * txn_ts, stats}`) whose `data` is still in the tagged format.
 */
export function readSuccess(body: Record<string, unknown>): QueryResult {
  const data = asPage(decodeTagged(body.data ?? null));
  return {
    data,
    staticType: typeof body.static_type === 'string' ? body.static_type : null,
    summary: typeof body.summary === 'string' ? body.summary : '',
    txnTs: typeof body.txn_ts === 'number' ? body.txn_ts : null,
    stats: readStats(body.stats),
    after:
      data !== null && typeof data === 'object' && !Array.isArray(data) && data.t === 'page'
        ? data.after
        : null,
  };
}

/** The CLI's `--format json` document for a success (PRODUCT.md contract). */
export function resultJson(r: QueryResult): {
  data: PlainJson;
  staticType: string | null;
  summary: string;
  txnTs: number | null;
  stats: QueryStats;
} {
  return {
    data: toPlain(r.data),
    staticType: r.staticType,
    summary: r.summary,
    txnTs: r.txnTs,
    stats: r.stats,
  };
}

/**
 * Appends the next page (from `Set.paginate(after)`) to a shown page result. The result
 * keeps the first query's type and summary; stats and txn_ts become the latest.
 */
export function appendPage(shown: QueryResult, next: QueryResult): QueryResult {
  const a = shown.data;
  const b = next.data;
  if (!isPage(a) || !isPage(b)) return next;
  return {
    ...shown,
    data: { t: 'page', data: a.data.concat(b.data), after: b.after },
    stats: next.stats,
    txnTs: next.txnTs,
    after: b.after,
  };
}

/**
 * `.paginate(n)` and `Set.paginate(cursor)` answer with an object `{data, after}` rather
 * than a set; it is the same page, so it is shown (and paged) as one. Its plain JSON is
 * unchanged: `{data, after}`.
 */
export function asPage(v: FqlValue): FqlValue {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v.t !== 'object') return v;
  const f = v.fields;
  const keys = Object.keys(f);
  const after = f.after;
  if (
    !Array.isArray(f.data) ||
    keys.some((k) => k !== 'data' && k !== 'after') ||
    (after !== undefined && after !== null && typeof after !== 'string')
  ) {
    return v;
  }
  return { t: 'page', data: f.data, after: typeof after === 'string' ? after : null };
}

function isPage(v: FqlValue): v is Extract<FqlValue, { t: 'page' }> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && v.t === 'page';
}

/** A table of rows: one per document or object of a set page or an array. */
export interface Table {
  columns: string[];
  rows: FqlValue[];
}

/** At most this many columns; the rest are reachable in the tree. */
export const MAX_TABLE_COLUMNS = 64;

/**
 * The table for a value, or null when it is not a set page or an array whose items are
 * all documents or objects. Columns are the union of keys in first-seen order, with
 * `id`, `coll` and `ts` first for documents.
 */
export function tableOf(v: FqlValue): Table | null {
  let rows: FqlValue[];
  if (Array.isArray(v)) rows = v;
  else if (isPage(v)) rows = v.data;
  else return null;
  if (rows.length === 0) return null;
  const seen = new Set<string>();
  const columns: string[] = [];
  const add = (k: string) => {
    if (!seen.has(k) && columns.length < MAX_TABLE_COLUMNS) {
      seen.add(k);
      columns.push(k);
    }
  };
  for (const r of rows) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
    if (r.t === 'doc') {
      add(r.id !== null ? 'id' : 'name');
      add('coll');
      add('ts');
    } else if (r.t !== 'object') return null;
    for (const k in r.fields) add(k);
  }
  return { columns, rows };
}

/** The value of one cell, or undefined when the row has no such column. */
export function cell(row: FqlValue, column: string): FqlValue | undefined {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined;
  if (row.t === 'doc') {
    switch (column) {
      case 'id':
        return row.id ?? undefined;
      case 'name':
        if (row.name !== null) return row.name;
        break;
      case 'coll':
        return { t: 'mod', name: row.coll };
      case 'ts':
        return row.ts !== null ? { t: 'time', iso: row.ts } : undefined;
    }
    return Object.prototype.hasOwnProperty.call(row.fields, column)
      ? row.fields[column]
      : undefined;
  }
  if (row.t === 'object') {
    return Object.prototype.hasOwnProperty.call(row.fields, column)
      ? row.fields[column]
      : undefined;
  }
  return undefined;
}

/** The stats line: time, read/write/compute ops and txn_ts. */
export function statsLine(stats: QueryStats, txnTs: number | null): string {
  const parts: string[] = [];
  if (stats.query_time_ms !== undefined) parts.push(`${stats.query_time_ms} ms`);
  parts.push(
    `read ${stats.read_ops ?? 0}`,
    `write ${stats.write_ops ?? 0}`,
    `compute ${stats.compute_ops ?? 0}`,
  );
  if (stats.contention_retries) parts.push(`${stats.contention_retries} contention retries`);
  if (stats.attempts !== undefined && stats.attempts > 0)
    parts.push(`${stats.attempts} throttling retries`);
  if (stats.rate_limits_hit && stats.rate_limits_hit.length > 0)
    parts.push(`rate limits hit: ${stats.rate_limits_hit.join(', ')}`);
  if (txnTs !== null) parts.push(`txn_ts ${txnTs}`);
  return parts.join(' · ');
}
