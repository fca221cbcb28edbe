import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { useFakeFlyctl } from './fake-fly';
import {
  activeExtension,
  api,
  canDriveUi,
  diagnosticsWhen,
  openEditor,
  rows,
  setSetting,
  ui,
  waitFor,
} from './helpers';

interface Report {
  app: string | null;
  regionGroup: { id: string; source: string } | null;
  footprint: string[];
  deployed: { source: string; regions: Record<string, number> } | null;
  missingRegions: string[];
  extraRegions: string[];
  findings: Array<{ code: string }>;
}

/**
 * Makes `items` the quick pick's active (or, for a multi-select pick, selected) items and
 * accepts, like a person would. The extension host sends property changes to the
 * workbench in batches, so wait until the workbench echoes the change before accepting.
 */
async function acceptItems(
  qp: vscode.QuickPick<vscode.QuickPickItem>,
  items: vscode.QuickPickItem[],
): Promise<void> {
  const want = new Set(items);
  const matches = (got: readonly vscode.QuickPickItem[]) =>
    got.length === want.size && got.every((i) => want.has(i));
  const current = qp.canSelectMany ? qp.selectedItems : qp.activeItems;
  if (!matches(current)) {
    const echoed = new Promise<void>((resolve) => {
      const sub = (qp.canSelectMany ? qp.onDidChangeSelection : qp.onDidChangeActive)((got) => {
        if (matches(got)) {
          sub.dispose();
          resolve();
        }
      });
    });
    if (qp.canSelectMany) qp.selectedItems = items;
    else qp.activeItems = items;
    await Promise.race([
      echoed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the workbench never took the new items')), 10_000),
      ),
    ]);
  }
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** True while a process runs (a zombie waiting for its parent counts as ended). */
function alive(pid: number): boolean {
  try {
    if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
  } catch {
    return false;
  }
  return true;
}

