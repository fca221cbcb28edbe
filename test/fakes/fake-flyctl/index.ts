/**
 * Test helpers around the fake flyctl (fake-flyctl.cjs): build an app state from the
 * research fixtures, put the fake on a temp PATH as `flyctl` (and/or `fly`), read its
 * call log and its state back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The fake's executable script. */
export const FAKE_FLYCTL_SCRIPT = path.join(__dirname, 'fake-flyctl.cjs');

/** A machine in flyctl's `fly.Machine` JSON shape (only what tests touch is typed). */
export interface FakeMachine {
  id: string;
  name: string;
  state: string;
  region: string;
  config: {
    metadata?: Record<string, string>;
    env?: Record<string, string>;
    guest?: Record<string, unknown>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface FakeRegion {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  gateway_available: boolean;
  requires_paid_plan: boolean;
  deprecated: boolean;
  capacity: number;
  geo_region: string;
  mpg_available: boolean;
}

/** The fake's state file. */
export interface FakeState {
  app: string;
  version?: string;
  email?: string;
  loggedIn?: boolean;
  /** Complete releases; 0 means `scale count` fails with "no complete releases". */
  releases: number;
  /** Groups in the app's remote config (scale count rejects others). */
  processGroups: string[];
  primaryRegion?: string;
  machines: FakeMachine[];
  /** Cloned by deploy when the app has no machine yet. */
  machineTemplate: FakeMachine;
  platformRegions: FakeRegion[];
  /** `legacy`: the PascalCase shape of flyctl <= v0.3.120. */
  regionsShape?: 'current' | 'legacy';
  /** Regions where creating a machine fails with insufficient capacity. */
  noCapacity?: string[];
  /** After a scale, `machines list` shows the old machines for this long. */
  listDelayMs?: number;
  listView?: { machines: FakeMachine[]; until: number };
  /** Failure modes, as FAKE_FLYCTL_FAIL. */
  fail?: string[];
  slowMs?: number;
  /** When set, deploy fails with this message after the config check. */
  deployFail?: string;
  secrets?: Array<{ name: string; digest: string; status: string }>;
}

/** One logged call. */
export interface FakeCall {
  argv: string[];
  cwd: string;
  pid: number;
  stdinIsTTY: boolean;
  stdinUsed: boolean;
  stdinBytes: number;
  env: { NO_COLOR: string | null; FLY_NO_UPDATE_CHECK: string | null; FLY_APP: string | null };
  /** Names of FAUNA_* variables in flyctl's environment. */
  faunaEnvNames: string[];
  exitCode?: number;
  hanging?: boolean;
  grandchildPid?: number;
}

const dataDir = path.join(__dirname, 'data');
const template = (
  JSON.parse(
    fs.readFileSync(path.join(dataDir, 'machines-list.synthesized.json'), 'utf8'),
  ) as FakeMachine[]
)[0];

let seq = 0;
/** A machine cloned from the fixture, in `region`, for `group`. */
export function makeMachine(
  region: string,
  group = 'app',
  opts: { state?: string; id?: string; appName?: string } = {},
): FakeMachine {
  const m = JSON.parse(JSON.stringify(template)) as FakeMachine;
  seq++;
  m.id = opts.id ?? `${(0x148e21dc574500 + seq * 7919).toString(16)}`.slice(0, 14);
  m.name = `fake-machine-${seq}`;
  m.region = region;
  m.state = opts.state ?? 'started';
  m.config.metadata = { ...m.config.metadata, fly_process_group: group };
  m.config.env = { ...m.config.env, FLY_PROCESS_GROUP: group };
  return m;
}

/** A machine flyctl starts for a release command: listed, but not part of any group. */
export function releaseCommandMachine(region: string): FakeMachine {
  const m = makeMachine(region, 'fly_app_release_command', { state: 'stopped' });
  return m;
}

/** `platform regions --json` data from the compiled reference (current and deprecated). */
export function fakePlatformRegions(): FakeRegion[] {
  const ref = JSON.parse(
    fs.readFileSync(path.join(dataDir, 'fly-regions.compiled-reference.json'), 'utf8'),
  ) as {
    regions: Array<{
      code: string;
      name: string;
      status: string;
      gateway_available_per_docs: boolean;
      geo_region_inferred: string;
      latitude_thirdparty: number;
      longitude_thirdparty: number;
    }>;
  };
  return ref.regions.map((r) => ({
    code: r.code,
    name: r.name,
    latitude: r.latitude_thirdparty,
    longitude: r.longitude_thirdparty,
    gateway_available: r.gateway_available_per_docs,
    requires_paid_plan: false,
    deprecated: r.status !== 'current',
    capacity: 0,
    geo_region: r.geo_region_inferred,
    mpg_available: false,
  }));
}

/**
 * A state for app `app` with machines per region and group, e.g.
 * `{ app: { sjc: 1, ord: 1 } }`, plus a release-command machine and a destroyed one
 * (which everything must leave out).
 */
export function fakeState(init: {
  app?: string;
  groups?: Record<string, Record<string, number>>;
  releases?: number;
  extra?: Partial<FakeState>;
  internalMachines?: boolean;
}): FakeState {
  const groups = init.groups ?? { app: { sjc: 1 } };
  const machines: FakeMachine[] = [];
  for (const [g, regions] of Object.entries(groups)) {
    for (const [r, n] of Object.entries(regions))
      for (let i = 0; i < n; i++) machines.push(makeMachine(r, g));
  }
  if (init.internalMachines !== false && machines.length > 0) {
    machines.push(releaseCommandMachine(machines[0].region));
    machines.push(makeMachine('ord', Object.keys(groups)[0] ?? 'app', { state: 'destroyed' }));
  }
  return {
    app: init.app ?? 'my-fauna-app',
    releases: init.releases ?? (machines.length > 0 ? 3 : 0),
    processGroups: Object.keys(groups).length ? Object.keys(groups) : ['app'],
    machines,
    machineTemplate: makeMachine('lhr', 'app'),
    platformRegions: fakePlatformRegions(),
    ...init.extra,
  };
}

export interface FakeFlyctl {
  dir: string;
  /** Folder holding `flyctl` (and `fly` when asked); put it on PATH. */
  binDir: string;
  /** `binDir/flyctl`. */
  flyctlPath: string;
  statePath: string;
  logPath: string;
  /** Environment for the process under test: PATH with binDir first, state and log paths. */
  env: Record<string, string>;
  readState(): FakeState;
  writeState(s: FakeState): void;
  calls(): FakeCall[];
  cleanup(): void;
}

/** Creates a temp dir with the state, a bin dir linking the fake as `names`, and a log. */
export function createFakeFlyctl(
  state: FakeState,
  opts: { names?: string[]; pathRest?: string } = {},
): FakeFlyctl {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-flyctl-'));
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir);
  for (const n of opts.names ?? ['flyctl'])
    fs.symlinkSync(FAKE_FLYCTL_SCRIPT, path.join(binDir, n));
  const statePath = path.join(dir, 'state.json');
  const logPath = path.join(dir, 'calls.jsonl');
  fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
  // The node that runs the fake must be found even with a minimal PATH.
  const nodeDir = path.dirname(process.execPath);
  const env: Record<string, string> = {
    PATH: [binDir, nodeDir, opts.pathRest ?? '/usr/bin:/bin'].join(path.delimiter),
    FAKE_FLYCTL_STATE: statePath,
    FAKE_FLYCTL_LOG: logPath,
    HOME: dir,
  };
  return {
    dir,
    binDir,
    flyctlPath: path.join(binDir, (opts.names ?? ['flyctl'])[0]),
    statePath,
    logPath,
    env,
    readState: () => JSON.parse(fs.readFileSync(statePath, 'utf8')) as FakeState,
    writeState: (s) => fs.writeFileSync(statePath, JSON.stringify(s, null, 2)),
    calls: () =>
      fs.existsSync(logPath)
        ? fs
            .readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as FakeCall)
            .filter((c) => Array.isArray(c.argv) && c.exitCode !== undefined)
        : [],
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Raw log lines (including the `hanging` and grandchild records). */
export function rawLog(fake: FakeFlyctl): Array<Record<string, unknown>> {
  if (!fs.existsSync(fake.logPath)) return [];
  return fs
    .readFileSync(fake.logPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** True while a process with this pid exists. */
export function pidAlive(pid: number): boolean {
  // A killed process whose parent has not reaped it yet is a zombie: it is gone.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) Z/.test(stat)) return false;
  } catch {
    // No /proc (macOS) or no such process: fall through to kill(0).
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `cond` every 20 ms until it holds or `timeoutMs` passes. */
export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}
