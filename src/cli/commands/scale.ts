/**
 * `fly-fauna scale --yes`: runs the plan's flyctl commands one by one with live output,
 * stops at the first failure (saying which command failed), then polls `machines list`
 * (eventually consistent) until the footprint shows or a deadline passes. Without
 * `--yes` it shows the plan and runs nothing.
 */
import { shellQuote } from '../../core/flyctl/argv';
import { stepArgv } from '../../core/scale-plan';
import { applyScalePlan } from '../../node/flyctl/apply-plan';
import { flag } from '../args';
import type { CliIo, Command } from '../io';
import { formatCounts, reportFlyctlError } from './flyctl-common';
import { explainPlan, preparePlan } from './plan';

/** Poll `machines list` this often, until this deadline (env overrides, for tests and slow apps). */
const DEFAULT_POLL_INTERVAL_MS = 1000;
const DEFAULT_POLL_TIMEOUT_MS = 60_000;

function envMs(io: CliIo, name: string, fallback: number): number {
  const v = io.env[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback;
}

const scale: Command = async (argv, io) => {
  const prepared = await preparePlan('scale', argv, io, { yes: { type: 'boolean', short: 'y' } });
  if (typeof prepared === 'number') return prepared;
  const { plan, values } = prepared;
  const { client, steps } = plan;
  explainPlan(io, 'scale', plan);
  if (steps.length === 0) return 0;
  const shown = (i: number) => shellQuote(stepArgv(client.path, steps[i]));
  if (!flag(values, 'yes')) {
    for (let i = 0; i < steps.length; i++) io.stdout.write(`${shown(i)}\n`);
    io.stderr.write('Nothing was run. Add --yes to run these commands.\n');
    return 0;
  }

  const timeout = envMs(io, 'FLY_FAUNA_POLL_TIMEOUT_MS', DEFAULT_POLL_TIMEOUT_MS);
  const outcome = await applyScalePlan(client, plan.app, steps, {
    ...(io.signal ? { signal: io.signal } : {}),
    onStep: (i) => io.stderr.write(`[${i + 1}/${steps.length}] ${shown(i)}\n`),
    onLine: (line, step) => io.stderr.write(`  ${step.region} │ ${line}\n`),
    onPoll: () =>
      io.stderr.write(
        `Waiting for machines list to show the change (up to ${Math.round(timeout / 1000)} s)...\n`,
      ),
    pollIntervalMs: envMs(io, 'FLY_FAUNA_POLL_INTERVAL_MS', DEFAULT_POLL_INTERVAL_MS),
    pollTimeoutMs: timeout,
  });

  const printDeployed = (deployed: Record<string, Record<string, number>>) => {
    io.stderr.write('Now deployed:\n');
    for (const g of plan.groups) io.stderr.write(`  ${g}: ${formatCounts(deployed[g] ?? {})}\n`);
  };
  switch (outcome.status) {
    case 'done':
      printDeployed(outcome.deployed);
      io.stderr.write(`Done: ${plan.app} runs on its footprint (${plan.footprint.join(', ')}).\n`);
      return 0;
    case 'failed': {
      const i = outcome.index;
      reportFlyctlError(
        io,
        'scale',
        outcome.error,
        `step ${i + 1} of ${steps.length} failed (${shown(i)})`,
      );
      if (i + 1 < steps.length)
        io.stderr.write(`  stopped: ${steps.length - i - 1} later step(s) not run.\n`);
      return 1;
    }
    case 'cancelled':
      if (outcome.index < steps.length) {
        io.stderr.write(
          `fly-fauna scale: cancelled while running step ${outcome.index + 1} of ${steps.length}: ${shown(outcome.index)}\n`,
        );
        io.stderr.write(
          `  ${steps.length - outcome.index - 1} later step(s) not run; run 'fly-fauna plan' to see what is left.\n`,
        );
      } else {
        io.stderr.write(
          'fly-fauna scale: cancelled while waiting for machines list; the scale commands themselves finished.\n',
        );
      }
      return 1;
    case 'unconfirmed': {
      if (outcome.deployed) printDeployed(outcome.deployed);
      if (outcome.lastError)
        return reportFlyctlError(
          io,
          'scale',
          outcome.lastError,
          'cannot read the machines after scaling',
        );
      const pending = outcome.unmet
        .map(
          (s) =>
            `${s.group} in ${s.region} (want ${s.to}, see ${outcome.deployed?.[s.group]?.[s.region] ?? 0})`,
        )
        .join(', ');
      io.stderr.write(
        `fly-fauna scale: flyctl finished, but machines list does not show it yet after ${Math.round(timeout / 1000)} s: ${pending}\n`,
      );
      io.stderr.write(
        "  next: run 'fly-fauna check' in a minute; machines list is eventually consistent.\n",
      );
      return 1;
    }
  }
};

export default scale;
