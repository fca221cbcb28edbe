import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { useFakeFlyctl } from './fake-fly';
import { activeExtension, canDriveUi, diagnosticsWhen, openEditor, revert, rows } from './helpers';
import { moveSecret, SECRET_AFTER } from './quick-fixes.test';

interface Report {
  deployed: unknown;
  findings: Array<{ code: string; message: string }>;
}

export function untrustedTests(): void {
  suite('restricted mode (untrusted workspace)', () => {
    test('the workspace is not trusted and the extension is active', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      assert.equal((await activeExtension()).isActive, true);
    });

    test('fly.toml diagnostics still work', async () => {
      const editor = await openEditor('typo/fly.toml');
      const d = await diagnosticsWhen(
        editor.document.uri,
        'the file findings',
        (x) => x.length === 3,
      );
      assert.deepEqual(
        rows(d).map((r) => r[0]),
        ['unknown-key', 'invalid-value', 'region-group-unset'],
      );
    });

    test('Check Regions runs the file check but starts no process (flyctl is never called)', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1 } });
      try {
        await fake.configure();
        await openEditor('fly.toml');
        const report = await vscode.commands.executeCommand<Report>('flyFauna.checkRegions');
        assert.equal(report.deployed, null);
        const note = report.findings.find((f) => f.code === 'flyctl-unavailable');
        assert.ok(note, JSON.stringify(report.findings));
        assert.match(note.message, /not trusted/);
        assert.deepEqual(fake.calls(), [], 'flyctl was run in an untrusted workspace');
      } finally {
        await fake.dispose();
      }
    });

    test('the secret quick fix removes the line after asking, keeps the value, runs no flyctl', async function () {
      if (!canDriveUi()) this.skip();
      const fake = useFakeFlyctl('secret-api', { app: { lhr: 1 } });
      const editor = await openEditor('secret/fly.toml');
      try {
        await fake.configure();
        assert.deepEqual(await moveSecret(editor, 'Move to Fly Secrets'), {
          moved: true,
          pushed: false,
        });
        assert.equal(editor.document.getText(), SECRET_AFTER);
        assert.deepEqual(fake.calls(), [], 'flyctl was run in an untrusted workspace');
      } finally {
        await revert(editor.document);
        await fake.dispose();
      }
    });
  });
}
