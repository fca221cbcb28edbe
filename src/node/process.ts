/**
 * The one way this project starts a process: argv only (`shell: false`), stdin a pipe
 * (never a terminal), cancellation through an AbortSignal and an optional timeout,
 * both of which kill the child and everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

export interface RunProcessOptions {
  cwd?: string;
  /** The complete environment of the child (callers add to process.env themselves). */
  env?: Record<string, string | undefined>;
  /** Aborting kills the child (and its process group) at once. */
  signal?: AbortSignal;
  /** Text written to stdin, which is then closed. Without it stdin is closed at once. */
  stdin?: string;
  /** Kill the child after this many milliseconds. */
  timeoutMs?: number;
  /** Each complete output line (without its line break), as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Most characters kept of stdout and of stderr (default 32 Mi); the rest is dropped. */
  maxOutputChars?: number;
  /** Characters kept in `stderrTail` (default 4096). */
  tailChars?: number;
  /** How long a child may take to exit after SIGTERM before it gets SIGKILL (default 2000 ms). */
  killGraceMs?: number;
}

export interface ProcessResult {
  /** The exit code, or null when a signal ended the process. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last `tailChars` characters of stderr, for error messages. */
  stderrTail: string;
  /** Output beyond `maxOutputChars` was dropped. */
  truncated: boolean;
  /** We killed it because `signal` was aborted. */
  aborted: boolean;
  /** We killed it because `timeoutMs` passed. */
  timedOut: boolean;
  pid: number | undefined;
}

/** The process could not be started at all (missing binary, not executable, bad cwd). */
export class SpawnError extends Error {
  override name = 'SpawnError';
  constructor(
    message: string,
    /** Node's error code: `ENOENT`, `EACCES`, ... */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const isWindows = process.platform === 'win32';

// Children still running, so that they die with us even if we exit abruptly (a second
// Ctrl+C calls process.exit): they run in their own process group and would otherwise
// outlive us.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of live) killTree(c, 'SIGKILL');
    });
  }
}

function killTree(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // A negative pid signals the whole process group the child leads (detached: true).
    if (!isWindows) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Splits a stream into lines on `\n`, `\r\n` and lone `\r` (progress output), holding
 * a trailing `\r` back until it is known whether `\n` follows.
 */
class LineSplitter {
  private pending = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    let text = this.pending + chunk;
    this.pending = '';
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        this.emit(text.slice(start, i));
        start = i + 1;
      } else if (c === 13 /* \r */) {
        if (i + 1 === text.length) break; // decide when the next chunk comes
        this.emit(text.slice(start, i));
        if (text.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
    }
    text = text.slice(start);
    this.pending = text;
  }
  end(): void {
    const rest = this.pending.replace(/\r$/, '');
    this.pending = '';
    if (rest !== '') this.emit(rest);
  }
}

/**
 * Runs `cmd` with `argv` and resolves when it has exited and its output is read, with
 * whatever exit code it had. Rejects only with a SpawnError when it could not start.
 * On abort or timeout the child's process group gets SIGTERM, then SIGKILL after
 * `killGraceMs`; the promise still waits for the exit, so no child outlives it.
 */
export function runProcess(
  cmd: string,
  argv: readonly string[],
  opts: RunProcessOptions = {},
): Promise<ProcessResult> {
  const maxChars = opts.maxOutputChars ?? 32 * 1024 * 1024;
  const tailChars = opts.tailChars ?? 4096;
  const graceMs = opts.killGraceMs ?? 2000;

  return new Promise<ProcessResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: '',
        stderrTail: '',
        truncated: false,
        aborted: true,
        timedOut: false,
        pid: undefined,
      });
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(cmd, [...argv], {
        cwd: opts.cwd,
        env: opts.env,
        shell: false,
        stdio: ['pipe', 'pipe', 'pipe'],
        // Own process group, so abort kills what the child started too.
        detached: !isWindows,
        windowsHide: true,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      reject(
        new SpawnError(`cannot start '${cmd}': ${(err as Error).message}`, code, { cause: err }),
      );
      return;
    }

    let stdout = '';
    let stderr = '';
    let truncated = false;
    let aborted = false;
    let timedOut = false;
    let settled = false;
    let spawnFailed: NodeJS.ErrnoException | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;

    const append = (cur: string, chunk: string): string => {
      if (cur.length >= maxChars) {
        truncated = true;
        return cur;
      }
      if (cur.length + chunk.length > maxChars) {
        truncated = true;
        return cur + chunk.slice(0, maxChars - cur.length);
      }
      return cur + chunk;
    };

    // A throwing callback must not crash the host from inside a stream event; the
    // output is still collected and the process still awaited.
    const emitLine = (line: string, stream: 'stdout' | 'stderr') => {
      try {
        opts.onLine?.(line, stream);
      } catch {
        // Ignored on purpose (see above).
      }
    };
    const splitters = {
      stdout: new LineSplitter((l) => emitLine(l, 'stdout')),
      stderr: new LineSplitter((l) => emitLine(l, 'stderr')),
    };
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const onData = (stream: 'stdout' | 'stderr') => (buf: Buffer) => {
      const text = decoders[stream].write(buf);
      if (stream === 'stdout') stdout = append(stdout, text);
      else stderr = append(stderr, text);
      if (opts.onLine) splitters[stream].push(text);
    };
    child.stdout!.on('data', onData('stdout'));
    child.stderr!.on('data', onData('stderr'));

    const stop = () => {
      killTree(child, 'SIGTERM');
      killTimer ??= setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
    };
    const onAbort = () => {
      aborted = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs);
    }

    // A child that exits before reading its stdin makes the write fail with EPIPE;
    // that is the child's business, reported through its exit code.
    child.stdin!.on('error', () => undefined);
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    else child.stdin!.end();

    child.on('spawn', () => trackChild(child));
    child.on('error', (err: NodeJS.ErrnoException) => {
      // Only spawn failures reach here in practice (kill errors are caught above).
      if (child.pid === undefined) spawnFailed = err;
    });
    child.on('close', (code, sig) => {
      if (settled) return;
      settled = true;
      live.delete(child);
      clearTimeout(killTimer);
      clearTimeout(timeoutTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (spawnFailed) {
        reject(
          new SpawnError(`cannot start '${cmd}': ${spawnFailed.message}`, spawnFailed.code, {
            cause: spawnFailed,
          }),
        );
        return;
      }
      for (const s of ['stdout', 'stderr'] as const) {
        const rest = decoders[s].end();
        if (s === 'stdout') stdout = append(stdout, rest);
        else stderr = append(stderr, rest);
        if (opts.onLine) {
          splitters[s].push(rest);
          splitters[s].end();
        }
      }
      resolve({
        exitCode: code,
        signal: sig,
        stdout,
        stderr,
        stderrTail: stderr.slice(-tailChars),
        truncated,
        aborted,
        timedOut,
        pid: child.pid,
      });
    });
  });
}
