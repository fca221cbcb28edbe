/**
 * Offsets (UTF-16 code units, as JavaScript strings and the parser's `range`) to
 * 0-based VS Code positions. Built once per document; lookups are a binary search.
 */
import type { Position, Range } from '../types';

/** Line starts of a text: VS Code breaks lines at `\r\n`, `\n` and a lone `\r`. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const n = text.length;
    // indexOf is much faster than a charCodeAt loop on large files; a lone \r is rare,
    // so it is handled only when the text contains one.
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  /** Number of lines (a text without a line break has one). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of an offset, clamped into the text. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  /** The offset of a position, clamped into its line (a character past the end is the end). */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    // The end of a line is before its line break.
    let end = next;
    if (pos.line + 1 < this.starts.length) {
      end = next - 1;
      if (end > start && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return start + Math.max(0, Math.min(pos.character, end - start));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the start of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.starts[this.positionAt(offset).line];
  }

  /** Offset just after the line break ending the line holding `offset` (or the text end). */
  nextLineStartOf(offset: number): number {
    const line = this.positionAt(offset).line;
    return line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
  }
}
