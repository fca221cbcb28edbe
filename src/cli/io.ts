/** What a CLI command may touch: passed in so tests run commands in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** The process environment (tests pass their own). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl+C: commands stop their child processes and queries at once. */
  signal?: AbortSignal;
}

/** Bad usage or unreadable input: exit code 2, one clear line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command: parsed argv after the command name, returns the exit code. */
export type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** ANSI styles that collapse to plain text when colour is off. */
export function styles(color: boolean) {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}
