/**
 * Pure classification of a failed flyctl run into a kind, a one-line message and the
 * next step for the developer. The facts (messages, exit codes) come from flyctl's
 * source as summarised in research/fly.md §3.0, §3.1, §3.8 and §2.4.
 */
import { stripAnsi } from './ansi';

/** Why a flyctl call failed. */
export type FlyctlErrorKind =
  | 'not-installed'
  | 'not-logged-in'
  | 'app-not-found'
  | 'no-releases'
  | 'insufficient-capacity'
  | 'cancelled'
  | 'timeout'
  | 'not-executable'
  | 'bad-output'
  | 'failed';

/** What is known about one failed run; every field but `argv` is optional. */
export interface FlyctlFailure {
  /** The arguments after the binary. */
  argv: readonly string[];
  /** The binary that was run (shown in not-installed / not-executable messages). */
  flyctlPath?: string;
  /** The exit code, or null when the process did not exit by itself (or never ran). */
  exitCode?: number | null;
  stderr?: string;
  stdout?: string;
  /** `code` of a spawn error (`ENOENT`, `EACCES`, ...). */
  spawnErrorCode?: string;
  /** We aborted it (cancel). */
  aborted?: boolean;
  /** We killed it after `timeoutMs`. */
  timedOut?: boolean;
  timeoutMs?: number;
  /** The output could not be parsed; `detail` says why. */
  badOutput?: { detail: string };
}

/** A classified failure: what to show and what to do next. */
export interface ClassifiedFailure {
  kind: FlyctlErrorKind;
  /** One line, ANSI-free; flyctl's own `Error: ` text when it printed one. */
  message: string;
  /** One sentence telling the developer what to do. */
  nextStep: string;
}

const SETTING_HINT = 'set flyFauna.flyctlPath (VS Code) or pass --flyctl PATH (CLI)';

/**
 * flyctl's own error text: the first stderr line starting with `Error: `, without the
 * prefix (flyctl prints `Error: <message>[ (Request ID: …)]`). Null when there is none.
 */
export function flyctlErrorLine(stderr: string): string | null {
  for (const raw of stripAnsi(stderr).split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (line.startsWith('Error: ')) return line.slice('Error: '.length).trim() || null;
  }
  return null;
}

/** The last non-empty line of `text`, ANSI-free, or null. */
function lastLine(text: string): string | null {
  const lines = stripAnsi(text)
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length ? lines[lines.length - 1] : null;
}

/** `flyctl machines list`, `flyctl deploy`: the command words before the first flag (at most two). */
function commandName(f: FlyctlFailure): string {
  const first = f.argv.findIndex((a) => a.startsWith('-'));
  const words = (first < 0 ? f.argv : f.argv.slice(0, first)).slice(0, 2);
  return `flyctl ${words.join(' ')}`.trim();
}

/**
 * Classifies a failed flyctl run. Order matters: what we did to the process (abort,
 * timeout) and spawn errors come first, then flyctl's own messages, then its exit code.
 */
