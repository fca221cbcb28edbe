import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  canDriveUi,
  diagnosticsWhen,
  openEditor,
  revert,
  rows,
  setSetting,
  settled,
  ui,
  waitFor,
} from './helpers';
import { useFakeFlyctl } from './fake-fly';

const code = (d: vscode.Diagnostic) => (d.code as { value: string }).value;

async function actionsFor(
  editor: vscode.TextEditor,
  findingCode: string,
): Promise<vscode.CodeAction[]> {
  const diags = await settled(editor.document);
  const d = diags.find((x) => code(x) === findingCode);
  assert.ok(d, `no ${findingCode} in ${JSON.stringify(rows(diags))}`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions;
}

// Each fix's resulting full text: only the named token or line changes; comments, quotes
// and indentation stay.
const FIXES: Array<{
  file: string;
  setting?: [string, unknown];
  code: string;
  title: string;
  preferred: boolean;
  after: string;
}> = [
  {
    file: 'retired/fly.toml',
    code: 'region-deprecated',
    title: 'Change primary_region to "ewr"',
    preferred: true,
    after: "app = 'retired-api'\nprimary_region = 'ewr'   # keep the single quotes\n",
  },
  {
    file: 'typo/fly.toml',
    code: 'unknown-key',
    title: 'Rename to "primary_region"',
    preferred: true,
    after:
      '# a typo and a bad value; comments must survive every fix\napp = "typo-api"\nprimary_region = "lhr"\n\n[http_service]\n  internal_port = 8080\n  auto_stop_machines = "sometimes"\n',
  },
  {
    file: 'typo/fly.toml',
    code: 'unknown-key',
    title: 'Remove "primary_regoin"',
    preferred: false,
    after:
      '# a typo and a bad value; comments must survive every fix\napp = "typo-api"\n\n[http_service]\n  internal_port = 8080\n  auto_stop_machines = "sometimes"\n',
  },
  {
    file: 'typo/fly.toml',
    code: 'invalid-value',
    title: 'Change to "stop"',
    preferred: false,
    after:
      '# a typo and a bad value; comments must survive every fix\napp = "typo-api"\nprimary_regoin = "lhr"\n\n[http_service]\n  internal_port = 8080\n  auto_stop_machines = "stop"\n',
  },
  {
    file: 'outside/fly.toml',
    setting: ['regionGroup', 'eu'],
    code: 'region-outside-group',
    title: 'Change primary_region to "lhr", next to the EU Region Group',
    preferred: true,
    after:
      'app = "outside-api"\nprimary_region = "lhr" # San Jose\n\n[http_service]\n  internal_port = 3000\n',
  },
  {
    file: 'staging/fly.staging.toml',
    code: 'vm-size',
    title: 'Change to "shared-cpu-1x"',
    preferred: true,
    after: 'app = "shop-api-staging"\nprimary_region = "fra"\n\n[[vm]]\n  size = "shared-cpu-1x"\n',
  },
];

export const SECRET = 'fnAFakeSecretOnlyForTheVsCodeTests000000001';
export const SECRET_AFTER =
  'app = "secret-api"\nprimary_region = "lhr"\n\n[env]\n  LOG_LEVEL = "info"\n  PORT = "8080"\n';

/**
 * Runs the secret-in-env quick fix the way a person does (the code action's command) and
 * answers its question by clicking `button` in the workbench.
 */
export async function moveSecret(
  editor: vscode.TextEditor,
  button: string,
): Promise<{ moved: boolean; pushed: boolean }> {
  await vscode.commands.executeCommand('notifications.clearAll');
  const actions = await actionsFor(editor, 'secret-in-env');
  const action = actions.find(
    (a) => a.title === 'Move FAUNA_SECRET to Fly secrets (remove it from fly.toml)',
  );
  assert.ok(action?.command, 'a command, not a bare edit');
  assert.ok(
    !JSON.stringify(action.command.arguments).includes(SECRET),
    'the value is not in the command arguments',
  );
  const run = vscode.commands.executeCommand<{ moved: boolean; pushed: boolean }>(
    action.command.command,
    ...(action.command.arguments ?? []),
  );
  let settled = false;
  run.then(
    () => (settled = true),
    () => (settled = true),
  );
  try {
    await ui({ kind: 'click-notification-button', label: button, timeoutMs: 8_000 });
  } catch (e) {
    if (settled)
      throw new Error(`the command ended without asking: ${JSON.stringify(await run)}`, {
        cause: e,
      });
    // Seen once: the question never showed as a toast. It is then in the notification center.
    console.log(`no toast with "${button}"; trying the notification center`);
    await vscode.commands.executeCommand('notifications.showList');
    await ui({ kind: 'click-notification-button', label: button, timeoutMs: 8_000 });
    await vscode.commands.executeCommand('notifications.hideList');
  }
  return run;
}

export function quickFixTests(): void {
  suite('quick fixes', () => {
    for (const f of FIXES) {
      test(`${f.file} ${f.code}: ${f.title}`, async () => {
        if (f.setting) await setSetting(f.setting[0], f.setting[1]);
        const editor = await openEditor(f.file);
        try {
          const actions = await actionsFor(editor, f.code);
          const action = actions.find((a) => a.title === f.title);
          assert.ok(action, `no "${f.title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
          assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
          assert.equal(Boolean(action.isPreferred), f.preferred);
          assert.ok(action.edit, 'the fix carries its edit');
          assert.ok(await vscode.workspace.applyEdit(action.edit));
          assert.equal(editor.document.getText(), f.after);
          await diagnosticsWhen(
            editor.document.uri,
            `${f.code} gone`,
            (d) => !d.some((x) => code(x) === f.code),
          );
        } finally {
          await revert(editor.document);
          if (f.setting) await setSetting(f.setting[0], undefined);
        }
      });
    }

    test('Fix All (source.fixAll.flyFauna) applies every preferred text fix, and only those', async () => {
      const editor = await openEditor('showcase/fly.toml');
      try {
        await settled(editor.document);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          editor.document.uri,
          new vscode.Range(0, 0, editor.document.lineCount, 0),
          vscode.CodeActionKind.SourceFixAll.value,
        );
        const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.flyFauna');
        assert.ok(fixAll?.edit, JSON.stringify(actions.map((a) => a.title)));
        assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
        const text = editor.document.getText();
        assert.match(text, /^primary_region = "lhr"$/m);
        assert.match(text, /^kill_signal = "SIGINT"$/m);
        assert.match(text, /^ {2}size = "shared-cpu-1x"$/m);
        // Not preferred (a guess) or needing a question first: left alone.
        assert.match(text, /^ {2}auto_stop_machines = "sometimes"$/m);
        assert.match(text, /^ {2}FAUNA_SECRET = /m);
        assert.match(text, /^# fly\.toml app configuration file for the shop API$/m);
      } finally {
        await revert(editor.document);
      }
    });

    test('region-group-unset offers the Region Group chooser', async () => {
      const editor = await openEditor('outside/fly.toml');
      const actions = await actionsFor(editor, 'region-group-unset');
      const choose = actions.find((a) => a.title === 'Choose Region Group or Footprint…');
      assert.ok(choose, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(choose.command?.command, 'flyFauna.chooseRegionGroup');
      assert.equal(choose.edit, undefined);
    });

    test('secret-in-env: after the modal, the line goes and flyctl gets the value on stdin only', async function () {
      if (!canDriveUi()) this.skip(); // the question is answered by the runner's browser
      const fake = useFakeFlyctl('secret-api', { app: { lhr: 1 } });
      const editor = await openEditor('secret/fly.toml');
      try {
        await fake.configure();
        assert.deepEqual(await moveSecret(editor, 'Move to Fly Secrets'), {
          moved: true,
          pushed: true,
        });
        assert.equal(editor.document.getText(), SECRET_AFTER);
        const calls = fake.calls();
        const set = calls.find((c) => c.argv[0] === 'secrets');
        assert.ok(set, `flyctl secrets set was run: ${JSON.stringify(calls)}`);
        assert.deepEqual(set.argv.slice(0, 5), [
          'secrets',
          'set',
          'FAUNA_SECRET=-',
          '-a',
          'secret-api',
        ]);
        assert.equal(set.stdinUsed, true);
        assert.ok(
          !JSON.stringify(calls).includes(SECRET),
          'the value never appears in argv or env',
        );
        const stored = fake.state().secrets?.find((s) => s.name === 'FAUNA_SECRET');
        assert.equal(
          stored?.digest,
          crypto.createHash('sha256').update(SECRET).digest('hex').slice(0, 16),
        );
      } finally {
        await revert(editor.document);
        await fake.dispose();
      }
    });

    test('secret-in-env: when flyctl fails the value is not lost (line removed, kept in SecretStorage)', async function () {
      if (!canDriveUi()) this.skip();
      const fake = useFakeFlyctl('secret-api', { app: { lhr: 1 } }, { loggedIn: false });
      const editor = await openEditor('secret/fly.toml');
      try {
        await fake.configure();
        assert.deepEqual(await moveSecret(editor, 'Move to Fly Secrets'), {
          moved: true,
          pushed: false,
        });
        assert.equal(editor.document.getText(), SECRET_AFTER);
        assert.equal(fake.state().secrets, undefined);
      } finally {
        await revert(editor.document);
        await fake.dispose();
      }
    });

    test('secret-in-env: cancelling the modal changes nothing', async function () {
      if (!canDriveUi()) this.skip();
      const fake = useFakeFlyctl('secret-api', { app: { lhr: 1 } });
      const editor = await openEditor('secret/fly.toml');
      const before = editor.document.getText();
      try {
        await fake.configure();
        assert.deepEqual(await moveSecret(editor, 'Cancel'), { moved: false, pushed: false });
        assert.equal(editor.document.getText(), before);
        assert.equal(editor.document.isDirty, false);
        assert.equal(fake.calls().length, 0);
      } finally {
        await revert(editor.document);
        await fake.dispose();
      }
    });

    test('the Fly + Fauna log never received the secret', async function () {
      if (!canDriveUi()) this.skip(); // the log file is found in the runner's temp folder
      // The LogOutputChannel is written to the host's logs, under the runner's temp folder.
      const tmp = path.dirname(process.env.FLY_FAUNA_TEST_SIGNALS!);
      const find = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
          const p = path.join(dir, e.name);
          return e.isDirectory() ? find(p) : /Fly \+ Fauna\.log$/.test(e.name) ? [p] : [];
        });
      const logs = await waitFor('the log file', () => {
        const found = find(tmp);
        return found.length ? found : undefined;
      });
      const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      assert.match(
        text,
        /running .* secrets set FAUNA_SECRET=- -a secret-api .*\(value on stdin\)/,
      );
      assert.ok(!text.includes(SECRET), 'the secret is in the log');
      assert.ok(!text.includes('fnAFake'), 'a piece of the secret is in the log');
    });

    test('the fixtures on disk are untouched (autoSave is off)', async () => {
      const editor = await openEditor('secret/fly.toml');
      await waitFor('no dirty editors', () =>
        vscode.workspace.textDocuments.some((d) => d.isDirty) ? undefined : true,
      );
      assert.ok(fs.readFileSync(editor.document.uri.fsPath, 'utf8').includes(SECRET));
    });
  });
}
