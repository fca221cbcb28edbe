/**
 * fly.toml engine speed: the full pass (parseFlyToml + lintFlyToml) against a bare
 * toml-eslint-parser parseTOML of the same text, on flyctl's full-reference.toml and on
 * generated 5,000- and 50,000-line files. Goals: full pass <= 1.5x the bare parse; 10x
 * the lines <= 12x the time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTOML } from 'toml-eslint-parser';
import { lintFlyToml, parseFlyToml } from '../src/core/flytoml';
import type { BenchModule, BenchResult } from './lib';
import { measurePair, ratio } from './lib';

/** A realistic fly.toml of about `lines` lines: many services, checks, env, vm and mounts. */
export function generateFlyToml(lines: number): string {
  const out: string[] = ['app = "generated"', 'primary_region = "lhr"', 'kill_signal = "SIGINT"', 'kill_timeout = "5s"', '', '[build]', '  dockerfile = "Dockerfile"', '', '[deploy]', '  strategy = "rolling"', '  release_command = "bin/migrate --all"', '', '[env]'];
  for (let i = 0; i < 20; i++) out.push(`  VAR_${i} = "value-${i}"`);
  out.push('', '[processes]', '  app = "bin/web"', '  worker = "bin/worker --queue default"', '');
  out.push('[http_service]', '  internal_port = 8080', '  processes = ["app"]', '  auto_stop_machines = "stop"', '  [[http_service.checks]]', '    interval = "15s"', '    timeout = "2s"', '    path = "/health"', '');
  let i = 0;
  while (out.length < lines) {
    out.push(
      '[[services]]',
      `  internal_port = ${9000 + (i % 1000)}`,
      '  protocol = "tcp"',
      '  processes = ["worker"]',
      '  auto_stop_machines = false',
      '  [services.concurrency]',
      '    type = "connections"',
      '    hard_limit = 25',
      '    soft_limit = 20',
      '  [[services.ports]]',
      `    port = ${10000 + (i % 50000)}`,
      '    handlers = ["tls"]',
      '    [services.ports.tls_options]',
      '      alpn = ["h2"]',
      '  [[services.tcp_checks]]',
      '    interval = "15s"',
      '    timeout = "2s"',
      '    grace_period = "5s"',
      '  [[services.http_checks]]',
      '    interval = 10000',
      '    timeout = 2000',
      '    path = "/ready"',
      '    [services.http_checks.headers]',
      `      X-Check = "c${i}"`,
      '',
    );
    i++;
  }
  out.push('[[vm]]', '  size = "shared-cpu-1x"', '  memory = "512mb"', '', '[[mounts]]', '  source = "data"', '  destination = "/data"', '  initial_size = "10gb"');
  return out.join('\n') + '\n';
}

/** A file where nearly every line is a finding: typos, bad values, groups with many mounts. */
export function generateBadFlyToml(lines: number): string {
  const out: string[] = ['app = "bad"', '[processes]'];
  const groups = Math.max(1, Math.floor(lines / 20));
  for (let g = 0; g < groups; g++) out.push(`  g${g} = "run 'x"`);
  out.push('[http_service]', '  internal_port = "80"', '  [[http_service.checks]]', '    interval = 5000');
  let i = 0;
  while (out.length < lines) {
    out.push('[[mounts]]', `  sorce = "v${i}"`, '  initial_size = "10mb"', `  processes = ["g${i % groups}"]`, '[[vm]]', '  size = "huge"', '  memroy = 0', `  processes = ["g${i % groups}"]`);
    i++;
  }
  return out.join('\n') + '\n';
}

const full = (t: string) => (): unknown => lintFlyToml(parseFlyToml(t));
const bare = (t: string) => (): unknown => parseTOML(t, { tomlVersion: '1.0.0' });

