import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { lintFlyToml, parseFlyToml } from '../../../src/core/flytoml';
import * as path from 'node:path';
import { api, diagnosticsWhen, openEditor, repoRoot, revert, wsUri } from './helpers';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Timings measured inside the real host, for bench/vscode.bench.ts (FLY_FAUNA_METRICS
 * names the JSON-lines file; without it the test still checks that each edit is
 * diagnosed). Nothing here asserts a time.
 */
export function metricsTests(): void {
  suite('metrics', () => {
    test('activation, edit-to-diagnostics and the diagnostics pass against the engine alone', async () => {
      const a = await api();
      // flyctl's own full reference fly.toml (test/fixtures/fly-toml, Apache-2.0): a
      // realistic size for the timings, written into the temp workspace.
      const big = fs.readFileSync(
        path.join(repoRoot(), 'test/fixtures/fly-toml/full-reference.toml'),
        'utf8',
      );
      fs.mkdirSync(path.dirname(wsUri('large/fly.toml').fsPath), { recursive: true });
      fs.writeFileSync(wsUri('large/fly.toml').fsPath, big);
      const editor = await openEditor('large/fly.toml');
      const doc = editor.document;
      const editToDiagnostics: number[] = [];
      const passes: number[] = [];
      const engine: number[] = [];
      const ratios: number[] = [];
      try {
        // The first WARMUP edits only warm both copies of the engine (the extension's and
        // this bundle's) alike; then each edit is measured once on both sides.
        const WARMUP = 10;
        for (let i = 0; i < WARMUP + 20; i++) {
          const typo = i % 2 === 0;
          const t0 = performance.now();
          await editor.edit((b) =>
            typo
              ? b.insert(new vscode.Position(1, 0), 'kill_signl = "SIGINT"\n')
              : b.delete(new vscode.Range(1, 0, 2, 0)),
          );
          const version = doc.version;
          await diagnosticsWhen(doc.uri, `edit ${i} diagnosed`, (d) => {
            const has = d.some(
              (x) =>
                (x.code as { value: string }).value === 'unknown-key' && x.range.start.line === 1,
            );
            return (
              has === typo &&
              a.diagnosticsPasses.some((p) => p.uri === doc.uri.toString() && p.version === version)
            );
          });
          const waited = performance.now() - t0;
          const pass = a.diagnosticsPasses.find(
            (p) => p.uri === doc.uri.toString() && p.version === version,
          )!.ms;
          // The engine alone on the same text, in the same process, right after.
          const text = doc.getText();
          const e0 = performance.now();
          lintFlyToml(parseFlyToml(text));
          const alone = performance.now() - e0;
          if (i < WARMUP) continue;
          editToDiagnostics.push(waited);
          passes.push(pass);
          engine.push(alone);
          ratios.push(pass / alone);
        }
      } finally {
        await revert(doc);
      }
      const result = {
        at: new Date().toISOString(),
        activationMs: a.activationMs,
        editToDiagnosticsMs: median(editToDiagnostics),
        diagnosticsPassMs: median(passes),
        enginePassMs: median(engine),
        passToEngine: median(ratios),
        textBytes: doc.getText().length,
      };
      console.log(`metrics: ${JSON.stringify(result)}`);
      assert.ok(result.activationMs > 0);
      const out = process.env.FLY_FAUNA_METRICS;
      if (out) fs.appendFileSync(out, JSON.stringify(result) + '\n');
    });
  });
}
