import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

export function untrustedTests(): void {
  suite('restricted mode', () => {
    test('the workspace is not trusted', () => {
      assert.equal(vscode.workspace.isTrusted, false);
    });
  });
}