const bench: BenchModule = {
  title: 'fly.toml engine',
  async run() {
    const ref = fs.readFileSync(path.join(__dirname, '../test/fixtures/fly-toml/full-reference.toml'), 'utf8');
    const g5 = generateFlyToml(5000);
    const g50 = generateFlyToml(50000);
    if (lintFlyToml(parseFlyToml(g5)).some((f) => f.severity === 'error')) throw new Error('generated file should lint clean of errors');

    const [refFull, refBare] = await measurePair(
      { name: 'full-reference.toml: parseFlyToml + lintFlyToml', fn: full(ref) },
      { name: 'full-reference.toml: parseTOML', fn: bare(ref) },
      { warmup: 20, runs: 31, batch: 200 },
    );
    const [g5Full, g5Bare] = await measurePair(
      { name: '5,000 lines: parseFlyToml + lintFlyToml', fn: full(g5) },
      { name: '5,000 lines: parseTOML', fn: bare(g5) },
      { warmup: 5, runs: 21, batch: 5 },
    );
    const [g50Full, g50Bare]: [BenchResult, BenchResult] = await measurePair(
      { name: '50,000 lines: parseFlyToml + lintFlyToml', fn: full(g50) },
      { name: '50,000 lines: parseTOML', fn: bare(g50) },
      { warmup: 2, runs: 9, batch: 1 },
    );
    // Scaling, measured interleaved so that load on the machine hits both alike: one
    // 50,000-line pass against ten 5,000-line passes.
    const [scale50, scale5x10] = await measurePair(
      { name: 'scaling: one 50,000-line full pass', fn: full(g50) },
      {
        name: 'scaling: ten 5,000-line full passes',
        fn: () => {
          for (let i = 0; i < 10; i++) lintFlyToml(parseFlyToml(g5));
        },
      },
      { warmup: 1, runs: 15, batch: 1 },
    );
    const per5k: BenchResult = { name: 'scaling: one 5,000-line full pass (a tenth of ten)', medianMs: scale5x10.medianMs / 10, runs: scale5x10.runs };
    // The bare parser's own scaling, measured the same way (it was the 50,000-line pair's
    // median over the 5,000-line pair's: other runs, batch sizes and GC states).
    const [bareScale50, bareScale5x10] = await measurePair(
      { name: 'scaling: one 50,000-line parseTOML', fn: bare(g50) },
      {
        name: 'scaling: ten 5,000-line parseTOML',
        fn: () => {
          for (let i = 0; i < 10; i++) parseTOML(g5, { tomlVersion: '1.0.0' });
        },
      },
      { warmup: 1, runs: 15, batch: 1 },
    );
    const bare5k: BenchResult = { name: 'scaling: one 5,000-line parseTOML (a tenth of ten)', medianMs: bareScale5x10.medianMs / 10, runs: bareScale5x10.runs };
    // Worst case for the linter's own work: every entry is a finding (unknown keys, bad
    // values, many groups and mounts). No goal; recorded to show it stays linear.
    const bad = generateBadFlyToml(20000);
    const [badFull, badBare] = await measurePair(
      { name: '20,000 lines, a finding on each: parseFlyToml + lintFlyToml', fn: full(bad) },
      { name: '20,000 lines, a finding on each: parseTOML', fn: bare(bad) },
      { warmup: 1, runs: 5, batch: 1 },
    );
    return {
      results: [refFull, refBare, g5Full, g5Bare, g50Full, g50Bare, scale50, scale5x10, bareScale50, bareScale5x10, badFull, badBare],
      ratios: [
        ratio('full pass / parseTOML, full-reference.toml', refFull, refBare, 1.5),
        ratio('full pass / parseTOML, 5,000 lines', g5Full, g5Bare, 1.5),
        ratio('full pass / parseTOML, 50,000 lines', g50Full, g50Bare),
        ratio('full pass 50,000 lines / 5,000 lines (interleaved)', scale50, per5k, 12),
        ratio('bare parseTOML 50,000 lines / 5,000 lines (interleaved, for reference)', bareScale50, bare5k),
        ratio('full pass / parseTOML, 20,000 lines all findings', badFull, badBare),
      ],
      figures: {
        'full-reference.toml size': `${ref.length} chars, ${ref.split('\n').length} lines`,
        'generated 5,000-line file': `${g5.length} chars, ${g5.split('\n').length - 1} lines`,
        'generated 50,000-line file': `${g50.length} chars, ${g50.split('\n').length - 1} lines`,
      },
    };
  },
};

export default bench;
