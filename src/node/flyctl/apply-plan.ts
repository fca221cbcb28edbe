/**
 * Applies a scale plan: runs its flyctl commands one by one (stopping at the first
 * failure), then polls `machines list` (eventually consistent) until every step's
 * target shows or a deadline passes. The CLI's `scale --yes` and the extension's
 * *Match Region Group footprint* both run through here; each shows progress its way.
 */
import { machinesListArgs } from '../../core/flyctl/argv';
import { deployedByGroup, parseMachinesList, type DeployedByGroup } from '../../core/flyctl/shapes';
import { unmetSteps, type ScaleStep } from '../../core/scale-plan';
import { FlyctlError, type FlyctlClient } from './index';

export type Deployed = Record<string, Record<string, number>>;

/** How applying a plan ended. */
export type ApplyOutcome =
  /** Every step ran and machines list shows the targets. */
  | { status: 'done'; deployed: Deployed; byGroup: DeployedByGroup }
  /** Step `index` failed (or flyctl could not run it); later steps were not run. */
  | { status: 'failed'; index: number; step: ScaleStep; error: FlyctlError }
  /** Cancelled while step `index` ran (or, with index = steps.length, while polling). */
  | { status: 'cancelled'; index: number }
  /** Every step ran, but machines list did not show the targets before the deadline. */
  | {
      status: 'unconfirmed';
      deployed: Deployed | null;
      byGroup: DeployedByGroup | null;
      unmet: ScaleStep[];
      lastError: FlyctlError | null;
    };

export interface ApplyOptions {
  signal?: AbortSignal;
  /** Before step `index` runs. */
  onStep?: (index: number, step: ScaleStep) => void;
  /** Each output line of the running step (ANSI-stripped). */
  onLine?: (line: string, step: ScaleStep, stream: 'stdout' | 'stderr') => void;
  /** When polling starts. */
  onPoll?: () => void;
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
  /** Timeout of each machines list read (the client's default otherwise). */
  readTimeoutMs?: number;
}

/** Deployed machines per process group and region, and what was left out, from `machines list --json`. */
export async function readDeployedByGroup(
  client: FlyctlClient,
  app: string,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<DeployedByGroup> {
  const args = machinesListArgs(app);
  const parsed = parseMachinesList(await client.json(args, opts));
  if (!parsed.ok)
    throw FlyctlError.from({
      argv: args,
      flyctlPath: client.path,
      exitCode: 0,
      badOutput: { detail: parsed.error },
    });
  return deployedByGroup(parsed.value);
}

/** Deployed machines per process group and region, from `machines list --json`. */
export async function readDeployed(
  client: FlyctlClient,
  app: string,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Deployed> {
  return (await readDeployedByGroup(client, app, opts)).groups;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs the steps, then polls until they show. Never throws a FlyctlError: it returns the outcome. */
export async function applyScalePlan(
  client: FlyctlClient,
  app: string,
  steps: readonly ScaleStep[],
  opts: ApplyOptions = {},
): Promise<ApplyOutcome> {
  const { signal } = opts;
  for (const [index, step] of steps.entries()) {
    opts.onStep?.(index, step);
    try {
      const r = await client.run(step.args, {
        ...(signal ? { signal } : {}),
        ...(opts.onLine
          ? {
              onLine: (line: string, stream: 'stdout' | 'stderr') =>
                opts.onLine?.(line, step, stream),
            }
          : {}),
      });
      if (r.exitCode !== 0)
        return { status: 'failed', index, step, error: client.errorFor(step.args, r) };
    } catch (err) {
      if (!(err instanceof FlyctlError)) throw err;
      if (err.kind === 'cancelled') return { status: 'cancelled', index };
      return { status: 'failed', index, step, error: err };
    }
  }

  opts.onPoll?.();
  const interval = opts.pollIntervalMs ?? 1000;
  const deadline = Date.now() + (opts.pollTimeoutMs ?? 60_000);
  let read: DeployedByGroup | null = null;
  let lastError: FlyctlError | null;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await pause(interval, signal);
    if (signal?.aborted) return { status: 'cancelled', index: steps.length };
    try {
      read = await readDeployedByGroup(client, app, {
        ...(signal ? { signal } : {}),
        ...(opts.readTimeoutMs !== undefined ? { timeoutMs: opts.readTimeoutMs } : {}),
      });
      lastError = null;
    } catch (err) {
      if (!(err instanceof FlyctlError)) throw err;
      if (err.kind === 'cancelled') return { status: 'cancelled', index: steps.length };
      lastError = err;
    }
    const deployed = read?.groups ?? null;
    if (lastError === null && read && deployed && unmetSteps(steps, deployed).length === 0)
      return { status: 'done', deployed, byGroup: read };
    if (Date.now() + interval > deadline) {
      return {
        status: 'unconfirmed',
        deployed,
        byGroup: read,
        unmet: deployed ? unmetSteps(steps, deployed) : [...steps],
        lastError,
      };
    }
  }
}
