/**
 * "Fix all" for fly.toml: the preferred fixes of every finding as one list of edits.
 * Pure.
 */
import type { Finding, Position, TextEdit } from './types';

const before = (a: Position, b: Position): boolean =>
  a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * The edits of every finding's preferred fix, in file order. Left out: fixes that are
 * not preferred (guesses among several candidates), fixes with a follow-up `action`
 * (moving a secret asks first), and any edit that overlaps an earlier one (the first
 * in file order wins), so the result always applies cleanly.
 */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const edits = findings
    .flatMap((f) => f.fixes ?? [])
    .filter((fix) => fix.isPreferred === true && fix.action === undefined)
    .flatMap((fix) => fix.edits)
    .sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
  const out: TextEdit[] = [];
  for (const e of edits) {
    const last = out[out.length - 1];
    if (last === undefined || !before(e.range.start, last.range.end)) out.push(e);
  }
  return out;
}
