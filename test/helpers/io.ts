import type { CliIo } from '../../src/cli/io';

/** A CliIo that records stdout and stderr, for in-process CLI tests. */
export function memoryIo(
  opts: { env?: Record<string, string | undefined>; cwd?: string; signal?: AbortSignal } = {},
): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.signal ? { signal: opts.signal } : {}),
    out: () => out,
    err: () => err,
  };
}
