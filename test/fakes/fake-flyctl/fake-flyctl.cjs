#!/usr/bin/env node
// Plain Node (CommonJS, no build step) so it starts fast; eslint.config.mjs ignores it.
// A fake `flyctl` for tests. It simulates one Fly app from a JSON state file and
// answers the commands fly-fauna uses, with flyctl's real JSON shapes, text output,
// error messages and exit codes as recorded in research/fly.md §3 (and flyctl's
// internal/command/scale/count_machines.go for the scale semantics).
//
// Environment:
//   FAKE_FLYCTL_STATE    path of the state file (required)
//   FAKE_FLYCTL_LOG      path of the call log (JSON lines; default: beside the state)
//   FAKE_FLYCTL_FAIL     comma list of failure modes: not-logged-in, app-not-found,
//                        hang, non-json, crash (state.fail does the same)
//   FAKE_FLYCTL_FAIL_ON  only fail commands whose words start with this ("machines list")
//   FAKE_FLYCTL_SLOW_MS  wait this long before answering any command
//   FAKE_FLYCTL_HANG_CHILD=1  in hang mode, also start a grandchild that hangs
//
// The log records argv, cwd, whether stdin was read (and how many bytes), whether it
// was a terminal, and a few env vars; never a secret value.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const statePath = process.env.FAKE_FLYCTL_STATE;
if (!statePath) {
  process.stderr.write('Error: fake flyctl: FAKE_FLYCTL_STATE is not set\n');
  process.exit(1);
}
const logPath =
  process.env.FAKE_FLYCTL_LOG || path.join(path.dirname(statePath), 'flyctl-calls.jsonl');
const argv = process.argv.slice(2);
const exeName =
  path.basename(process.argv[1]).replace(/\.c?js$/, '') === 'fake-flyctl'
    ? 'flyctl'
    : path.basename(process.argv[1]);

