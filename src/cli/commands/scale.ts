/**
 * `fly-fauna scale --yes`: runs the plan's flyctl commands one by one with live output,
 * stops at the first failure (saying which command failed), then polls `machines list`
 * (eventually consistent) until the footprint shows or a deadline passes. Without
 * `--yes` it shows the plan and runs nothing.
 */
import { shellQuote } from '../../core/flyctl/argv';
import { stepArgv, unmetSteps } from '../../core/scale-plan';
import { FlyctlError } from '../../node/flyctl/index';
import { flag } from '../args';
import type { CliIo, Command } from '../io';
import { deployedMachines, formatCounts, reportFlyctlError } from './flyctl-common';
import { explainPlan, preparePlan, type PreparedPlan } from './plan';

/** Poll `machines list` this often, until this deadline (env overrides, for tests and slow apps). */
const DEFAULT_POLL_INTERVAL_MS = 1000;
const DEFAULT_POLL_TIMEOUT_MS = 60_000;

function envMs(io: CliIo, name: string, fallback: number): number {
  const v = io.env[name];
  const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function runSteps(io: CliIo, plan: PreparedPlan): Promise<number> {
  const { client, steps } = plan;
  for (const [i, step] of steps.entries()) {
    const shown = shellQuote(stepArgv(client.path, step));
    io.stderr.write(`[${i + 1}/${steps.length}] ${shown}\n`);
    const prefix = `  ${step.region} │ `;
    let result;
    try {
      result = await client.run(step.args, {
        ...(io.signal ? { signal: io.signal } : {}),
        onLine: (line) => io.stderr.write(`${prefix}${line}\n`),
      });
    } catch (err) {
      if (!(err instanceof FlyctlError)) throw err;
      if (err.kind === 'cancelled') {
        io.stderr.write(`fly-fauna scale: cancelled while running step ${i + 1} of ${steps.length}: ${shown}\n`);
        io.stderr.write(`  ${steps.length - i - 1} later step(s) not run; run 'fly-fauna plan' to see what is left.\n`);
        return 1;
      }
      return reportFlyctlError(io, 'scale', err, `step ${i + 1} of ${steps.length} failed (${shown})`);
    }
    if (result.exitCode !== 0) {
      const err = client.errorFor(step.args, result);
      reportFlyctlError(io, 'scale', err, `step ${i + 1} of ${steps.length} failed (${shown})`);
      if (i + 1 < steps.length) io.stderr.write(`  stopped: ${steps.length - i - 1} later step(s) not run.\n`);
      return 1;
    }
  }
  return 0;
}

/** Polls machines list until every step's target shows; prints the final state. */
async function confirm(io: CliIo, plan: PreparedPlan): Promise<number> {
  const interval = envMs(io, 'FLY_FAUNA_POLL_INTERVAL_MS', DEFAULT_POLL_INTERVAL_MS);
  const timeout = envMs(io, 'FLY_FAUNA_POLL_TIMEOUT_MS', DEFAULT_POLL_TIMEOUT_MS);
  const deadline = Date.now() + timeout;
  io.stderr.write(`Waiting for machines list to show the change (up to ${Math.round(timeout / 1000)} s)...\n`);
  let deployed: Record<string, Record<string, number>> | null = null;
  // The error of the last read, when the last read failed.
  let lastError: FlyctlError | null;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      await pause(interval, io.signal);
      if (io.signal?.aborted) {
        io.stderr.write('fly-fauna scale: cancelled while waiting for machines list; the scale commands themselves finished.\n');
        return 1;
      }
    }
    const read = await deployedMachines(plan.client, plan.app, io.signal).then(
      (d) => ({ ok: true as const, d }),
      (err: unknown) => {
        if (err instanceof FlyctlError) return { ok: false as const, err };
        throw err;
      },
    );
    if (read.ok) deployed = read.d;
    lastError = read.ok ? null : read.err;
    if (lastError?.kind === 'cancelled') {
      io.stderr.write('fly-fauna scale: cancelled while waiting for machines list; the scale commands themselves finished.\n');
      return 1;
    }
    if (read.ok && unmetSteps(plan.steps, read.d).length === 0) break;
    if (Date.now() + interval > deadline) break;
  }
  if (deployed) {
    io.stderr.write('Now deployed:\n');
    for (const g of plan.groups) io.stderr.write(`  ${g}: ${formatCounts(deployed[g] ?? {})}\n`);
  }
  const unmet = deployed ? unmetSteps(plan.steps, deployed) : plan.steps;
  if (unmet.length === 0) {
    io.stderr.write(`Done: ${plan.app} runs on its footprint (${plan.footprint.join(', ')}).\n`);
    return 0;
  }
  if (lastError) return reportFlyctlError(io, 'scale', lastError, 'cannot read the machines after scaling');
  const pending = unmet.map((s) => `${s.group} in ${s.region} (want ${s.to}, see ${deployed?.[s.group]?.[s.region] ?? 0})`).join(', ');
  io.stderr.write(`fly-fauna scale: flyctl finished, but machines list does not show it yet after ${Math.round(timeout / 1000)} s: ${pending}\n`);
  io.stderr.write("  next: run 'fly-fauna check' in a minute; machines list is eventually consistent.\n");
  return 1;
}

const scale: Command = async (argv, io) => {
  const prepared = await preparePlan('scale', argv, io, { yes: { type: 'boolean', short: 'y' } });
  if (typeof prepared === 'number') return prepared;
  const { plan, values } = prepared;
  explainPlan(io, 'scale', plan);
  if (plan.steps.length === 0) return 0;
  if (!flag(values, 'yes')) {
    for (const s of plan.steps) io.stdout.write(`${shellQuote(stepArgv(plan.client.path, s))}\n`);
    io.stderr.write('Nothing was run. Add --yes to run these commands.\n');
    return 0;
  }
  const code = await runSteps(io, plan);
  if (code !== 0) return code;
  return confirm(io, plan);
};

export default scale;
