/**
 * The extension's size and speed in a real VS Code: the .vsix and bundle sizes, and,
 * measured inside the VS Code 1.100.3 extension host (test/vscode/run-all.mjs --metrics,
 * a fresh host per run), activation time, the time from an edit to updated diagnostics
 * (including the 250 ms debounce) and one diagnostics pass against the engine's own
 * parse + lint of the same text in the same process. Goal: the pass costs at most 2x
 * the engine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchModule, BenchReport } from './lib';
import { median } from './lib';

const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env.VSCODE_BENCH_RUNS ?? 5);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface Metrics {
  activationMs: number;
  editToDiagnosticsMs: number;
  diagnosticsPassMs: number;
  enginePassMs: number;
  passToEngine: number;
  textBytes: number;
}

function measureAll(): BenchReport {
  {
    const report: BenchReport = { results: [], ratios: [], figures: {}, notes: [] };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-fauna-vscode-bench-'));
    try {
      // Sizes of what ships: `vsce package` builds the production bundle (vscode:prepublish).
      const vsix = path.join(tmp, 'fly-fauna.vsix');
      execFileSync(
        path.join(root, 'node_modules/.bin/vsce'),
        ['package', '--no-dependencies', '--out', vsix],
        {
          cwd: root,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      report.figures!['fly-fauna.vsix'] = kb(fs.statSync(vsix).size);
      report.figures!['dist/extension.js (production, minified)'] = kb(
        fs.statSync(path.join(root, 'dist/extension.js')).size,
      );
      // Back to the development bundles the tests load (with source maps).
      execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });

      if (!fs.existsSync(path.join(root, '.cache/vscode-host/node_modules/code-server'))) {
        report.notes!.push(
          'in-host timings skipped: no VS Code test host (run scripts/vscode-host/install.sh)',
        );
        return report;
      }
      const out = path.join(tmp, 'metrics.jsonl');
      const r = spawnSync(
        process.execPath,
        [
          path.join(root, 'test/vscode/run-all.mjs'),
          '--metrics',
          out,
          '--runs',
          String(RUNS),
          '--timeout',
          '120',
        ],
        { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      if (r.status !== 0 || !fs.existsSync(out)) {
        report.notes!.push(`in-host timings failed (run-all exit ${r.status})`);
        return report;
      }
      const rows = fs
        .readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Metrics);
      const med = (k: keyof Metrics) => median(rows.map((m) => m[k]));
      report.results.push(
        {
          name: 'activate() in the extension host',
          medianMs: med('activationMs'),
          runs: rows.length,
        },
        {
          name: 'edit → diagnostics updated (incl. 250 ms debounce)',
          medianMs: med('editToDiagnosticsMs'),
          runs: rows.length,
        },
        {
          name: 'one diagnostics pass (analysis + conversion)',
          medianMs: med('diagnosticsPassMs'),
          runs: rows.length,
        },
        {
          name: 'engine alone: lintFlyToml(parseFlyToml(text))',
          medianMs: med('enginePassMs'),
          runs: rows.length,
        },
      );
      report.ratios.push({
        name: 'diagnostics pass / engine pass (same text, same host)',
        value: med('passToEngine'),
        limit: 2,
      });
      report.figures!['text diagnosed'] =
        `${rows[0].textBytes} bytes (flyctl's full reference fly.toml)`;
      report.notes!.push(
        `${rows.length} fresh hosts; each figure is the median of the per-run medians (20 measured edits per run after 10 warm-up edits; the ratio is the median of per-edit ratios)`,
      );
      return report;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

const bench: BenchModule = {
  title: 'VS Code extension: package size, activation, edit-to-diagnostics',
  // Everything runs in child processes, synchronously.
  run: () => Promise.resolve(measureAll()),
};

export default bench;
