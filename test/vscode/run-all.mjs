#!/usr/bin/env node
// Runs every VS Code test group one after the other in the real host (test/vscode/run.mjs)
// and exits with the first failure's code (0 when all pass).
//
//   node test/vscode/run-all.mjs [--vsix FILE] [--only main,untrusted,fauna-only,vsix]
//        [--screenshots DIR] [--metrics FILE] [--runs N] [--selftest] [--timeout SECONDS]
//
// main       the repo as development extension, workspace trusted
// untrusted  the same in restricted mode (workspace trust on, not granted)
// fauna-only a workspace with no fly.toml (test/vscode/workspaces/fauna-only)
// vsix       the packaged extension installed with --install-extension (needs --vsix)
// --metrics FILE  run only the `metrics` group (activation, edit-to-diagnostics timings),
//            --runs N times in fresh hosts, each appending one JSON line to FILE
// --selftest checks the harness itself: a failing test must exit 1, a hung one 124
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = util.parseArgs({
  options: {
    vsix: { type: 'string' },
    only: { type: 'string' },
    screenshots: { type: 'string' },
    metrics: { type: 'string' },
    runs: { type: 'string', default: '1' },
    selftest: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' },
  },
});

const workspace = path.join(here, 'workspaces/app');
const groups = [
  { name: 'main', args: ['--workspace', workspace] },
  { name: 'untrusted', args: ['--workspace', workspace, '--untrusted'] },
  { name: 'fauna-only', args: ['--workspace', path.join(here, 'workspaces/fauna-only')] },
  ...(opts.vsix ? [{ name: 'vsix', args: ['--workspace', workspace, '--vsix', opts.vsix] }] : []),
];
const wanted = opts.only ? new Set(opts.only.split(',')) : null;

function runGroup(name, args, timeout = opts.timeout) {
  console.log(`\n=== VS Code tests: ${name} ===`);
  const r = spawnSync(
    process.execPath,
    [path.join(here, 'run.mjs'), ...args, '--timeout', timeout, '--env', `FLY_FAUNA_SUITE=${name}`],
    { stdio: 'inherit' },
  );
  return r.status ?? 1;
}

if (opts.selftest) {
  const expect = [
    ['selftest-fail', 1],
    ['selftest-hang', 124],
  ];
  for (const [name, code] of expect) {
    const got = runGroup(name, ['--workspace', workspace], '20');
    if (got !== code) {
      console.error(`harness selftest: ${name} exited ${got}, expected ${code}`);
      process.exit(1);
    }
    console.log(`harness selftest: ${name} exited ${got} as expected`);
  }
  process.exit(0);
}

const runs = Math.max(1, Number(opts.runs) || 1);
if (opts.metrics) {
  for (let i = 0; i < runs; i++) {
    const code = runGroup('metrics', [
      '--workspace',
      workspace,
      '--env',
      `FLY_FAUNA_METRICS=${path.resolve(opts.metrics)}`,
    ]);
    if (code !== 0) process.exit(code);
  }
  process.exit(0);
}
for (const g of groups) {
  if (wanted && !wanted.has(g.name)) continue;
  const extra = [];
  if (g.name === 'main' && opts.screenshots) extra.push('--screenshots', opts.screenshots);
  const code = runGroup(g.name, [...g.args, ...extra]);
  if (code !== 0) {
    console.error(`VS Code tests: group ${g.name} failed (exit ${code})`);
    process.exit(code);
  }
}
console.log('\nVS Code tests: all groups passed');
