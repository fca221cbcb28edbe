/**
 * `fly-fauna plan`: the exact flyctl commands that put the app's machines on the
 * footprint. Text: one shell-quoted command per line on stdout (a script a person can
 * read and run), explanations on stderr. JSON: `{ app, footprint, commands }`.
 */
import { shellQuote } from '../../core/flyctl/argv';
import { footprintOf } from '../../core/footprint';
import { describeFootprint } from '../../core/regions';
import {
  describeStep,
  footprintProblem,
  scalePlanFor,
  stepArgv,
  type ScaleStep,
} from '../../core/scale-plan';
import { FlyctlError, type FlyctlClient } from '../../node/flyctl/index';
import { flag, format, list, parse, str, type OptionSpec } from '../args';
import type { CliIo, Command } from '../io';
import { UsageError } from '../io';
import {
  deployedMachines,
  flyctlOrExit,
  footprintFlags,
  formatCounts,
  loadFlyProject,
  projectSettings,
  reportFlyctlError,
} from './flyctl-common';

export const PLAN_OPTIONS: OptionSpec = {
  group: { type: 'string' },
  footprint: { type: 'string', multiple: true },
  app: { type: 'string' },
  offline: { type: 'boolean' },
  flyctl: { type: 'string' },
  'per-region': { type: 'string' },
  'remove-extra': { type: 'boolean' },
  'process-group': { type: 'string' },
  format: { type: 'string' },
};

const HOW_TO_SET =
  'pass --group us|eu or --footprint lhr,fra, or name the database with its group in a fauna.config.yaml profile (database: eu/<name>)';

/** A computed plan with what the commands printing it need. */
export interface PreparedPlan {
  client: FlyctlClient;
  app: string;
  footprint: string[];
  footprintLabel: string;
  deployed: Record<string, Record<string, number>>;
  groups: string[];
  steps: ScaleStep[];
  keptExtra: Array<{ group: string; region: string; count: number }>;
  /** fly.toml primary_region (new machines of a deploy go there). */
  primaryRegion: string | null;
}

/**
 * Reads the project, asks flyctl for the machines and computes the plan. Returns a
 * PreparedPlan, or an exit code after printing why there is none.
 */
