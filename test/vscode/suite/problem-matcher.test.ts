// The $fly-fauna problem matcher (package.json contributes.problemMatchers) in the real
// host: a task runs the built CLI (node dist/cli.js check) on a broken fly.toml, and the
// matcher turns its text lines into diagnostics (owner fly-fauna-cli, source
// "fly-fauna check"), beside the extension's own (source fly-fauna).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openEditor, repoRoot, waitFor, workspaceRoot, wsUri } from './helpers';

/** A diagnostic's code as text (the extension's carry a link target, the matcher's are strings). */
function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return c === undefined ? '' : typeof c === 'object' ? String(c.value) : String(c);
}

export function problemMatcherTests(): void {
  suite('problem matcher $fly-fauna (issue 8)', () => {
    test('a task running fly-fauna check with $fly-fauna puts its findings in Problems', async () => {
      const file = wsUri('broken/fly.toml');
      await openEditor('broken/fly.toml');
      const cwd = workspaceRoot().fsPath;
      const exec = new vscode.ProcessExecution(
        process.execPath,
        [path.join(repoRoot(), 'dist', 'cli.js'), 'check', 'broken', '--offline', '--group', 'eu'],
        // In the desktop host execPath is Electron: make it behave as node.
        { cwd, env: { ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } },
      );
      const folder = vscode.workspace.workspaceFolders![0];
      const task = new vscode.Task(
        { type: 'process', id: 'fly-fauna-matcher-test' },
        folder,
        'fly-fauna check (matcher test)',
        'fly-fauna-test',
        exec,
        '$fly-fauna',
      );
      task.presentationOptions = { reveal: vscode.TaskRevealKind.Never };
      const ended = new Promise<number | undefined>((resolve) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name === task.name) {
            sub.dispose();
            resolve(e.exitCode);
          }
        });
      });
      await vscode.tasks.executeTask(task);
      assert.equal(await ended, 1, 'the CLI exits 1 on the TOML error');
      const fromMatcher = await waitFor(
        'diagnostics from the $fly-fauna matcher',
        () => {
          const d = vscode.languages
            .getDiagnostics(file)
            .filter((x) => x.source === 'fly-fauna check');
          return d.length ? d : undefined;
        },
        20_000,
      );
      const syntax = fromMatcher.find((d) => codeOf(d) === 'toml-syntax');
      assert.ok(
        syntax,
        `a toml-syntax diagnostic from the matcher: ${JSON.stringify(fromMatcher.map(codeOf))}`,
      );
      assert.equal(syntax.severity, vscode.DiagnosticSeverity.Error);
      // The extension's own diagnostic for the same error sits at the same 0-based line:
      // the matcher read the CLI's 1-based text right.
      const own = await waitFor('the extension diagnostic', () =>
        vscode.languages
          .getDiagnostics(file)
          .find((d) => d.source === 'fly-fauna' && codeOf(d) === 'toml-syntax'),
      );
      assert.equal(syntax.range.start.line, own.range.start.line);
      assert.equal(syntax.range.start.character, own.range.start.character);
    });
  });
}
