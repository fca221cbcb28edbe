/**
 * The flyctl client: finds the binary, runs read-only `--json` calls with a timeout and
 * mutations with live output, and turns every failure into a typed FlyctlError with
 * the next step. Environment and argv rules: research/fly.md §3.0 and §6.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripAnsi } from '../../core/flyctl/ansi';
import { versionArgs } from '../../core/flyctl/argv';
import {
  classifyFlyctlFailure,
  type FlyctlErrorKind,
  type FlyctlFailure,
} from '../../core/flyctl/errors';
import { runProcess, SpawnError, type ProcessResult } from '../process';

export type { FlyctlErrorKind } from '../../core/flyctl/errors';

/** Default timeout of a read-only call. */
export const DEFAULT_JSON_TIMEOUT_MS = 20_000;

/** A failed flyctl call, classified. `message` is one ANSI-free line. */
export class FlyctlError extends Error {
  override name = 'FlyctlError';
  readonly kind: FlyctlErrorKind;
  /** The arguments after the binary. */
  readonly argv: string[];
  readonly exitCode: number | null;
  /** The end of stderr, ANSI-free. */
  readonly stderrTail: string;
  /** What the developer should do next. */
  readonly nextStep: string;

  constructor(
    init: {
      kind: FlyctlErrorKind;
      message: string;
      nextStep: string;
      argv: readonly string[];
      exitCode: number | null;
      stderrTail: string;
    },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.kind = init.kind;
    this.argv = [...init.argv];
    this.exitCode = init.exitCode;
    this.stderrTail = init.stderrTail;
    this.nextStep = init.nextStep;
  }

  /** Builds the error for a failure description (see classifyFlyctlFailure). */
  static from(failure: FlyctlFailure, options?: { cause?: unknown }): FlyctlError {
    const c = classifyFlyctlFailure(failure);
    return new FlyctlError(
      {
        ...c,
        argv: failure.argv,
        exitCode: failure.exitCode ?? null,
        stderrTail: stripAnsi(failure.stderr ?? '').slice(-2000),
      },
      options,
    );
  }
}

/**
 * Names of variables that may hold a Fauna secret (FAUNA_SECRET, the starter kit's
 * FAUNA_SECRET_KEY, FAUNA_KEY, FAUNA_ROOT_KEY, ...). flyctl never needs them, so they are
 * kept out of its environment: a secret goes to flyctl on stdin or not at all.
 */
export function isFaunaSecretVariable(name: string): boolean {
  return /^FAUNA_(?:.*_)?(?:SECRET|KEY)(?:_.*)?$/i.test(name);
}

/**
 * The environment flyctl runs with: the caller's without Fauna secrets, plus no colour
 * and no update check.
 */
export function flyctlEnv(base: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && !isFaunaSecretVariable(k)) env[k] = v;
  }
  env.NO_COLOR = '1';
  env.FLY_NO_UPDATE_CHECK = '1';
  return env;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  cwd?: string;
}

export interface RunOptions extends CallOptions {
  /** Text for flyctl's stdin (secrets); stdin is closed right after. */
  stdin?: string;
  /** Each output line, ANSI-stripped, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunResult {
  exitCode: number;
  /** ANSI-stripped. */
  stdout: string;
  /** ANSI-stripped. */
  stderr: string;
}

export class FlyctlClient {
  readonly path: string;
  private readonly env: Record<string, string>;
  private versionPromise: Promise<{ version: string } | null> | undefined;

  constructor(opts: { path: string; env?: Record<string, string | undefined> }) {
    this.path = opts.path;
    this.env = flyctlEnv(opts.env ?? process.env);
  }

  /**
   * A read-only call; the caller passes `--json`. Times out after 20 s unless told
   * otherwise. Resolves with the parsed JSON; throws FlyctlError (kind `bad-output`
   * when stdout is not JSON).
   */
  async json(args: string[], opts: CallOptions = {}): Promise<unknown> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_JSON_TIMEOUT_MS;
    const r = await this.spawn(args, { ...opts, timeoutMs });
    const stdout = stripAnsi(r.stdout);
    if (r.exitCode !== 0) throw this.failure(args, r, timeoutMs);
    const text = stdout.trim();
    if (r.truncated) {
      throw FlyctlError.from({
        argv: args,
        flyctlPath: this.path,
        exitCode: 0,
        stderr: r.stderr,
        badOutput: { detail: 'the output was too large' },
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      const first = text.split(/\r?\n/)[0]?.slice(0, 120) ?? '';
      throw FlyctlError.from(
        {
          argv: args,
          flyctlPath: this.path,
          exitCode: 0,
          stderr: r.stderr,
          badOutput: { detail: text === '' ? 'it printed nothing' : `it printed '${first}'` },
        },
        { cause: err },
      );
    }
  }

  /**
   * A mutation with live output: no timeout unless given; optional stdin text. Resolves
   * with flyctl's exit code whatever it is (use `errorFor` to classify a non-zero one);
   * throws FlyctlError only when flyctl could not run, was cancelled or timed out.
   */
  async run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    const r = await this.spawn(args, opts);
    if (r.exitCode === null || r.aborted || r.timedOut) throw this.failure(args, r, opts.timeoutMs);
    return { exitCode: r.exitCode, stdout: stripAnsi(r.stdout), stderr: stripAnsi(r.stderr) };
  }

