/**
 * Export of a shown result, without running the query again: JSON (the CLI's plain
 * JSON of the value) and CSV (RFC 4180, one row per table row).
 */
import type { FqlValue } from './value';
import { toPlain } from './value';
import { cell, tableOf } from './result';

/** The value as pretty-printed plain JSON. */
export function exportJson(v: FqlValue): string {
  return `${JSON.stringify(toPlain(v), null, 2)}\n`;
}

/**
 * The value as CSV. A set page or an array of documents/objects gives one column per
 * field; anything else gives a single `value` column (one row per array item). Nested
 * values are written as JSON. Text cells that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab/CR) get a leading `'` (OWASP's CSV-injection advice).
 */
export function exportCsv(v: FqlValue): string {
  const table = tableOf(v);
  const lines: string[] = [];
  if (table) {
    lines.push(table.columns.map(csvField).join(','));
    for (const row of table.rows) {
      lines.push(table.columns.map((c) => csvCell(cell(row, c))).join(','));
    }
  } else {
    lines.push('value');
    const items = Array.isArray(v)
      ? v
      : v !== null && typeof v === 'object' && v.t === 'page'
        ? v.data
        : [v];
    for (const x of items) lines.push(csvCell(x));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(v: FqlValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const plain = toPlain(v);
  return csvField(typeof plain === 'string' ? plain : JSON.stringify(plain));
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