function readState() {
  return JSON.parse(fs.readFileSync(statePath, 'utf8'));
}
function writeState(s) {
  const tmp = `${statePath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(s, null, 2));
  fs.renameSync(tmp, statePath);
}

const logEntry = {
  argv,
  cwd: process.cwd(),
  pid: process.pid,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdinUsed: false,
  stdinBytes: 0,
  env: {
    NO_COLOR: process.env.NO_COLOR ?? null,
    FLY_NO_UPDATE_CHECK: process.env.FLY_NO_UPDATE_CHECK ?? null,
    FLY_APP: process.env.FLY_APP ?? null,
  },
  // Names (never values) of non-empty FAUNA_* variables flyctl was given.
  faunaEnvNames: Object.keys(process.env).filter(
    (n) => /^FAUNA_/i.test(n) && process.env[n] !== '',
  ),
  startedAt: Date.now(),
};
function writeLog(extra) {
  fs.appendFileSync(logPath, JSON.stringify({ ...logEntry, ...extra }) + '\n');
}

function out(text) {
  process.stdout.write(text);
}
function fail(message, code = 1, extraLines = []) {
  process.stderr.write(`Error: ${message}\n`);
  for (const l of extraLines) process.stderr.write(`${l}\n`);
  finish(code);
}
let finished = false;
function finish(code) {
  if (finished) return;
  finished = true;
  writeLog({ exitCode: code, endedAt: Date.now() });
  process.exitCode = code;
}

// --- flag parsing, pflag style: flags anywhere, --f=v, -f v, -abc not needed ---
const VALUE_FLAGS = {
  '-a': 'app',
  '--app': 'app',
  '-c': 'config',
  '--config': 'config',
  '-r': 'region',
  '--region': 'region',
  '-g': 'group',
  '--process-group': 'group',
  '--group': 'group',
  '--max-per-region': 'maxPerRegion',
  '-t': 'accessToken',
  '--access-token': 'accessToken',
  '--strategy': 'strategy',
  '--wait-timeout': 'waitTimeout',
  '--image': 'image',
  '-i': 'image',
  '--primary-region': 'primaryRegion',
  '-e': 'env',
  '--env': 'env',
};
const BOOL_FLAGS = {
  '--json': 'json',
  '-j': 'json',
  '-y': 'yes',
  '--yes': 'yes',
  '--auto-confirm': 'yes',
  '--debug': 'debug',
  '--verbose': 'verbose',
  '--stage': 'stage',
  '--detach': 'detach',
  '--remote-only': 'remoteOnly',
  '--local-only': 'localOnly',
  '--now': 'now',
  '--ha': 'ha',
  '--build-only': 'buildOnly',
  '-q': 'quiet',
  '--quiet': 'quiet',
};
function parseFlags(args) {
  const flags = {};
  const words = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      words.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_FLAGS[name]) {
      let v;
      if (eq > 0) v = a.slice(eq + 1);
      else if (i + 1 < args.length) v = args[++i];
      else return { error: `flag needs an argument: ${name}` };
      const key = VALUE_FLAGS[name];
      if (key === 'env') (flags.env ??= []).push(v);
      else flags[key] = v;
    } else if (BOOL_FLAGS[name]) {
      flags[BOOL_FLAGS[name]] = eq > 0 ? a.slice(eq + 1) !== 'false' : true;
    } else {
      return {
        error: name.startsWith('--')
          ? `unknown flag: ${name}`
          : `unknown shorthand flag: '${name.slice(1, 2)}' in ${name}`,
      };
    }
  }
  return { flags, words };
}

// --- machines ---
const INTERNAL_GROUPS = [
  'fly_app_release_command',
  'fly_app_console',
  'fly_app_test_machine_command',
];
function groupOf(m) {
  const md = (m.config && m.config.metadata) || {};
  return md.fly_process_group || (m.config && m.config.process_group) || 'app';
}
// ListFlyAppsMachines: platform v2, not destroyed, not release-command/console.
function flyAppsMachines(machines) {
  return machines.filter((m) => {
    const md = (m.config && m.config.metadata) || {};
    return (
      md.fly_platform_version === 'v2' &&
      !INTERNAL_GROUPS.includes(groupOf(m)) &&
      m.state !== 'destroyed' &&
      m.state !== 'destroying'
    );
  });
}
function sizeOf(m) {
  const g = (m.config && m.config.guest) || {};
  const kind = g.cpu_kind === 'performance' ? 'performance' : 'shared';
  const cpus = g.cpus || 1;
  return `${kind}-cpu-${cpus}x`;
}
function visibleMachines(state) {
  if (state.listView && Date.now() < state.listView.until) return state.listView.machines;
  return state.machines;
}
function randomHex(n) {
  return crypto
    .randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
}
const WORDS_A = ['holy', 'bold', 'dark', 'quiet', 'misty', 'late', 'wild', 'young'];
const WORDS_B = ['sun', 'tree', 'wave', 'river', 'frost', 'leaf', 'moon', 'cloud'];
function cloneMachine(template, region, group) {
  const m = JSON.parse(JSON.stringify(template));
  const id = randomHex(14);
  m.id = id;
  m.name = `${WORDS_A[crypto.randomInt(8)]}-${WORDS_B[crypto.randomInt(8)]}-${crypto.randomInt(1000, 9999)}`;
  m.region = region;
  m.state = 'started';
  m.instance_id = `01K0FAKE${randomHex(14).toUpperCase()}`;
  m.created_at = m.updated_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  m.config = m.config || {};
  m.config.metadata = {
    ...(m.config.metadata || {}),
    fly_process_group: group,
    fly_platform_version: 'v2',
  };
  m.config.env = { ...(m.config.env || {}), FLY_PROCESS_GROUP: group };
  return m;
}

// --- app name resolution (command.go RequireAppName) ---
function appNameFromConfig(configPath) {
  const p = configPath ? path.resolve(configPath) : path.resolve('fly.toml');
  let text;
  try {
    text = fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
  const m = /^\s*app\s*=\s*["']([^"']*)["']/m.exec(text);
  return m ? m[1] : null;
}
function primaryRegionFromConfig(configPath) {
  const p = configPath ? path.resolve(configPath) : path.resolve('fly.toml');
  try {
    const m = /^\s*primary_region\s*=\s*["']([^"']*)["']/m.exec(fs.readFileSync(p, 'utf8'));
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

// --- main ---
async function main() {
  const parsed = parseFlags(argv);
  const slow = Number(process.env.FAKE_FLYCTL_SLOW_MS || 0);
  if (slow > 0) await new Promise((r) => setTimeout(r, slow));
  if (parsed.error) return fail(parsed.error);
  const { flags, words } = parsed;
  const state = readState();
  if (state.slowMs && !slow) await new Promise((r) => setTimeout(r, state.slowMs));

  // Aliases: machine/machines/m, list/ls.
  const w = [...words];
  if (['machine', 'm'].includes(w[0])) w[0] = 'machines';
  if (w[0] === 'machines' && w[1] === 'ls') w[1] = 'list';
  const cmd = w.slice(0, 2).join(' ');

  const failOn = process.env.FAKE_FLYCTL_FAIL_ON;
  const applies = !failOn || w.join(' ').startsWith(failOn);
  const modes = new Set(
    [...(process.env.FAKE_FLYCTL_FAIL || '').split(','), ...(state.fail || [])].filter(Boolean),
  );
  const mode = (m) => applies && modes.has(m);

  if (mode('crash')) {
    process.stderr.write(
      'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1c3f0a2]\n\ngoroutine 1 [running]:\nmain.main()\n',
    );
    return finish(3);
  }
  if (mode('hang')) {
    writeLog({ hanging: true });
    if (process.env.FAKE_FLYCTL_HANG_CHILD === '1') {
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], {
        stdio: 'ignore',
      });
      fs.appendFileSync(
        logPath,
        JSON.stringify({ grandchildPid: child.pid, pid: process.pid }) + '\n',
      );
    }
    setInterval(() => {}, 1e9);
    return;
  }

  if (words[0] === 'version') {
    const v = {
      Name: exeName,
      Version: state.version || '0.4.87',
      Commit: 'ad0172face303b77584eea95b46fa3ddc61d5ddd',
      BranchName: '',
      BuildDate: '2026-08-20T18:56:30Z',
      OS: 'linux',
      Architecture: 'amd64',
      Environment: 'production',
    };
    if (mode('non-json')) {
      out(`${exeName} v${v.Version} linux/amd64 Commit: ${v.Commit} BuildDate: ${v.BuildDate}\n`);
      return finish(0);
    }
    out(
      flags.json
        ? JSON.stringify(v) + '\n'
        : `${exeName} v${v.Version} ${v.OS}/${v.Architecture} Commit: ${v.Commit} BuildDate: ${v.BuildDate}\n`,
    );
    return finish(0);
  }

  const known = [
    'auth whoami',
    'machines list',
    'status',
    'scale show',
    'scale count',
    'platform regions',
    'deploy',
    'secrets set',
    'secrets list',
  ];
  const matched = known.find((k) => cmd === k || w[0] === k);
  if (!matched) {
    process.stderr.write(`Error: unknown command "${w[0] || ''}" for "${exeName}"\n`);
    out(`Run '${exeName} --help' for usage.\n`);
    return finish(1);
  }

  // Everything else needs a session (RequireSession).
  if (mode('not-logged-in') || state.loggedIn === false) {
    return fail("no access token available. Please login with 'flyctl auth login'");
  }
  if (matched === 'auth whoami') {
    if (mode('non-json')) {
      out(`${state.email || 'dev@example.com'}\n`);
      return finish(0);
    }
    out(
      flags.json
        ? JSON.stringify({ email: state.email || 'dev@example.com' }, null, 4) + '\n'
        : `${state.email || 'dev@example.com'}\n`,
    );
    return finish(0);
  }
  if (matched === 'platform regions') {
    if (mode('non-json')) {
      out('NAME                        CODE  MPG\nEurope\nLondon, United Kingdom      lhr   ✓\n');
      return finish(0);
    }
    const regions = state.platformRegions || [];
    if (state.regionsShape === 'legacy') {
      // flyctl <= v0.3.120: fly-go struct without json tags, no deprecated filter.
      const legacy = regions.map((r) => ({
        Code: r.code,
        Name: r.name,
        Latitude: r.latitude,
        Longitude: r.longitude,
        GatewayAvailable: r.gateway_available,
        RequiresPaidPlan: r.requires_paid_plan,
      }));
      out(JSON.stringify(legacy, null, 4) + '\n');
    } else {
      const current = regions
        .filter((r) => !r.deprecated)
        .sort((a, b) => a.name.localeCompare(b.name));
      out(JSON.stringify(current, null, 4) + '\n');
    }
    return finish(0);
  }

  // App-scoped commands: -a, else FLY_APP, else `app` in the config file.
  const app = flags.app || process.env.FLY_APP || appNameFromConfig(flags.config);
  if (!app) {
    return fail(
      'the config for your app is missing an app name, add an app field to the fly.toml file or specify with the -a flag',
    );
  }
  const appExists = !mode('app-not-found') && app === state.app;

  if (matched === 'machines list') {
    if (!appExists)
      return fail(
        `failed to list VMs: app not found (Request ID: 01K0FAKEREQUEST-${state.requestRegion || 'lhr'})`,
      );
    if (mode('non-json')) {
      out(`${visibleMachines(state).length} machines have been retrieved from app ${app}.\n`);
      return finish(0);
    }
    if (!flags.json) {
      out(
        `${visibleMachines(state).length} machines have been retrieved from app ${app}.\nView them in the UI here (https://fly.io/apps/${app}/machines/)\n`,
      );
      return finish(0);
    }
    out(JSON.stringify(visibleMachines(state), null, 4) + '\n');
    return finish(0);
  }
  if (!appExists) return fail(`Could not find App "${app}"`);

  if (matched === 'status') {
    if (flags.json && mode('non-json')) {
      out(`App\n  Name     = ${app}\n`);
      return finish(0);
    }
    const ms = flyAppsMachines(visibleMachines(state));
    const st = {
      AppURL: '',
      Deployed: (state.releases || 0) > 0,
      Hostname: `${app}.fly.dev`,
      ID: app,
      Machines: ms,
      Name: app,
      Organization: {
        ID: 'o1FAKE',
        InternalNumericID: '1',
        Name: 'Personal',
        Slug: 'personal',
        RawSlug: 'personal',
        PaidPlan: false,
      },
      PlatformVersion: 'machines',
      Status: ms.length ? 'deployed' : 'pending',
      Version: state.releases || 0,
    };
    out(JSON.stringify(st, null, 4) + '\n');
    return finish(0);
  }
  if (matched === 'scale show') {
    if (mode('non-json')) {
      out(`VM Resources for app: ${app}\n`);
      return finish(0);
    }
    const ms = flyAppsMachines(visibleMachines(state));
    const groups = {};
    for (const m of ms) (groups[groupOf(m)] ??= []).push(m);
    const rows = Object.keys(groups)
      .sort()
      .map((g) => {
        const first = groups[g][0];
        const regions = {};
        for (const m of groups[g]) regions[m.region] = (regions[m.region] || 0) + 1;
        // Go's encoding/json writes map keys sorted.
        const sorted = {};
        for (const k of Object.keys(regions).sort()) sorted[k] = regions[k];
        const guest = (first.config && first.config.guest) || {};
        return {
          Process: g,
          Count: groups[g].length,
          CPUKind: guest.cpu_kind,
          CPUs: guest.cpus,
          Memory: guest.memory_mb,
          Regions: sorted,
        };
      });
    if (!flags.json) {
      out(`VM Resources for app: ${app}\n\nGroups\nNAME\tCOUNT\tKIND\tCPUS\tMEMORY\tREGIONS\n`);
      for (const r of rows)
        out(
          `${r.Process}\t${r.Count}\t${r.CPUKind}\t${r.CPUs}\t${r.Memory} MB\t${Object.keys(
            r.Regions,
          )
            .sort()
            .map((k) => (r.Regions[k] > 1 ? `${k}(${r.Regions[k]})` : k))
            .join(',')}\n`,
        );
      return finish(0);
    }
    out(JSON.stringify(rows, null, 4) + '\n');
    return finish(0);
  }
  if (matched === 'scale count') return scaleCount(state, app, flags, w.slice(2));
  if (matched === 'deploy') return deploy(state, app, flags);
  if (matched === 'secrets set') return secretsSet(state, app, flags, w.slice(2));
  if (matched === 'secrets list') {
    out(JSON.stringify(state.secrets || [], null, 4) + '\n');
    return finish(0);
  }
}

