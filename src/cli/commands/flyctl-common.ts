/**
 * What plan, scale, deploy and secret push share: reading the project (through
 * src/node/project.ts and the fly.toml engine, as `check` does), finding flyctl,
 * reading the deployed machines, and printing a FlyctlError with its next step.
 */
import { resolveApp } from '../../core/check';
import { resolveFaunaSettings, type FaunaSettings } from '../../core/fauna/settings';
import {
  envEntries,
  getString,
  parseFlyToml,
  processGroups,
  servingProcessGroups,
} from '../../core/flytoml';
import { bundledCatalog, normalizeRegionGroup, parseFootprintList } from '../../core/regions';
import { readDeployed } from '../../node/flyctl/apply-plan';
import { FlyctlClient, FlyctlError, locateFlyctl } from '../../node/flyctl/index';
import { ProjectError, readProject } from '../../node/project';
import type { CliIo } from '../io';
import { UsageError } from '../io';

/** The parts of the project these commands need. */
export interface FlyProject {
  /** Absolute path of fly.toml. */
  file: string;
  dir: string;
  /** `--app`, else FLY_APP, else fly.toml `app` (as check resolves it). */
  app: string | null;
  flyEnv: Record<string, string>;
  /** Groups that serve traffic ([http_service]/[[services]] `processes`); null when no service is declared. */
  servingGroups: string[] | null;
  /** Groups declared in [processes] (`app` when none). */
  declaredGroups: string[];
  primaryRegion: string | null;
  faunaFiles: Array<{ name: string; text: string }>;
  warnings: string[];
}

/** Reads the project at PATH (a fly.toml or a folder holding one). Unreadable input is a UsageError (exit 2). */
export async function loadFlyProject(
  pathArg: string | undefined,
  io: CliIo,
  appFlag?: string,
): Promise<FlyProject> {
  let project;
  try {
    project = await readProject(pathArg ?? '.', io.cwd, io.env);
  } catch (err) {
    if (err instanceof ProjectError) throw new UsageError(err.message);
    throw err;
  }
  const doc = parseFlyToml(project.flyTomlText);
  if (doc.syntaxError) {
    const line = doc.syntaxError.range ? ` (line ${doc.syntaxError.range.start.line + 1})` : '';
    throw new UsageError(
      `${project.displayPath} is not valid TOML${line}: ${doc.syntaxError.message}; 'fly-fauna check' shows where`,
    );
  }
  const flyEnv: Record<string, string> = {};
  for (const e of envEntries(doc)) flyEnv[e.name] = e.value;
  return {
    file: project.flyTomlPath,
    dir: project.dir,
    app: resolveApp(appFlag, io.env, doc)?.value ?? null,
    flyEnv,
    servingGroups: servingProcessGroups(doc),
    declaredGroups: processGroups(doc),
    primaryRegion: getString(doc, ['primary_region'])?.value.trim().toLowerCase() || null,
    faunaFiles: project.faunaFiles,
    warnings: project.warnings,
  };
}

/** Validated `--group` / `--footprint` flags, as settings discovery takes them. */
export function footprintFlags(
  group: string | undefined,
  footprint: string[],
): { group?: string; footprint?: string[] } {
  const out: { group?: string; footprint?: string[] } = {};
  if (group !== undefined) {
    if (normalizeRegionGroup(group) === null)
      throw new UsageError(`--group must be us, eu or global, not '${group}'`);
    out.group = group;
  }
  if (footprint.length) {
    const r = parseFootprintList(footprint, bundledCatalog());
    if (!r.ok) throw new UsageError(`--footprint: ${r.error}`);
    out.footprint = r.regions;
  }
  return out;
}

/** Fauna settings for the project (flags first, then the files beside fly.toml, the environment). */
export function projectSettings(
  project: FlyProject,
  io: CliIo,
  flags: { group?: string; footprint?: string[] },
): FaunaSettings {
  return resolveFaunaSettings({
    flags,
    files: project.faunaFiles,
    env: io.env,
    flyEnv: project.flyEnv,
  });
}

/** A client for the flyctl `--flyctl` names, or found as locateFlyctl says; a clear error when there is none. */
export async function flyctlFor(explicit: string | undefined, io: CliIo): Promise<FlyctlClient> {
  const found = await locateFlyctl({
    ...(explicit !== undefined ? { explicit } : {}),
    env: io.env,
  });
  if (!found) {
    throw new FlyctlError({
      kind: 'not-installed',
      message:
        'flyctl was not found (looked for flyctl and fly on PATH, $FLYCTL_INSTALL/bin and ~/.fly/bin)',
      nextStep: 'Install flyctl (https://fly.io/docs/flyctl/install/), or pass --flyctl PATH.',
      argv: [],
      exitCode: null,
      stderrTail: '',
    });
  }
  return new FlyctlClient({ path: found, env: io.env });
}

/** flyctlFor, or the exit code after printing why there is no flyctl. */
export async function flyctlOrExit(
  explicit: string | undefined,
  io: CliIo,
  command: string,
): Promise<FlyctlClient | number> {
  try {
    return await flyctlFor(explicit, io);
  } catch (err) {
    if (err instanceof FlyctlError) return reportFlyctlError(io, command, err);
    throw err;
  }
}

/** Deployed machines per process group and region, from `machines list --json`. */
export function deployedMachines(
  client: FlyctlClient,
  app: string,
  signal?: AbortSignal,
): Promise<Record<string, Record<string, number>>> {
  return readDeployed(client, app, signal ? { signal } : {});
}

/** Prints a FlyctlError as two lines (what, then what to do) and returns exit code 1. */
export function reportFlyctlError(
  io: CliIo,
  command: string,
  err: FlyctlError,
  context?: string,
): number {
  io.stderr.write(`fly-fauna ${command}: ${context ? `${context}: ` : ''}${err.message}\n`);
  io.stderr.write(`  next: ${err.nextStep}\n`);
  return 1;
}

/** `region count, ...` for one group's deployed machines. */
export function formatCounts(regions: Readonly<Record<string, number>>): string {
  const parts = Object.entries(regions)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${r} ${n}`);
  return parts.length ? parts.join(', ') : 'no machines';
}