export function classifyFlyctlFailure(f: FlyctlFailure): ClassifiedFailure {
  const bin = f.flyctlPath ?? 'flyctl';
  const stderr = f.stderr ?? '';
  const text = stripAnsi(`${stderr}\n${f.stdout ?? ''}`);
  const errorLine = flyctlErrorLine(stderr) ?? flyctlErrorLine(f.stdout ?? '');

  if (f.spawnErrorCode === 'ENOENT') {
    return {
      kind: 'not-installed',
      message: `flyctl was not found at '${bin}'`,
      nextStep: `Install flyctl (https://fly.io/docs/flyctl/install/), or ${SETTING_HINT} to where it is.`,
    };
  }
  if (
    f.spawnErrorCode === 'EACCES' ||
    f.spawnErrorCode === 'ENOEXEC' ||
    f.spawnErrorCode === 'EISDIR'
  ) {
    return {
      kind: 'not-executable',
      message: `'${bin}' cannot be executed (${f.spawnErrorCode})`,
      nextStep: `Point flyctl at the real binary (${SETTING_HINT}), or make the file executable (chmod +x).`,
    };
  }
  if (f.aborted) {
    return {
      kind: 'cancelled',
      message: `${commandName(f)} was cancelled`,
      nextStep: 'Run it again when you are ready.',
    };
  }
  if (f.timedOut) {
    const secs =
      f.timeoutMs !== undefined ? ` within ${Math.round(f.timeoutMs / 100) / 10} s` : ' in time';
    return {
      kind: 'timeout',
      message: `${commandName(f)} did not finish${secs} and was stopped`,
      nextStep: 'Check your network and https://status.flyio.net, then try again.',
    };
  }
  if (f.badOutput) {
    return {
      kind: 'bad-output',
      message: `${commandName(f)} printed output that is not what was expected: ${f.badOutput.detail}`,
      nextStep:
        'Update flyctl (`fly version upgrade`); if it persists, run the command by hand to see what it prints.',
    };
  }

  if (
    /no access token available/i.test(text) ||
    /not logged in|you must be (?:logged in|authenticated)/i.test(text)
  ) {
    return {
      kind: 'not-logged-in',
      message: errorLine ?? 'flyctl is not logged in',
      nextStep:
        'Run `fly auth login` (a login older than 30 days expires when flyctl runs without a terminal), or set FLY_API_TOKEN.',
    };
  }
  if (/no complete releases/i.test(text)) {
    return {
      kind: 'no-releases',
      message: errorLine ?? 'this app has no complete releases',
      nextStep:
        'Deploy first (`fly-fauna deploy` or `fly deploy`) to create a release, then run this again.',
    };
  }
  if (
    /could not (?:find|resolve) app\b/i.test(text) ||
    /\bapp not found\b/i.test(text) ||
    /missing an app name/i.test(text)
  ) {
    return {
      kind: 'app-not-found',
      message: errorLine ?? 'the app was not found',
      nextStep:
        'Check `app` in fly.toml or pass --app NAME; `fly apps list` shows the apps you can reach.',
    };
  }
  if (
    /insufficient_capacity|try choosing a different region|insufficient (?:resources|cpus|memory) available|aborted: no capacity/i.test(
      text,
    )
  ) {
    return {
      kind: 'insufficient-capacity',
      message: errorLine ?? 'Fly has no capacity for new machines in that region',
      nextStep:
        'That region is out of capacity right now: try again later, or use another region of the footprint (sjc, gru and bom are often busy).',
    };
  }

  const code = f.exitCode ?? null;
  // With shell: false the OS reports a missing or non-executable binary as a spawn
  // error, but a wrapper script (a shim, `env flyctl`) exits 127/126 itself and says so
  // on stderr without flyctl's `Error: ` prefix. flyctl uses the same codes for
  // "interrupted" (127) and "deadline exceeded" (126), so look at the text.
  if (code === 127 || code === 126) {
    const shellSaid =
      errorLine === null && /not found|no such file|permission denied|cannot execute/i.test(text);
    if (shellSaid && code === 127) {
      return {
        kind: 'not-installed',
        message: lastLine(stderr) ?? `'${bin}' exited with 127: command not found`,
        nextStep: `Install flyctl (https://fly.io/docs/flyctl/install/), or ${SETTING_HINT} to where it is.`,
      };
    }
    if (shellSaid) {
      return {
        kind: 'not-executable',
        message: lastLine(stderr) ?? `'${bin}' exited with 126: cannot execute`,
        nextStep: `Point flyctl at the real binary (${SETTING_HINT}), or make the file executable (chmod +x).`,
      };
    }
    if (code === 127) {
      return {
        kind: 'cancelled',
        message: errorLine ?? `${commandName(f)} was interrupted`,
        nextStep: 'Run it again when you are ready.',
      };
    }
    return {
      kind: 'timeout',
      message: errorLine ?? `${commandName(f)} ran out of time`,
      nextStep: 'Check your network and https://status.flyio.net, then try again.',
    };
  }

  const message =
    errorLine ??
    (code === 3 ? `${commandName(f)} crashed (exit code 3)` : null) ??
    lastLine(stderr) ??
    `${commandName(f)} failed with exit code ${code ?? 'unknown'}`;
  return {
    kind: 'failed',
    message,
    nextStep:
      code === 3
        ? 'flyctl crashed: update it (`fly version upgrade`) and run the command by hand with --debug to see more.'
        : "Read flyctl's output above; run the same command by hand with --debug for more detail.",
  };
}