// internal/command/scale/count_machines.go convergeGroupCounts, restated.
function converge(expected, current, regions) {
  const diffs = {};
  let diff = expected;
  for (const r of regions) diff -= current[r] || 0;
  let idx = 0;
  while (diff > 0) {
    const r = regions[idx % regions.length];
    diffs[r] = (diffs[r] || 0) + 1;
    diff--;
    idx++;
  }
  idx = -1;
  while (diff < 0) {
    const r = regions[-idx % regions.length];
    if ((current[r] || 0) + (diffs[r] || 0) > 0) {
      diffs[r] = (diffs[r] || 0) - 1;
      diff++;
    }
    idx--;
  }
  return diffs;
}

function scaleCount(state, app, flags, args) {
  if (args.length !== 1 || !/^[+-]?\d+$/.test(args[0])) {
    return fail(
      args.length === 0
        ? 'requires at least 1 arg(s), only received 0'
        : `invalid count: ${args.join(' ')}`,
    );
  }
  if (args[0] === '+0' || args[0] === '-0') return fail(`invalid relative scale count: ${args[0]}`);
  const group = flags.group || 'app';
  const machines = flyAppsMachines(state.machines);
  if ((state.releases || 0) < 1) {
    return fail(
      'this app has no complete releases. Run `fly deploy` to create one and rerun this command',
    );
  }
  const knownGroups = state.processGroups || ['app'];
  if (!knownGroups.includes(group)) {
    return fail(
      `Attempting to scale unknown process groups [${group}] but valid names are [${knownGroups.join(' ')}]`,
    );
  }
  let regions = flags.region ? flags.region.split(',') : [];
  if (regions.length === 0) {
    regions = [...new Set(machines.map((m) => m.region))];
    if (regions.length === 0)
      regions = [primaryRegionFromConfig(flags.config) || state.primaryRegion || 'lhr'];
  }
  const groupMachines = machines.filter((m) => groupOf(m) === group);
  const current = {};
  for (const m of groupMachines) current[m.region] = (current[m.region] || 0) + 1;
  const n = /^[+-]/.test(args[0])
    ? Math.max(groupMachines.length + Number(args[0]), 0)
    : Number(args[0]);
  const diffs = converge(n, current, regions);
  const actions = Object.entries(diffs).filter(([, d]) => d !== 0);
  const template = groupMachines[0] || machines[0] || state.machineTemplate;
  if (actions.length === 0) {
    out('App already scaled to desired state. No need for changes\n');
    return finish(0);
  }
  out(`App '${app}' is going to be scaled according to this plan:\n`);
  for (const [region, delta] of actions) {
    const size = template ? sizeOf(template) : 'shared-cpu-1x';
    out(
      `${(delta > 0 ? '+' : '') + String(delta)}`.padStart(4) +
        ` machines for group '${group}' on region '${region}' of size '${size}'\n`,
    );
  }
  if (!flags.yes) {
    return fail('--yes flag must be specified when not running interactively');
  }
  const full = new Set(state.noCapacity || []);
  const before = JSON.parse(JSON.stringify(visibleMachines(state)));
  out('Executing scale plan\n');
  let error = null;
  for (const [region, delta] of actions) {
    if (delta > 0) {
      if (full.has(region)) {
        error = `failed to launch VM: aborted: insufficient resources available to fulfill request (Request ID: 01K0FAKEREQUEST-${region})`;
        continue;
      }
      if (!template) {
        error = 'no machine config to clone: deploy the app first';
        continue;
      }
      for (let i = 0; i < delta; i++) {
        const m = cloneMachine(template, region, group);
        state.machines.push(m);
        out(`  Created ${m.id} group:${group} region:${region} size:${sizeOf(m)}\n`);
      }
    } else {
      const inRegion = groupMachines.filter((m) => m.region === region);
      for (let i = 0; i > delta; i--) {
        const m = inRegion[-i];
        state.machines = state.machines.filter((x) => x.id !== m.id);
        out(`  Destroyed ${m.id} group:${group} region:${region} size:${sizeOf(m)}\n`);
      }
    }
  }
  if (state.listDelayMs)
    state.listView = { machines: before, until: Date.now() + state.listDelayMs };
  writeState(state);
  if (error) return fail(error, 1, ['', 'Try choosing a different region for machine creation']);
  return finish(0);
}