  /** The classified error for a finished `run` that exited non-zero. */
  errorFor(args: readonly string[], result: RunResult): FlyctlError {
    return FlyctlError.from({
      argv: args,
      flyctlPath: this.path,
      exitCode: result.exitCode,
      stderr: result.stderr,
      stdout: result.stdout,
    });
  }

  /** `version --json`, asked once and cached; null when flyctl cannot say. */
  version(): Promise<{ version: string } | null> {
    this.versionPromise ??= this.json(versionArgs(), { timeoutMs: 10_000 }).then(
      (v) => {
        const rec = v as Record<string, unknown> | null;
        const version = rec && typeof rec === 'object' ? (rec.Version ?? rec.version) : undefined;
        return typeof version === 'string' ? { version } : null;
      },
      () => null,
    );
    return this.versionPromise;
  }

  private async spawn(args: readonly string[], opts: RunOptions): Promise<ProcessResult> {
    const onLine = opts.onLine;
    try {
      return await runProcess(this.path, args, {
        env: this.env,
        ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(onLine
          ? {
              onLine: (line: string, stream: 'stdout' | 'stderr') =>
                onLine(stripAnsi(line), stream),
            }
          : {}),
      });
    } catch (err) {
      if (err instanceof SpawnError) {
        throw FlyctlError.from(
          {
            argv: args,
            flyctlPath: this.path,
            exitCode: null,
            ...(err.code ? { spawnErrorCode: err.code } : {}),
          },
          { cause: err },
        );
      }
      throw err;
    }
  }

  private failure(
    args: readonly string[],
    r: ProcessResult,
    timeoutMs: number | undefined,
  ): FlyctlError {
    return FlyctlError.from({
      argv: args,
      flyctlPath: this.path,
      exitCode: r.exitCode,
      stderr: r.stderr,
      stdout: r.stdout,
      aborted: r.aborted,
      timedOut: r.timedOut,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  }
}

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    await fs.access(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidateNames(name: string, env: Record<string, string | undefined>): string[] {
  if (process.platform !== 'win32' || path.extname(name) !== '') return [name];
  const exts = (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
  return exts.map((e) => name + e.toLowerCase());
}

async function onPath(
  name: string,
  env: Record<string, string | undefined>,
): Promise<string | null> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    for (const n of candidateNames(name, env)) {
      const full = path.join(dir, n);
      if (await isExecutableFile(full)) return full;
    }
  }
  return null;
}

/**
 * Finds flyctl: `explicit` (the `flyFauna.flyctlPath` setting or `--flyctl`) when given,
 * else `flyctl` then `fly` on PATH, then `$FLYCTL_INSTALL/bin/flyctl`, then
 * `~/.fly/bin/flyctl` (where the install script puts it without touching PATH).
 * An explicit path is returned even when it does not exist, so that the first call
 * fails with a message naming it instead of silently running another flyctl; an
 * explicit bare name (`fly`) is looked up on PATH.
 */
export async function locateFlyctl(opts: {
  explicit?: string;
  env: Record<string, string | undefined>;
  home?: string;
}): Promise<string | null> {
  const explicit = opts.explicit?.trim();
  if (explicit) {
    if (!explicit.includes('/') && !explicit.includes('\\'))
      return (await onPath(explicit, opts.env)) ?? explicit;
    return path.resolve(
      explicit.startsWith('~/')
        ? path.join(opts.home ?? os.homedir(), explicit.slice(2))
        : explicit,
    );
  }
  for (const name of ['flyctl', 'fly']) {
    const found = await onPath(name, opts.env);
    if (found) return found;
  }
  const install = opts.env.FLYCTL_INSTALL;
  const home = opts.home ?? opts.env.HOME ?? opts.env.USERPROFILE ?? os.homedir();
  const candidates = [
    ...(install ? candidateNames(path.join(install, 'bin', 'flyctl'), opts.env) : []),
    ...candidateNames(path.join(home, '.fly', 'bin', 'flyctl'), opts.env),
  ];
  for (const c of candidates) if (await isExecutableFile(c)) return c;
  return null;
}