export async function preparePlan(
  command: 'plan' | 'scale',
  argv: string[],
  io: CliIo,
  extra: OptionSpec = {},
): Promise<{ plan: PreparedPlan; values: ReturnType<typeof parse> } | number> {
  const p = parse(argv, { ...PLAN_OPTIONS, ...extra });
  if (p.positionals.length > 1) {
    // A plan is the flyctl commands for one app; several at once would mix their output.
    throw new UsageError(
      `${command} takes one PATH (got ${p.positionals.length}); run it once per app. 'fly-fauna check' takes several`,
    );
  }
  if (format(p) === 'json' && command === 'scale') {
    throw new UsageError(
      "scale prints its progress for people; use 'fly-fauna plan --format json' for the commands as JSON",
    );
  }
  if (flag(p, 'offline')) {
    throw new UsageError(
      `${command} needs the deployed machines from flyctl, so --offline cannot be used; use 'fly-fauna check --offline' to check without flyctl`,
    );
  }
  const perRegionText = str(p, 'per-region');
  let perRegion: number | undefined;
  if (perRegionText !== undefined) {
    perRegion = Number(perRegionText);
    if (!/^\d+$/.test(perRegionText) || perRegion < 1 || perRegion > 100) {
      throw new UsageError(
        `--per-region must be a whole number from 1 to 100, not '${perRegionText}'`,
      );
    }
  }
  const processGroup = str(p, 'process-group');
  if (processGroup !== undefined && !/^[a-z0-9_-]+$/i.test(processGroup)) {
    throw new UsageError(`--process-group: '${processGroup}' is not a process group name`);
  }
  const flags = footprintFlags(str(p, 'group'), list(p, 'footprint'));
  const project = await loadFlyProject(p.positionals[0], io, str(p, 'app'));
  const app = project.app;
  if (!app) throw new UsageError(`${project.file} has no 'app' and no --app was given`);

  const settings = projectSettings(project, io, flags);
  for (const w of [...project.warnings, ...settings.warnings])
    io.stderr.write(`fly-fauna ${command}: warning: ${w}\n`);
  const fp = footprintOf(settings);
  const footprintLabel = fp ? describeFootprint(fp) : '';
  const noFootprint = footprintProblem(fp, HOW_TO_SET);
  if (noFootprint !== null) {
    io.stderr.write(`fly-fauna ${command}: ${noFootprint}\n`);
    return 2;
  }

  const client = await flyctlOrExit(str(p, 'flyctl'), io, command);
  if (typeof client === 'number') return client;
  let deployed: Record<string, Record<string, number>>;
  try {
    deployed = await deployedMachines(client, app, io.signal);
  } catch (err) {
    if (err instanceof FlyctlError)
      return reportFlyctlError(io, command, err, `cannot read the machines of ${app}`);
    throw err;
  }
  if (
    processGroup !== undefined &&
    !(processGroup in deployed) &&
    !project.declaredGroups.includes(processGroup)
  ) {
    const known = [...new Set([...project.declaredGroups, ...Object.keys(deployed)])].join(', ');
    throw new UsageError(
      `--process-group: '${processGroup}' is neither declared in fly.toml nor deployed (groups: ${known})`,
    );
  }
  const plan = scalePlanFor({
    app,
    footprint: fp,
    servingGroups: project.servingGroups,
    deployed,
    ...(processGroup !== undefined ? { processGroup } : {}),
    ...(perRegion !== undefined ? { perRegion } : {}),
    removeExtra: flag(p, 'remove-extra'),
    howToSetFootprint: HOW_TO_SET,
  });
  if (!plan.ok) {
    io.stderr.write(`fly-fauna ${command}: ${plan.message}\n`);
    return plan.reason === 'no-machines' ? 1 : 2;
  }
  return {
    plan: {
      client,
      app,
      footprint: plan.footprint,
      footprintLabel,
      deployed,
      groups: plan.groups,
      steps: plan.steps,
      keptExtra: plan.keptExtra,
      primaryRegion: project.primaryRegion,
    },
    values: p,
  };
}

/** Writes the human explanation of a plan to stderr. */
export function explainPlan(io: CliIo, command: string, plan: PreparedPlan): void {
  const e = (s: string) => io.stderr.write(`${s}\n`);
  e(`App ${plan.app}, footprint: ${plan.footprintLabel}`);
  for (const g of plan.groups) e(`  ${g}: ${formatCounts(plan.deployed[g] ?? {})}`);
  if (plan.steps.length === 0) e('Nothing to change: every footprint region already has machines.');
  else {
    e(
      `Plan (${plan.steps.length} flyctl command${plan.steps.length === 1 ? '' : 's'}; additions first, removals last):`,
    );
    for (const s of plan.steps) e(`  ${describeStep(s)}`);
  }
  if (plan.primaryRegion && !plan.footprint.includes(plan.primaryRegion)) {
    e(
      `Note: primary_region is ${plan.primaryRegion}, outside the footprint; a deploy creates new machines there. 'fly-fauna check' offers the fix.`,
    );
  }
  if (plan.keptExtra.length) {
    const where = plan.keptExtra.map((k) => `${k.group} in ${k.region} (${k.count})`).join(', ');
    e(
      `Kept outside the footprint: ${where}. Add --remove-extra to ${command === 'scale' ? 'remove' : 'plan removing'} them.`,
    );
  }
}

const plan: Command = async (argv, io) => {
  const prepared = await preparePlan('plan', argv, io);
  if (typeof prepared === 'number') return prepared;
  const { plan: pl, values } = prepared;
  const commands = pl.steps.map((s) => stepArgv(pl.client.path, s));
  if (format(values) === 'json') {
    io.stdout.write(
      `${JSON.stringify({ app: pl.app, footprint: pl.footprint, commands }, null, 2)}\n`,
    );
    return 0;
  }
  explainPlan(io, 'plan', pl);
  for (const c of commands) io.stdout.write(`${shellQuote(c)}\n`);
  if (commands.length)
    io.stderr.write(
      `Run them with: fly-fauna scale${argv.length ? ` ${shellQuote(argv)}` : ''} --yes\n`,
    );
  return 0;
};

export default plan;
