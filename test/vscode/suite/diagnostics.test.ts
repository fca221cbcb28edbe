import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DiagRow } from './helpers';
import { api, diagnosticsWhen, openEditor, revert, rows, setSetting, wsUri } from './helpers';

// What the engine reports for each fixture (the same as `fly-fauna check --offline`), as
// VS Code must show it: code, severity, and range; findings without a place in the file
// sit on the primary_region value, else on the first line.
const CASES: Array<{ file: string; expected: DiagRow[] }> = [
  { file: 'fly.toml', expected: [] },
  {
    file: 'outside/fly.toml',
    expected: [['region-group-unset', 'info', 1, 17, 1, 22]],
  },
  {
    file: 'retired/fly.toml',
    expected: [
      ['region-deprecated', 'warning', 1, 17, 1, 22],
      ['region-group-unset', 'info', 1, 17, 1, 22],
    ],
  },
  {
    file: 'typo/fly.toml',
    expected: [
      ['unknown-key', 'warning', 2, 0, 2, 14],
      ['invalid-value', 'error', 6, 23, 6, 34],
      ['region-group-unset', 'info', 0, 0, 0, 57],
    ],
  },
  { file: 'secret/fly.toml', expected: [['secret-in-env', 'error', 5, 2, 5, 14]] },
  {
    // The group comes from a .fauna-project one folder up, as the CLI finds it.
    file: 'nested/api/fly.toml',
    expected: [['region-outside-group', 'warning', 1, 17, 1, 22]],
  },
  {
    file: 'showcase/fly.toml',
    expected: [
      ['region-outside-group', 'warning', 2, 17, 2, 22],
      ['unknown-key', 'warning', 3, 0, 3, 10],
      ['secret-in-env', 'error', 10, 2, 10, 14],
      ['invalid-value', 'error', 15, 23, 15, 34],
      ['vm-size', 'error', 19, 9, 19, 24],
    ],
  },
  {
    file: 'staging/fly.staging.toml',
    expected: [
      ['vm-size', 'error', 4, 9, 4, 24],
      ['region-group-unset', 'info', 1, 17, 1, 22],
    ],
  },
  {
    file: 'broken/fly.toml',
    expected: [
      ['toml-syntax', 'error', 1, 21, 1, 21],
      ['region-group-unset', 'info', 0, 0, 0, 18],
    ],
  },
];

const same = (expected: DiagRow[]) => (d: vscode.Diagnostic[]) =>
  JSON.stringify(rows(d)) === JSON.stringify(expected);