export function commandTests(): void {
  suite('commands', () => {
    test('every contributed command is registered, and every registered flyFauna command is contributed', async () => {
      const ext = await activeExtension();
      const pkg = ext.packageJSON as {
        contributes: {
          commands: Array<{ command: string; category?: string }>;
          views?: Record<string, Array<{ id: string }>>;
        };
      };
      const contributed = pkg.contributes.commands.map((c) => c.command).sort();
      // VS Code adds <viewId>.focus, .open, ... for every contributed view.
      const views = Object.values(pkg.contributes.views ?? {})
        .flat()
        .map((v) => v.id);
      const viewCommand = (c: string) => views.some((v) => c.startsWith(`${v}.`));
      const registered = (await vscode.commands.getCommands(true))
        .filter((c) => c.startsWith('flyFauna.') && !viewCommand(c))
        .sort();
      assert.deepEqual(registered, contributed);
      for (const c of pkg.contributes.commands) assert.equal(c.category, 'Fly + Fauna', c.command);
    });

    test('Show Log opens the log channel', async () => {
      await vscode.commands.executeCommand('flyFauna.showLog');
    });

    test('Choose Region Group or Footprint… shows where the value comes from and writes the setting', async () => {
      const a = await api();
      await openEditor('fly.toml');
      const done = vscode.commands.executeCommand('flyFauna.chooseRegionGroup');
      const qp = await waitFor('the quick pick', () => a.activeQuickPick());
      // The workbench reports the active item once the widget is shown.
      await waitFor('the quick pick on screen', () =>
        qp.activeItems.length > 0 ? true : undefined,
      );
      try {
        assert.equal(
          qp.placeholder,
          "Now: EU Region Group (lhr, arn, fra), from fauna.config.yaml profile 'default' (database eu/shop)",
        );
        const eu = qp.items.find((i) => i.label === 'EU Region Group')!;
        assert.equal(eu.description, 'lhr, arn, fra');
        assert.match(
          eu.detail ?? '',
          /named by fauna\.config\.yaml profile 'default' \(database eu\/shop\)/,
        );
        assert.deepEqual(
          qp.items.map((i) => i.label),
          ['US Region Group', 'EU Region Group', 'Global Region Group', 'Custom footprint…'],
        );
        await acceptItems(qp, [qp.items[0]]);
        assert.deepEqual(await done, { regionGroup: 'us', footprint: [] });
        assert.equal(vscode.workspace.getConfiguration('flyFauna').get('regionGroup'), 'us');
        // The root fly.toml (lhr) is now outside the US footprint.
        const d = await diagnosticsWhen(
          (await openEditor('fly.toml')).document.uri,
          'region-outside-group for US',
          (x) => rows(x).some((r) => r[0] === 'region-outside-group'),
        );
        assert.match(d[0].message, /US Region Group \(sjc, ord, iad\)/);
      } finally {
        a.activeQuickPick()?.hide();
        await setSetting('regionGroup', undefined);
        await setSetting('footprint', undefined);
      }
    });

    test('Choose Region Group… → Custom footprint…: a second pick of current regions', async () => {
      const a = await api();
      await openEditor('fly.toml');
      const done = vscode.commands.executeCommand('flyFauna.chooseRegionGroup');
      try {
        const first = await waitFor('the quick pick', () => a.activeQuickPick());
        await waitFor('it on screen', () => (first.activeItems.length > 0 ? true : undefined));
        await acceptItems(first, [first.items.find((i) => i.label === 'Custom footprint…')!]);
        const second = await waitFor('the region pick', () => {
          const qp = a.activeQuickPick();
          return qp && qp !== first && qp.canSelectMany ? qp : undefined;
        });
        await waitFor('it on screen', () => (second.items.length > 0 ? true : undefined));
        assert.equal(second.items.length, 18, 'current regions only');
        await acceptItems(
          second,
          second.items.filter((i) => i.label === 'fra' || i.label === 'lhr'),
        );
        assert.deepEqual(await done, { footprint: ['fra', 'lhr'] });
        assert.deepEqual(vscode.workspace.getConfiguration('flyFauna').get('footprint'), [
          'fra',
          'lhr',
        ]);
      } finally {
        a.activeQuickPick()?.hide();
        await setSetting('footprint', undefined);
        await setSetting('regionGroup', undefined);
      }
    });

    test('the status bar shows the app, the group and whether regions match', async () => {
      const a = await api();
      await openEditor('fly.toml');
      await waitFor('the root app', () =>
        a.statusBar().text === '$(cloud) shop-api · EU $(check)' ? true : undefined,
      );
      assert.equal(a.statusBar().visible, true);
      assert.match(
        a.statusBar().tooltip,
        /shop-api: regions match the EU Region Group \(lhr, arn, fra\)/,
      );
      await openEditor('outside/fly.toml');
      await waitFor('no group', () =>
        a.statusBar().text === '$(cloud) outside-api · no group' ? true : undefined,
      );
      await openEditor('showcase/fly.toml');
      await waitFor('a mismatch', () =>
        a.statusBar().text === '$(cloud) shop-api · EU $(warning)' ? true : undefined,
      );
      assert.match(a.statusBar().tooltip, /regions differ from the EU Region Group/);
    });

    test('Choose Region Group with an argument writes it without asking', async () => {
      try {
        assert.deepEqual(
          await vscode.commands.executeCommand('flyFauna.chooseRegionGroup', {
            footprint: ['lhr', 'fra'],
          }),
          {
            footprint: ['lhr', 'fra'],
          },
        );
        assert.deepEqual(vscode.workspace.getConfiguration('flyFauna').get('footprint'), [
          'lhr',
          'fra',
        ]);
      } finally {
        await setSetting('footprint', undefined);
      }
    });

    test('Check Regions reads the machines with flyctl and reports missing and extra regions', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 2, sjc: 1 } });
      try {
        await fake.configure();
        const editor = await openEditor('fly.toml');
        const report = await vscode.commands.executeCommand<Report>('flyFauna.checkRegions');
        assert.ok(report, 'the command returned its report');
        assert.equal(report.app, 'shop-api');
        assert.deepEqual(report.regionGroup, {
          id: 'eu',
          source: "fauna.config.yaml profile 'default' (database eu/shop)",
        });
        assert.deepEqual(report.deployed, {
          source: 'flyctl machines list',
          regions: { lhr: 2, sjc: 1 },
        });
        assert.deepEqual(report.missingRegions, ['arn', 'fra']);
        assert.deepEqual(report.extraRegions, ['sjc']);
        // The same two read-only calls as `fly-fauna check`, nothing else.
        assert.deepEqual(
          fake
            .calls()
            .map((c) => c.argv.join(' '))
            .sort(),
          ['machines list --json -a shop-api', 'platform regions --json'],
        );
        // The deployment findings now show in the file, on primary_region.
        const d = await diagnosticsWhen(
          editor.document.uri,
          'footprint findings',
          (x) => x.length === 2,
        );
        assert.deepEqual(rows(d), [
          ['footprint-missing', 'warning', 2, 17, 2, 22],
          ['footprint-extra', 'warning', 2, 17, 2, 22],
        ]);
      } finally {
        await fake.dispose();
      }
    });

    test('Check Regions with a flyctlPath that does not exist: says so, the file check still runs', async () => {
      const config = vscode.workspace.getConfiguration('flyFauna');
      try {
        await config.update(
          'flyctlPath',
          '/nonexistent/bin/flyctl',
          vscode.ConfigurationTarget.Global,
        );
        await openEditor('fly.toml');
        const report = await vscode.commands.executeCommand<Report>('flyFauna.checkRegions');
        assert.equal(report.deployed, null);
        const note = report.findings.find((f) => f.code === 'flyctl-unavailable') as
          { code: string; message: string } | undefined;
        assert.ok(note, JSON.stringify(report.findings));
        assert.match(note.message, /not-installed/);
        assert.match(note.message, /\/nonexistent\/bin\/flyctl/);
      } finally {
        await config.update('flyctlPath', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    test('Check Regions can be cancelled: flyctl is stopped, the command ends quietly', async function () {
      if (!canDriveUi()) this.skip(); // the Cancel button is clicked in the runner's browser
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1 } }, { fail: ['hang'] });
      try {
        await fake.configure();
        await openEditor('fly.toml');
        await vscode.commands.executeCommand('notifications.clearAll');
        const run = vscode.commands.executeCommand<Report | undefined>('flyFauna.checkRegions');
        const hanging = await waitFor('both flyctl calls to hang', () => {
          const h = fake.raw().filter((e) => e.hanging);
          return h.length >= 2 ? h : undefined;
        });
        // The progress notification's Cancel, clicked in the notification center: the
        // workbench does not always show a toast for it (seen here: the bell had it, no
        // toast did), and the center lists it either way.
        await vscode.commands.executeCommand('notifications.showList');
        await ui({
          kind: 'click-notification-button',
          label: 'Cancel',
          waitFor: '.notifications-center .notification-list-item a.monaco-button',
        });
        await vscode.commands.executeCommand('notifications.hideList');
        assert.equal(await run, undefined);
        await waitFor('the flyctl processes to end', () =>
          hanging.every((h) => !alive(h.pid!)) ? true : undefined,
        );
      } finally {
        await fake.dispose();
      }
    });

    test('Check Regions when flyctl fails: the file check still runs and says why', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1 } }, { loggedIn: false });
      try {
        await fake.configure();
        const editor = await openEditor('fly.toml');
        const report = await vscode.commands.executeCommand<Report>('flyFauna.checkRegions');
        assert.equal(report.deployed, null);
        assert.deepEqual(
          report.findings.map((f) => f.code),
          ['flyctl-unavailable'],
        );
        const d = await diagnosticsWhen(
          editor.document.uri,
          'flyctl-unavailable',
          (x) => x.length === 1,
        );
        assert.equal(rows(d)[0][0], 'flyctl-unavailable');
        assert.match(d[0].message, /not-logged-in/);
        assert.match(d[0].message, /fly(ctl)? auth login/);
      } finally {
        await fake.dispose();
      }
    });
  });
}
