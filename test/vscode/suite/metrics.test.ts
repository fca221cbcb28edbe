import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { lintFlyToml, parseFlyToml } from '../../../src/core/flytoml';
import { api, diagnosticsWhen, openEditor, revert } from './helpers';

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
      const editor = await openEditor('typo/fly.toml');
      const doc = editor.document;
      const editToDiagnostics: number[] = [];
      const passes: number[] = [];
      const engine: number[] = [];
      try {
        for (let i = 0; i < 12; i++) {
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
          editToDiagnostics.push(performance.now() - t0);
          passes.push(
            a.diagnosticsPasses.find((p) => p.uri === doc.uri.toString() && p.version === version)!
              .ms,
          );
          // The engine alone on the same text, in the same process, right after.
          const text = doc.getText();
          for (let k = 0; k < 5; k++) {
            const e0 = performance.now();
            lintFlyToml(parseFlyToml(text));
            engine.push(performance.now() - e0);
          }
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
        textBytes: doc.getText().length,
      };
      console.log(`metrics: ${JSON.stringify(result)}`);
      assert.ok(result.activationMs > 0);
      const out = process.env.FLY_FAUNA_METRICS;
      if (out) fs.appendFileSync(out, JSON.stringify(result) + '\n');
    });
  });
}
