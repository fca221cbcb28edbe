// The project's fake flyctl (test/fakes/fake-flyctl/fake-flyctl.cjs), set up for the
// extension host: a state file for one app, flyFauna.flyctlPath pointing at the script,
// and FAKE_FLYCTL_* in this process' environment (the extension runs in the same host
// process and passes its environment to flyctl). The test helpers of test/fakes read
// files relative to their own folder, which a bundle cannot, so the state is built here
// from the same recorded machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repoRoot, waitFor } from './helpers';

interface Call {
  argv: string[];
  stdinUsed: boolean;
  stdinBytes: number;
  exitCode?: number;
}

interface State {
  app: string;
  machines: unknown[];
  secrets?: Array<{ name: string; digest: string; status: string }>;
  [k: string]: unknown;
}

export interface FakeFly {
  configure(): Promise<void>;
  calls(): Call[];
  /** Every log line, including `{ hanging: true, pid }` ones of calls that never ended. */
  raw(): Array<{ argv?: string[]; pid?: number; hanging?: boolean; exitCode?: number }>;
  state(): State;
  dispose(): Promise<void>;
}

export function useFakeFlyctl(
  app: string,
  groups: Record<string, Record<string, number>>,
  extra: Record<string, unknown> = {},
): FakeFly {
  const fakes = path.join(repoRoot(), 'test/fakes/fake-flyctl');
  const script = path.join(fakes, 'fake-flyctl.cjs');
  const template = (
    JSON.parse(
      fs.readFileSync(path.join(fakes, 'data/machines-list.synthesized.json'), 'utf8'),
    ) as Array<Record<string, unknown>>
  )[0];
  let seq = 0;
  const machine = (region: string, group: string, state = 'started') => {
    const m = JSON.parse(JSON.stringify(template)) as {
      id: string;
      name: string;
      region: string;
      state: string;
      config: { metadata?: Record<string, string>; env?: Record<string, string> };
    };
    seq++;
    m.id = `3d8d${(0x9f11 + seq * 7919).toString(16)}e0c87`.slice(0, 14);
    m.name = `vscode-test-${seq}`;
    m.region = region;
    m.state = state;
    m.config.metadata = { ...m.config.metadata, fly_process_group: group };
    m.config.env = { ...m.config.env, FLY_PROCESS_GROUP: group };
    return m;
  };
  const machines = Object.entries(groups).flatMap(([g, regions]) =>
    Object.entries(regions).flatMap(([r, n]) => Array.from({ length: n }, () => machine(r, g))),
  );
  // What Fly's API also returns and the check must leave out.
  machines.push(
    machine('iad', 'fly_app_release_command', 'stopped'),
    machine('syd', 'app', 'destroyed'),
  );
  // `platform regions --json` answers with the project's compiled region reference, as
  // test/fakes/fake-flyctl/index.ts does.
  const ref = JSON.parse(
    fs.readFileSync(path.join(fakes, 'data/fly-regions.compiled-reference.json'), 'utf8'),
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
  const platformRegions = ref.regions.map((r) => ({
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-fauna-fake-'));
  const statePath = path.join(dir, 'state.json');
  const logPath = path.join(dir, 'calls.jsonl');
  fs.writeFileSync(
    statePath,
    JSON.stringify(
      {
        app,
        releases: 3,
        processGroups: Object.keys(groups),
        machines,
        machineTemplate: machine('lhr', 'app'),
        platformRegions,
        ...extra,
      },
      null,
      2,
    ),
  );
  const before = { state: process.env.FAKE_FLYCTL_STATE, log: process.env.FAKE_FLYCTL_LOG };
  return {
    async configure() {
      process.env.FAKE_FLYCTL_STATE = statePath;
      process.env.FAKE_FLYCTL_LOG = logPath;
      // flyctlPath is machine-scoped: it can only be a user (global) setting.
      await vscode.workspace
        .getConfiguration('flyFauna')
        .update('flyctlPath', script, vscode.ConfigurationTarget.Global);
      await waitFor('flyctlPath to apply', () =>
        vscode.workspace.getConfiguration('flyFauna').get('flyctlPath') === script
          ? true
          : undefined,
      );
    },
    calls: () =>
      fs.existsSync(logPath)
        ? fs
            .readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as Call)
            .filter((c) => Array.isArray(c.argv) && c.exitCode !== undefined)
        : [],
    raw: () =>
      fs.existsSync(logPath)
        ? fs
            .readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map(
              (l) =>
                JSON.parse(l) as {
                  argv?: string[];
                  pid?: number;
                  hanging?: boolean;
                  exitCode?: number;
                },
            )
        : [],
    state: () => JSON.parse(fs.readFileSync(statePath, 'utf8')) as State,
    async dispose() {
      await vscode.workspace
        .getConfiguration('flyFauna')
        .update('flyctlPath', undefined, vscode.ConfigurationTarget.Global);
      process.env.FAKE_FLYCTL_STATE = before.state;
      process.env.FAKE_FLYCTL_LOG = before.log;
      if (before.state === undefined) delete process.env.FAKE_FLYCTL_STATE;
      if (before.log === undefined) delete process.env.FAKE_FLYCTL_LOG;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
