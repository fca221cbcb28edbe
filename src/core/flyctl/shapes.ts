/**
 * Pure parsers for the JSON flyctl prints, into small typed records.
 *
 * Shapes follow research fly.md §3.2–§3.4 (fly-go `machine_types.go`, flyctl
 * `machine/list.go`, `status/machines.go`, `scale/show_machines.go`) and §2.1 for
 * `platform regions`. Parsers never throw: they return `Parsed<T>`, skip elements they
 * cannot use, and fail only when the value as a whole is not the expected shape.
 */
export { parsePlatformRegions } from '../regions/platform';
export type { PlatformRegion } from '../regions/platform';

/** A parse result: the value, or one sentence saying what was wrong. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The part of a `fly.Machine` the footprint check and scale plans need. */
export interface MachineSummary {
  id: string;
  name: string | null;
  /** `created`, `started`, `stopped`, `suspended`, `destroying`, `destroyed`, ... (any string). */
  state: string;
  /** Region code, lower case. */
  region: string;
  /** `config.metadata.fly_process_group` (else `process_group`); null when absent. */
  processGroup: string | null;
  /** `config.metadata.fly_platform_version` (`v2` for Fly Launch machines); null when absent. */
  platformVersion: string | null;
}

/**
 * Fly's own process groups for one-off machines (release command, `fly console`,
 * test machines). They are not part of the app's footprint.
 */
export const INTERNAL_PROCESS_GROUPS: readonly string[] = Object.freeze([
  'fly_app_release_command',
  'fly_app_console',
  'fly_app_test_machine_command',
]);

/** Machine states that mean the machine is gone or going. */
export const GONE_STATES: readonly string[] = Object.freeze(['destroyed', 'destroying']);

/** flyctl's name for the group of machines whose config names none (`appconfig.DefaultProcessName`). */
export const DEFAULT_PROCESS_GROUP = 'app';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parseMachine(m: unknown): MachineSummary | null {
  if (!isObject(m)) return null;
  const id = str(m.id);
  const region = str(m.region)?.toLowerCase() ?? null;
  if (id === null || region === null) return null;
  const config = isObject(m.config) ? m.config : {};
  const metadata = isObject(config.metadata) ? config.metadata : {};
  return {
    id,
    name: str(m.name),
    state: str(m.state) ?? 'unknown',
    region,
    processGroup: str(metadata.fly_process_group) ?? str(metadata.process_group),
    platformVersion: str(metadata.fly_platform_version),
  };
}

function parseMachineArray(list: unknown[]): MachineSummary[] {
  const out: MachineSummary[] = [];
  for (const m of list) {
    const p = parseMachine(m);
    if (p) out.push(p);
  }
  return out;
}

/** Parses `flyctl machines list --json` (an array of `fly.Machine`). */
export function parseMachinesList(json: unknown): Parsed<MachineSummary[]> {
  if (!Array.isArray(json))
    return { ok: false, error: 'expected a JSON array of machines from `machines list --json`' };
  return { ok: true, value: parseMachineArray(json) };
}

/** What `flyctl status --json` tells: the app's name and its (already filtered) machines. */
export interface AppStatus {
  name: string | null;
  deployed: boolean | null;
  machines: MachineSummary[];
}

/** Parses `flyctl status --json` (`{ "Name", "Deployed", "Machines": [...], ... }`). */
export function parseStatus(json: unknown): Parsed<AppStatus> {
  if (!isObject(json) || !Array.isArray(json.Machines)) {
    return { ok: false, error: 'expected a JSON object with "Machines" from `status --json`' };
  }
  return {
    ok: true,
    value: {
      name: str(json.Name),
      deployed: typeof json.Deployed === 'boolean' ? json.Deployed : null,
      machines: parseMachineArray(json.Machines),
    },
  };
}

/** One process group of `flyctl scale show --json`. */
export interface ScaleShowGroup {
  process: string;
  count: number;
  /** region → machine count */
  regions: Record<string, number>;
}

