/**
 * What plan, scale, deploy and secret push share: finding and reading the project
 * (fly.toml and the Fauna settings files beside it), finding flyctl, reading the
 * deployed machines, and printing a FlyctlError with its next step.
 *
 * The project reading here is deliberately small (app, primary_region, [env], the
 * process groups that serve traffic); src/node/project.ts replaces it when it lands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { DOTENV_FILE_NAME, FAUNA_CONFIG_FILE_NAMES, FAUNA_PROJECT_FILE_NAME, resolveFaunaSettings, type FaunaSettings } from '../../core/fauna/settings';
import { machinesListArgs } from '../../core/flyctl/argv';
import { deployedByGroup, parseMachinesList } from '../../core/flyctl/shapes';
import { bundledCatalog, normalizeRegionGroup, parseFootprintList } from '../../core/regions';
import { FlyctlClient, FlyctlError, locateFlyctl } from '../../node/flyctl/index';
import type { CliIo } from '../io';
import { UsageError } from '../io';

/** The parts of fly.toml these commands need. */
export interface FlyProject {
  /** Absolute path of fly.toml. */
  file: string;
  dir: string;
  app: string | null;
  primaryRegion: string | null;
  flyEnv: Record<string, string>;
  /** Groups named by [http_service]/[[services]] `processes` (`app` when they name none); null when no service is declared. */
  servingGroups: string[] | null;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds and reads fly.toml from PATH (a file, or a folder holding one). Unreadable input is a UsageError. */
export function loadFlyProject(pathArg: string | undefined, io: CliIo): FlyProject {
  const target = path.resolve(io.cwd, pathArg ?? '.');
  let file = target;
  try {
    if (fs.statSync(target).isDirectory()) file = path.join(target, 'fly.toml');
  } catch {
    throw new UsageError(`no such file or folder: ${target}`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}: is there a fly.toml?`);
  }
  let data: unknown;
  try {
    data = getStaticTOMLValue(parseTOML(text));
  } catch (err) {
    throw new UsageError(`${file} is not valid TOML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const doc = isTable(data) ? data : {};
  const flyEnv: Record<string, string> = {};
  if (isTable(doc.env)) for (const [k, v] of Object.entries(doc.env)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') flyEnv[k] = String(v);
  const services = [...(isTable(doc.http_service) ? [doc.http_service] : []), ...(Array.isArray(doc.services) ? doc.services.filter(isTable) : [])];
  let servingGroups: string[] | null = null;
  if (services.length > 0) {
    const named = services.flatMap((s) => (Array.isArray(s.processes) ? s.processes.filter((p): p is string => typeof p === 'string' && p !== '') : []));
    servingGroups = named.length ? [...new Set(named)] : ['app'];
  }
  return {
    file,
    dir: path.dirname(file),
    app: typeof doc.app === 'string' && doc.app !== '' ? doc.app : null,
    primaryRegion: typeof doc.primary_region === 'string' && doc.primary_region !== '' ? doc.primary_region : null,
    flyEnv,
    servingGroups,
  };
}

/** Reads the Fauna settings files beside fly.toml (missing ones are skipped). */
export function readSettingsFiles(dir: string): Array<{ name: string; text: string }> {
  const names = [...FAUNA_CONFIG_FILE_NAMES, DOTENV_FILE_NAME, FAUNA_PROJECT_FILE_NAME];
  const files: Array<{ name: string; text: string }> = [];
  for (const name of names) {
    try {
      files.push({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') });
    } catch {
      // Absent or unreadable: that source simply does not apply.
    }
  }
  return files;
}

/** Validated `--group` / `--footprint` flags, as settings discovery takes them. */
export function footprintFlags(group: string | undefined, footprint: string[]): { group?: string; footprint?: string[] } {
  const out: { group?: string; footprint?: string[] } = {};
  if (group !== undefined) {
    if (normalizeRegionGroup(group) === null) throw new UsageError(`--group must be us, eu or global, not '${group}'`);
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
export function projectSettings(project: FlyProject, io: CliIo, flags: { group?: string; footprint?: string[] }): FaunaSettings {
  return resolveFaunaSettings({ flags, files: readSettingsFiles(project.dir), env: io.env, flyEnv: project.flyEnv });
}

/** A client for the flyctl `--flyctl` names, or found as locateFlyctl says; a clear error when there is none. */
export async function flyctlFor(explicit: string | undefined, io: CliIo): Promise<FlyctlClient> {
  const found = await locateFlyctl({ ...(explicit !== undefined ? { explicit } : {}), env: io.env });
  if (!found) {
    throw new FlyctlError({
      kind: 'not-installed',
      message: 'flyctl was not found (looked for flyctl and fly on PATH, $FLYCTL_INSTALL/bin and ~/.fly/bin)',
      nextStep: 'Install flyctl (https://fly.io/docs/flyctl/install/), or pass --flyctl PATH.',
      argv: [],
      exitCode: null,
      stderrTail: '',
    });
  }
  return new FlyctlClient({ path: found, env: io.env });
}

/** flyctlFor, or the exit code after printing why there is no flyctl. */
export async function flyctlOrExit(explicit: string | undefined, io: CliIo, command: string): Promise<FlyctlClient | number> {
  try {
    return await flyctlFor(explicit, io);
  } catch (err) {
    if (err instanceof FlyctlError) return reportFlyctlError(io, command, err);
    throw err;
  }
}

/** Deployed machines per process group and region, from `machines list --json`. */
export async function deployedMachines(client: FlyctlClient, app: string, signal?: AbortSignal): Promise<Record<string, Record<string, number>>> {
  const args = machinesListArgs(app);
  const json = await client.json(args, signal ? { signal } : {});
  const parsed = parseMachinesList(json);
  if (!parsed.ok) {
    throw FlyctlError.from({ argv: args, flyctlPath: client.path, exitCode: 0, badOutput: { detail: parsed.error } });
  }
  return deployedByGroup(parsed.value).groups;
}

/** Prints a FlyctlError as two lines (what, then what to do) and returns exit code 1. */
export function reportFlyctlError(io: CliIo, command: string, err: FlyctlError, context?: string): number {
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
