import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openEditor, rows, screenshot, settled } from './helpers';

/**
 * The README's pictures, staged on a realistic fly.toml (test/vscode/workspaces/app/
 * showcase) and taken by the runner's browser with --screenshots; without it the steps
 * still run and assert what the pictures would show.
 */
export function screenshotTests(): void {
  suite('screenshots', () => {
    suiteSetup(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('notifications.clearAll');
    });

    test('diagnostics and the Problems panel', async () => {
      const editor = await openEditor('showcase/fly.toml');
      const d = await settled(editor.document);
      assert.deepEqual(
        rows(d).map((r) => r[0]),
        ['region-outside-group', 'unknown-key', 'secret-in-env', 'invalid-value', 'vm-size'],
      );
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await screenshot('diagnostics', '.markers-panel');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });

    test('a hover on a region outside the footprint', async () => {
      const editor = await openEditor('showcase/fly.toml');
      editor.selection = new vscode.Selection(2, 19, 2, 19);
      await vscode.commands.executeCommand('editor.action.showHover');
      await screenshot('hover', '.monaco-hover');
      await vscode.commands.executeCommand('editor.action.hideHover');
    });

    test('the quick fix menu', async () => {
      const editor = await openEditor('showcase/fly.toml');
      editor.selection = new vscode.Selection(2, 19, 2, 19);
      await vscode.commands.executeCommand('editor.action.quickFix');
      await screenshot('quick-fix', '.action-widget');
      await vscode.commands.executeCommand('hideCodeActionWidget');
    });
  });
}