function deploy(state, app, flags) {
  const configPath = flags.config ? path.resolve(flags.config) : path.resolve('fly.toml');
  out('==> Verifying app config\n');
  if (!fs.existsSync(configPath)) return fail(`app config file '${configPath}' not found`);
  out(`Validating ${configPath}\n`);
  // aurora colours this line even under NO_COLOR (research/fly.md §3.0).
  out('\u001b[32m✓\u001b[0m Configuration is valid\n');
  out('--> Verified app config\n');
  if (state.deployFail) {
    out('==> Building image\n');
    return fail(state.deployFail);
  }
  out('==> Building image\n');
  out(`image: registry.fly.io/${app}:deployment-01K0FAKE${randomHex(8).toUpperCase()}\n`);
  const groups = state.processGroups || ['app'];
  const live = flyAppsMachines(state.machines);
  state.releases = (state.releases || 0) + 1;
  out(`Watch your deployment at https://fly.io/apps/${app}/monitoring\n`);
  if (live.length === 0) {
    const template = state.machineTemplate;
    const region = flags.primaryRegion || primaryRegionFromConfig(flags.config) || 'lhr';
    out(
      `This deployment will:\n * create 2 "app" machines\n\nNo machines in group app, launching a new machine\n`,
    );
    if (template) {
      for (const g of groups)
        for (let i = 0; i < 2; i++) state.machines.push(cloneMachine(template, region, g));
    }
  } else {
    for (const m of live)
      out(
        `Updating existing machines in '${app}' with rolling strategy\n  Machine ${m.id} [${groupOf(m)}] update succeeded\n`,
      );
  }
  writeState(state);
  out(`\nVisit your newly deployed app at https://${app}.fly.dev/\n`);
  return finish(0);
}

