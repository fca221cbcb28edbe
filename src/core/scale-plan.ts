/**
 * The scale plan: the exact `flyctl scale count` commands that bring an app's machines
 * onto a footprint. `scale count N --region R` sets the TOTAL across the listed regions
 * and ignores every other region (research/fly.md §3.1), so one command per region is
 * exact: it sets that region's count and touches nothing else.
 */
import { scaleCountArgs } from './flyctl/argv';

/** flyctl's default process group; `--process-group` is left out for it. */
const DEFAULT_GROUP = 'app';

/** What the plan is computed from. */
export interface ScalePlanInput {
  app: string;
  /** The footprint's regions, in order (the first is added to first). */
  footprint: readonly string[];
  /** Deployed machines: process group → region → count (internal groups and destroyed machines already left out). */
  deployed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The groups to scale: those serving traffic, or the one `--process-group` names. */
  processGroups: readonly string[];
  /** Each footprint region gets at least this many machines; default: keep what is there, at least 1. */
  perRegion?: number;
  /** Remove machines outside the footprint (`scale count 0 --region R`); never done otherwise. */
  removeExtra?: boolean;
}

/** One command of the plan: set `group`'s machines in `region` from `from` to `to`. */
export interface ScaleStep {
  group: string;
  region: string;
  from: number;
  to: number;
  /** `scale count N --region R -a APP -y [--process-group G]` (arguments after the binary). */
  args: string[];
}

/** Machines outside the footprint that the plan leaves alone (no `removeExtra`). */
export interface KeptExtra {
  group: string;
  region: string;
  count: number;
}

export type ScalePlan =
  | {
      ok: true;
      app: string;
      footprint: string[];
      /** Additions first, removals last, so the app never has fewer machines than it needs. */
      steps: ScaleStep[];
      keptExtra: KeptExtra[];
    }
  | {
      ok: false;
      /** `no-footprint`: nothing to scale to; `no-machines`: flyctl needs a release first; `bad-input`: see message. */
      reason: 'no-footprint' | 'no-machines' | 'bad-input';
      message: string;
    };

/**
 * Computes the scale plan. Pure; the order of `footprint` and `processGroups` is kept,
 * extra regions are handled in alphabetical order.
 */
export function computeScalePlan(input: ScalePlanInput): ScalePlan {
  const footprint = [
    ...new Set(input.footprint.map((r) => r.trim().toLowerCase()).filter((r) => r !== '')),
  ];
  if (footprint.length === 0) {
    return {
      ok: false,
      reason: 'no-footprint',
      message:
        'no footprint to scale to: set a Region Group (us or eu) or a custom footprint (--footprint lhr,fra)',
    };
  }
  if (
    input.perRegion !== undefined &&
    (!Number.isInteger(input.perRegion) || input.perRegion < 1 || input.perRegion > 100)
  ) {
    return {
      ok: false,
      reason: 'bad-input',
      message: `--per-region must be a whole number from 1 to 100, not ${input.perRegion}`,
    };
  }
  const groups = [...new Set(input.processGroups)];
  if (groups.length === 0)
    return { ok: false, reason: 'bad-input', message: 'no process group to scale' };

  const total = Object.values(input.deployed).reduce(
    (n, regions) => n + Object.values(regions).reduce((a, b) => a + b, 0),
    0,
  );
  if (total === 0) {
    return {
      ok: false,
      reason: 'no-machines',
      message: `${input.app} has no machines yet, and flyctl scales only an app with a release: deploy first (fly-fauna deploy), then plan again`,
    };
  }

  const minimum = input.perRegion ?? 1;
  const adds: ScaleStep[] = [];
  const removes: ScaleStep[] = [];
  const keptExtra: KeptExtra[] = [];
  const step = (group: string, region: string, from: number, to: number): ScaleStep => ({
    group,
    region,
    from,
    to,
    args: scaleCountArgs({
      app: input.app,
      region,
      count: to,
      ...(group !== DEFAULT_GROUP ? { processGroup: group } : {}),
    }),
  });

  for (const group of groups) {
    const current = input.deployed[group] ?? {};
    for (const region of footprint) {
      const from = current[region] ?? 0;
      const to = Math.max(from, minimum);
      if (to !== from) adds.push(step(group, region, from, to));
    }
    for (const region of Object.keys(current).sort()) {
      const count = current[region] ?? 0;
      if (count <= 0 || footprint.includes(region)) continue;
      if (input.removeExtra) removes.push(step(group, region, count, 0));
      else keptExtra.push({ group, region, count });
    }
  }
  return { ok: true, app: input.app, footprint, steps: [...adds, ...removes], keptExtra };
}