/** Parses `flyctl scale show --json` (`[{ "Process", "Count", "Regions": {code: n} , ...}]`). */
export function parseScaleShow(json: unknown): Parsed<ScaleShowGroup[]> {
  if (!Array.isArray(json))
    return { ok: false, error: 'expected a JSON array of process groups from `scale show --json`' };
  const out: ScaleShowGroup[] = [];
  for (const g of json) {
    if (!isObject(g)) continue;
    const process = str(g.Process);
    if (process === null) continue;
    const regions: Record<string, number> = {};
    if (isObject(g.Regions)) {
      for (const [code, n] of Object.entries(g.Regions)) {
        if (typeof n === 'number' && Number.isInteger(n) && n > 0) regions[code.toLowerCase()] = n;
      }
    }
    const count =
      typeof g.Count === 'number' ? g.Count : Object.values(regions).reduce((a, b) => a + b, 0);
    out.push({ process, count, regions });
  }
  return { ok: true, value: out };
}

/** Deployed machines per process group and region, and what was left out. */
export interface DeployedByGroup {
  /** process group → region → number of machines; keys sorted. */
  groups: Record<string, Record<string, number>>;
  /** Machines not counted: Fly's internal groups, destroyed or destroying, not Fly Launch (v2) managed. */
  skipped: { internal: number; gone: number; unmanaged: number };
}

/**
 * Counts machines per process group and region, leaving out Fly's internal groups
 * (release command, console, test machines), destroyed or destroying machines, and
 * machines Fly Launch does not manage (`fly_platform_version` other than `v2`, as
 * `flyctl scale`/`status` do). A v2 machine without a group belongs to `app`.
 */
export function deployedByGroup(machines: readonly MachineSummary[]): DeployedByGroup {
  const skipped = { internal: 0, gone: 0, unmanaged: 0 };
  const groups: Record<string, Record<string, number>> = {};
  for (const m of machines) {
    if (GONE_STATES.includes(m.state)) skipped.gone++;
    else if (m.processGroup !== null && INTERNAL_PROCESS_GROUPS.includes(m.processGroup))
      skipped.internal++;
    else if (m.platformVersion !== 'v2') skipped.unmanaged++;
    else {
      const g = (groups[m.processGroup ?? DEFAULT_PROCESS_GROUP] ??= {});
      g[m.region] = (g[m.region] ?? 0) + 1;
    }
  }
  return { groups: sortGroups(groups), skipped };
}

/** The same counts from `scale show --json` (which already leaves out what `deployedByGroup` skips). */
export function deployedFromScaleShow(groups: readonly ScaleShowGroup[]): DeployedByGroup {
  const out: Record<string, Record<string, number>> = {};
  let internal = 0;
  for (const g of groups) {
    if (INTERNAL_PROCESS_GROUPS.includes(g.process)) {
      internal += g.count;
      continue;
    }
    const target = (out[g.process] ??= {});
    for (const [r, n] of Object.entries(g.regions)) target[r] = (target[r] ?? 0) + n;
  }
  return { groups: sortGroups(out), skipped: { internal, gone: 0, unmanaged: 0 } };
}

function sortGroups(
  groups: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const g of Object.keys(groups).sort()) {
    const regions: Record<string, number> = {};
    for (const r of Object.keys(groups[g]).sort()) regions[r] = groups[g][r];
    out[g] = regions;
  }
  return out;
}

/** Which flyctl output `parseDeployed` recognised. */
export type DeployedShape = 'machines list' | 'status' | 'scale show';

/**
 * Deployed machines per group from whichever of the three shapes flyctl printed:
 * `machines list --json` (preferred), `status --json`, `scale show --json`.
 */
export function parseDeployed(
  json: unknown,
): Parsed<{ shape: DeployedShape; byGroup: DeployedByGroup }> {
  if (isObject(json)) {
    const s = parseStatus(json);
    return s.ok
      ? { ok: true, value: { shape: 'status', byGroup: deployedByGroup(s.value.machines) } }
      : s;
  }
  if (Array.isArray(json) && json.some((g) => isObject(g) && 'Process' in g && !('id' in g))) {
    const s = parseScaleShow(json);
    return s.ok
      ? { ok: true, value: { shape: 'scale show', byGroup: deployedFromScaleShow(s.value) } }
      : s;
  }
  const m = parseMachinesList(json);
  return m.ok
    ? { ok: true, value: { shape: 'machines list', byGroup: deployedByGroup(m.value) } }
    : m;
}
