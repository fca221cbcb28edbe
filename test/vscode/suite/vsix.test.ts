import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, diagnosticsWhen, openEditor, rows } from './helpers';

export function vsixTests(): void {
  suite('the installed .vsix', () => {
    test('is the installed copy, not the sources, and activates', async () => {
      const ext = await activeExtension();
      assert.equal(ext.isActive, true);
      // Installed extensions live in the host's extensions folder as publisher.name-version.
      assert.match(path.basename(ext.extensionPath), /^fly-fauna\.fly-fauna-\d+\.\d+\.\d+$/);
    });

    test('diagnoses a fly.toml', async () => {
      const editor = await openEditor('typo/fly.toml');
      const d = await diagnosticsWhen(
        editor.document.uri,
        'the file findings',
        (x) => x.length === 3,
      );
      assert.deepEqual(rows(d), [
        ['unknown-key', 'warning', 2, 0, 2, 14],
        ['invalid-value', 'error', 6, 23, 6, 34],
        ['region-group-unset', 'info', 0, 0, 0, 57],
      ]);
    });

    test('its commands are there', async () => {
      const all = await vscode.commands.getCommands(true);
      for (const id of ['flyFauna.checkRegions', 'flyFauna.chooseRegionGroup', 'flyFauna.showLog'])
        assert.ok(all.includes(id), id);
    });
  });
}