/** A project-level request: the footprint as the settings select it, the file's serving groups. */
export interface ProjectScaleInput {
  app: string;
  /** `footprintOf(settings)`: null when no group or footprint is known; empty regions for Global. */
  footprint: { regions: readonly string[]; kind: 'group' | 'custom'; group?: string } | null;
  /** `servingProcessGroups(doc)`: null when the file declares no service (then every deployed group). */
  servingGroups: readonly string[] | null;
  deployed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** `--process-group`: only this group. */
  processGroup?: string;
  perRegion?: number;
  removeExtra?: boolean;
  /** How to set a group or footprint, for the message when none is known. */
  howToSetFootprint?: string;
}

/**
 * Why there is nothing to scale to, or null when the footprint has regions: no group or
 * footprint known (`how` tells how to set one), or the Global group (no single footprint).
 */
export function footprintProblem(
  footprint: ProjectScaleInput['footprint'],
  how = 'pass --group us|eu or --footprint lhr,fra',
): string | null {
  if (footprint && footprint.regions.length > 0) return null;
  if (footprint?.kind === 'group') {
    return `the ${footprint.group === 'global' ? 'Global' : (footprint.group ?? '').toUpperCase()} Region Group has no single footprint (its replicas span the US and the EU); give the Fly regions next to your replicas as a custom footprint`;
  }
  return `no Fauna Region Group or footprint is known: ${how}`;
}

/**
 * The plan for a project: which groups (the one asked for, else those serving traffic,
 * else every deployed group, else `app`) and which footprint, then computeScalePlan.
 * The CLI and the extension both come through here.
 */
export function scalePlanFor(input: ProjectScaleInput): ScalePlan & { groups: string[] } {
  const deployedGroups = Object.keys(input.deployed).filter((g) =>
    Object.values(input.deployed[g] ?? {}).some((n) => n > 0),
  );
  const groups =
    input.processGroup !== undefined
      ? [input.processGroup]
      : [...(input.servingGroups ?? (deployedGroups.length ? deployedGroups : [DEFAULT_GROUP]))];
  const problem = footprintProblem(input.footprint, input.howToSetFootprint);
  if (problem !== null || !input.footprint) {
    return { ok: false, reason: 'no-footprint', message: problem ?? 'no footprint', groups };
  }
  return {
    ...computeScalePlan({
      app: input.app,
      footprint: input.footprint.regions,
      deployed: input.deployed,
      processGroups: groups,
      ...(input.perRegion !== undefined ? { perRegion: input.perRegion } : {}),
      ...(input.removeExtra !== undefined ? { removeExtra: input.removeExtra } : {}),
    }),
    groups,
  };
}

/** The full argv of a step: the flyctl binary, then its arguments. */
export function stepArgv(flyctl: string, s: ScaleStep): string[] {
  return [flyctl, ...s.args];
}

/**
 * The steps whose target the deployed counts do not show yet (machines list is
 * eventually consistent: poll until this is empty or a deadline passes).
 */
export function unmetSteps(
  steps: readonly ScaleStep[],
  deployed: Readonly<Record<string, Readonly<Record<string, number>>>>,
): ScaleStep[] {
  return steps.filter((s) => (deployed[s.group]?.[s.region] ?? 0) !== s.to);
}

/** `+2 app in lhr (0 → 2)` / `-1 app in sjc (1 → 0)`, for people. */
export function describeStep(s: ScaleStep): string {
  const delta = s.to - s.from;
  return `${delta > 0 ? '+' : ''}${delta} ${s.group} in ${s.region} (${s.from} → ${s.to})`;
}
