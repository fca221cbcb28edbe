/**
 * Shared value types of the core layer. Positions are 0-based lines and UTF-16
 * characters, exactly as VS Code's `Position`, so every layer can use them unchanged.
 */

/** A 0-based position (line, UTF-16 character), as in VS Code. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open source range. */
export interface Range {
  start: Position;
  end: Position;
}

/** Severity of a finding; `info` maps to VS Code's Information. */
export type Severity = 'error' | 'warning' | 'info';

/** A text replacement; an empty `newText` deletes, an empty range inserts. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * A quick fix offered for a finding. `edits` change only what `title` says.
 * `action` names a follow-up a host may run after the edit (for example pushing a
 * secret to Fly); hosts that cannot run it ignore it.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Preferred fixes are applied by "Fix all" / auto-fix. */
  isPreferred?: boolean;
  action?: { kind: 'push-secret'; name: string; value: string };
}

/** One problem or note about a project, with a stable `code` (docs/PRODUCT.md). */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Where in fly.toml, or null when the finding has no place in the file. */
  range: Range | null;
  fixes?: Fix[];
}
