// The footprint map in the real extension host: the command opens the panel, the
// webview draws the check's model (machines from the fake flyctl) and reports it back,
// and a redraw follows a Check Regions.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { useFakeFlyctl } from './fake-fly';
import { diagnosticsWhen, openEditor, rows, screenshot } from './helpers';

type Rendered = { app: string | null; regions: number; links: number } | null;

function mapTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('flyFauna.footprintMap'));
}

export function mapTests(): void {
  suite('footprint map (issue 4)', () => {
    test('Show Footprint Map draws the regions, machines and links, and redraws after Check Regions', async () => {
      let fake = useFakeFlyctl('shop-api', { app: { lhr: 1, sjc: 2 } });
      try {
        await fake.configure();
        await openEditor('fly.toml');
        const first = await vscode.commands.executeCommand<Rendered>('flyFauna.showFootprintMap');
        assert.ok(first, 'the webview reported a drawing');
        assert.equal(first.app, 'shop-api');
        assert.ok(first.regions >= 18, `every current region drawn (${first.regions})`);
        assert.equal(mapTabs().length, 1);
        assert.match(mapTabs()[0].label, /Footprint Map: shop-api/);

        // Check Regions reads the machines (lhr 1, sjc 2): sjc is outside EU, one link.
        await vscode.commands.executeCommand('flyFauna.checkRegions');
        const one = await vscode.commands.executeCommand<Rendered>('flyFauna.showFootprintMap');
        assert.equal(one?.links, 1, 'a line from sjc to its nearest replica');
        assert.equal(mapTabs().length, 1, 'one panel, revealed again');
        await screenshot('footprint-map-vscode');

        // The app moves (ord gains a machine): the next check redraws with two links.
        await fake.dispose();
        fake = useFakeFlyctl('shop-api', { app: { lhr: 1, sjc: 1, ord: 1 } });
        await fake.configure();
        await vscode.commands.executeCommand('flyFauna.checkRegions');
        const two = await vscode.commands.executeCommand<Rendered>('flyFauna.showFootprintMap');
        assert.equal(two?.links, 2, 'lines from sjc and ord');
      } finally {
        for (const t of mapTabs()) await vscode.window.tabGroups.close(t);
        await fake.dispose();
      }
    });

    test('footprint-missing and footprint-extra offer Match Region Group footprint and the map', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1, sjc: 1 } });
      try {
        await fake.configure();
        const editor = await openEditor('fly.toml');
        await vscode.commands.executeCommand('flyFauna.checkRegions');
        const diags = await diagnosticsWhen(editor.document.uri, 'footprint findings', (d) =>
          rows(d).some((x) => x[0] === 'footprint-extra'),
        );
        // Both findings sit on primary_region; executeCodeActionProvider does not carry
        // the actions' diagnostics back, so each action is known by its title.
        const titles: Record<string, string> = {
          'footprint-missing': 'Match Region Group footprint…',
          'footprint-extra': 'Match Region Group footprint… (offers to remove the machines outside)',
        };
        for (const code of ['footprint-missing', 'footprint-extra']) {
          const d = diags.find((x) => rows([x])[0][0] === code);
          assert.ok(d, `a ${code} diagnostic`);
          const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            editor.document.uri,
            d.range,
            vscode.CodeActionKind.QuickFix.value,
          );
          const match = actions.find((a) => a.title === titles[code]);
          assert.ok(match, `${code}: ${titles[code]} offered; got ${actions.map((a) => a.title).join(' | ')}`);
          assert.equal(match.command?.command, 'flyFauna.matchFootprint');
          assert.deepEqual(match.command?.arguments, [{ uri: editor.document.uri.toString() }]);
          assert.ok(actions.some((a) => a.command?.command === 'flyFauna.showFootprintMap'), `${code}: the map offered`);
        }
        // The offered action runs the plan for this file (declined here: nothing changes).
        const r = await vscode.commands.executeCommand<{ status: string }>('flyFauna.matchFootprint', {
          uri: editor.document.uri.toString(),
          answer: 'cancel',
        });
        assert.equal(r?.status, 'declined');
      } finally {
        await fake.dispose();
      }
    });
  });
}