function readAllStdin() {
  return new Promise((resolve) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(''));
  });
}

async function secretsSet(state, app, flags, pairs) {
  const secrets = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) return fail(`could not parse secrets: '${p}': must be in the format NAME=VALUE`);
    secrets[p.slice(0, eq)] = p.slice(eq + 1);
  }
  for (const [k, v] of Object.entries(secrets)) {
    if (v !== '-') continue;
    // helpers.HasPipedStdin: a terminal is not piped stdin.
    if (process.stdin.isTTY)
      return fail(`secret \`${k}\` expects standard input but none provided`);
    const text = await readAllStdin();
    logEntry.stdinUsed = true;
    logEntry.stdinBytes = Buffer.byteLength(text);
    if (text === '') return fail(`secret \`${k}\` expects standard input but none provided`);
    if (Buffer.byteLength(text) > 64 * 1024)
      return fail(`error reading stdin for '${k}': input too large`);
    secrets[k] = text;
  }
  if (Object.keys(secrets).length < 1) return fail('requires at least one SECRET=VALUE pair');
  state.secrets = state.secrets || [];
  for (const [k, v] of Object.entries(secrets)) {
    const digest = crypto.createHash('sha256').update(v).digest('hex').slice(0, 16);
    state.secrets = state.secrets.filter((s) => s.name !== k);
    state.secrets.push({ name: k, digest, status: flags.stage ? 'Staged' : 'Deployed' });
  }
  writeState(state);
  if (flags.stage) {
    out(
      'Secrets have been staged, but not set on VMs. Deploy or update machines in this app for the secrets to take effect.\n',
    );
    return finish(0);
  }
  const live = flyAppsMachines(state.machines);
  out(`Updating existing machines in '${app}' with rolling strategy\n`);
  for (const m of live) out(`  Machine ${m.id} [${groupOf(m)}] update succeeded\n`);
  return finish(0);
}

main().catch((err) => {
  process.stderr.write(`panic: ${err && err.stack ? err.stack : err}\n`);
  finish(3);
});
