import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeExtension, EXTENSION_ID } from './helpers';

export function activationTests(): void {
  suite('activation', () => {
    test('runs in a real VS Code extension host', () => {
      console.log(
        `VS Code ${vscode.version} (${vscode.env.appName}, uiKind ${vscode.env.uiKind}), node ${process.version}`,
      );
      assert.match(vscode.version, /^1\.\d+\.\d+/);
    });

    test('the extension activates because the workspace has a fly.toml', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, 'extension present');
      await activeExtension();
      assert.equal(ext.isActive, true);
    });
  });
}
