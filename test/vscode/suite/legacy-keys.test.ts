import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openEditor, revert, rows, settled, diagnosticsWhen } from './helpers';

const code = (d: vscode.Diagnostic) => (d.code as { value: string }).value;

/** legacy-key: Apps V1 keys are Information diagnostics, faded (Unnecessary), with a Remove fix. */
export function legacyKeyTests(): void {
  suite('legacy keys', () => {
    test('legacy/fly.toml: each Apps V1 key is an Information diagnostic tagged Unnecessary', async () => {
      const editor = await openEditor('legacy/fly.toml');
      const diags = (await settled(editor.document)).filter((d) => code(d) === 'legacy-key');
      assert.deepEqual(
        rows(diags).map((r) => r.slice(0, 3)),
        [
          ['legacy-key', 'info', 5],
          ['legacy-key', 'info', 18],
        ],
        JSON.stringify(rows(diags)),
      );
      for (const d of diags) {
        assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
        assert.deepEqual(d.tags, [vscode.DiagnosticTag.Unnecessary]);
      }
      assert.match(diags[1].message, /Apps V1 \(Nomad\) key .*\[\[restart\]\]/);
    });

    test('the Remove quick fix deletes the key line and keeps every comment', async () => {
      const editor = await openEditor('legacy/fly.toml');
      try {
        const diags = await settled(editor.document);
        const d = diags.find((x) => code(x) === 'legacy-key' && x.range.start.line === 18);
        assert.ok(d, JSON.stringify(rows(diags)));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          editor.document.uri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const remove = actions.find((a) => a.title === 'Remove "restart_limit"');
        assert.ok(remove?.edit, JSON.stringify(actions.map((a) => a.title)));
        assert.equal(remove.isPreferred, true);
        const before = editor.document.getText();
        assert.ok(await vscode.workspace.applyEdit(remove.edit));
        assert.equal(
          editor.document.getText(),
          before.replace(
            '    restart_limit = 0 # Nomad restarted the VM after this many failures\n',
            '',
          ),
        );
        await diagnosticsWhen(
          editor.document.uri,
          'one legacy-key left',
          (ds) => ds.filter((x) => code(x) === 'legacy-key').length === 1,
        );
      } finally {
        await revert(editor.document);
      }
    });
  });
}