export function diagnosticsTests(): void {
  suite('diagnostics', () => {
    for (const c of CASES) {
      test(`${c.file}: ${c.expected.map((e) => e[0]).join(', ') || 'nothing'}`, async () => {
        const editor = await openEditor(c.file);
        const diags = await diagnosticsWhen(editor.document.uri, 'the expected diagnostics', (d) =>
          c.expected.length === 0 ? true : same(c.expected)(d),
        );
        assert.deepEqual(rows(diags), c.expected);
        for (const d of diags) {
          assert.equal(d.source, 'fly-fauna');
          const code = d.code as { value: string; target: vscode.Uri };
          assert.equal(
            code.target.toString(true),
            `https://github.com/fly-fauna/fly-fauna#${code.value}`,
          );
          assert.ok(d.message.length > 10, d.message);
        }
      });
    }

    test('the root fly.toml stays clean after settling (EU group from fauna.config.yaml, lhr)', async () => {
      const editor = await openEditor('fly.toml');
      // A clean file must not just be "not yet diagnosed": wait for a pass of this version.
      const a = await api();
      const uri = editor.document.uri.toString();
      await diagnosticsWhen(editor.document.uri, 'a pass', () =>
        a.diagnosticsPasses.some((p) => p.uri === uri && p.version === editor.document.version),
      );
      assert.deepEqual(rows(vscode.languages.getDiagnostics(editor.document.uri)), []);
    });

    test('a fly.toml opened as plain text is diagnosed too (file pattern, not language)', async () => {
      const editor = await openEditor('typo/fly.toml');
      const doc = await vscode.languages.setTextDocumentLanguage(editor.document, 'plaintext');
      assert.equal(doc.languageId, 'plaintext');
      const diags = await diagnosticsWhen(doc.uri, 'diagnostics of the plain-text document', (d) =>
        d.some((x) => x.code && (x.code as { value: string }).value === 'unknown-key'),
      );
      assert.ok(rows(diags).some((r) => r[0] === 'invalid-value'));
    });

    test('a fly.toml that is not a file on disk (untitled, a diff view original) is left alone', async () => {
      const doc = await vscode.workspace.openTextDocument(
        vscode.Uri.from({ scheme: 'untitled', path: '/somewhere/fly.toml' }),
      );
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'primary_region = "lhr"\n'));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(0, 19),
      );
      assert.deepEqual(hovers, [], 'no provider of ours answers for it');
      const a = await api();
      assert.ok(!a.diagnosticsPasses.some((p) => p.uri === doc.uri.toString()));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('typing updates the diagnostics (debounced), and fixing the text clears them', async () => {
      const editor = await openEditor('fly.toml');
      const doc = editor.document;
      try {
        await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'primary_regoin = "lhr"\n'));
        let diags = await diagnosticsWhen(doc.uri, 'unknown-key after typing', (d) =>
          same([['unknown-key', 'warning', 2, 0, 2, 14]])(d),
        );
        assert.equal(diags.length, 1);
        await editor.edit((b) => b.delete(new vscode.Range(2, 0, 3, 0)));
        diags = await diagnosticsWhen(
          doc.uri,
          'no diagnostics after the fix',
          (d) => d.length === 0,
        );
        assert.equal(diags.length, 0);
      } finally {
        await revert(doc);
      }
    });

    test('changing flyFauna.regionGroup changes the diagnostics', async () => {
      const editor = await openEditor('outside/fly.toml');
      const uri = editor.document.uri;
      await diagnosticsWhen(
        uri,
        'region-group-unset',
        same([['region-group-unset', 'info', 1, 17, 1, 22]]),
      );
      try {
        await setSetting('regionGroup', 'eu');
        const eu = await diagnosticsWhen(
          uri,
          'region-outside-group for EU',
          same([['region-outside-group', 'warning', 1, 17, 1, 22]]),
        );
        assert.match(eu[0].message, /EU Region Group \(lhr, arn, fra\); nearest: lhr/);
        await setSetting('regionGroup', 'us');
        await diagnosticsWhen(
          uri,
          'no finding for US (sjc is in its footprint)',
          (d) => d.length === 0,
        );
        await setSetting('footprint', ['fra', 'ams']);
        const custom = await diagnosticsWhen(
          uri,
          'outside the custom footprint',
          same([['region-outside-group', 'warning', 1, 17, 1, 22]]),
        );
        assert.match(custom[0].message, /custom footprint \(fra, ams\)/);
      } finally {
        await setSetting('footprint', undefined);
        await setSetting('regionGroup', undefined);
      }
      await diagnosticsWhen(
        uri,
        'back to region-group-unset',
        same([['region-group-unset', 'info', 1, 17, 1, 22]]),
      );
    });

    test('a new fauna.config.yaml next to fly.toml is picked up (file watcher)', async () => {
      const editor = await openEditor('outside/fly.toml');
      const uri = editor.document.uri;
      const config = wsUri('outside/fauna.config.yaml');
      await diagnosticsWhen(
        uri,
        'region-group-unset',
        same([['region-group-unset', 'info', 1, 17, 1, 22]]),
      );
      try {
        fs.writeFileSync(config.fsPath, 'default:\n  database: eu/outside\n');
        const d = await diagnosticsWhen(
          uri,
          'EU from the new file',
          same([['region-outside-group', 'warning', 1, 17, 1, 22]]),
          20_000,
        );
        assert.match(d[0].message, /EU Region Group/);
        fs.writeFileSync(config.fsPath, 'default:\n  database: us/outside\n');
        await diagnosticsWhen(uri, 'US after the file changed', (x) => x.length === 0, 20_000);
      } finally {
        fs.rmSync(config.fsPath, { force: true });
      }
      await diagnosticsWhen(
        uri,
        'unset again after the delete',
        same([['region-group-unset', 'info', 1, 17, 1, 22]]),
        20_000,
      );
    });

    test('FAUNA_ENDPOINT in a new .env names the group (file watcher)', async () => {
      const editor = await openEditor('outside/fly.toml');
      const uri = editor.document.uri;
      const dotenv = wsUri('outside/.env');
      await diagnosticsWhen(
        uri,
        'region-group-unset',
        same([['region-group-unset', 'info', 1, 17, 1, 22]]),
      );
      try {
        fs.writeFileSync(dotenv.fsPath, 'FAUNA_ENDPOINT=https://db.eu.fauna.com\n');
        const d = await diagnosticsWhen(
          uri,
          'EU from FAUNA_ENDPOINT in .env',
          same([['region-outside-group', 'warning', 1, 17, 1, 22]]),
          20_000,
        );
        assert.match(d[0].message, /EU Region Group/);
      } finally {
        fs.rmSync(dotenv.fsPath, { force: true });
      }
      await diagnosticsWhen(
        uri,
        'unset after the delete',
        same([['region-group-unset', 'info', 1, 17, 1, 22]]),
        20_000,
      );
    });

    test('flyFauna.diagnostics.enabled = false clears them', async () => {
      const editor = await openEditor('typo/fly.toml');
      const uri = editor.document.uri;
      await diagnosticsWhen(uri, 'some diagnostics', (d) => d.length > 0);
      try {
        await setSetting('diagnostics.enabled', false);
        await diagnosticsWhen(uri, 'none', (d) => d.length === 0);
      } finally {
        await setSetting('diagnostics.enabled', undefined);
      }
      await diagnosticsWhen(uri, 'back', (d) => d.length > 0);
    });
  });
}
