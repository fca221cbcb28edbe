// Issue 4 in the editor: Match Region Group Footprint, Push Fauna Secret to Fly, Deploy
// (a task) and the Regions view, against the fake flyctl in the real extension host.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { useFakeFlyctl } from './fake-fly';
import { diagnosticsWhen, openEditor, rows, screenshot, waitFor, wsUri } from './helpers';

type MatchResult = { status: string; commands?: string[][]; failedIndex?: number };

const script = (): string =>
  vscode.workspace.getConfiguration('flyFauna').get<string>('flyctlPath') ?? '';
const scale = (n: number, r: string) => [
  'scale',
  'count',
  String(n),
  '--region',
  r,
  '-a',
  'shop-api',
  '-y',
];
const list = ['machines', 'list', '--json', '-a', 'shop-api'];

export function flyActionsTests(): void {
  suite('flyctl actions (issue 4)', () => {
    test('Match Region Group Footprint: the exact per-region commands run, machines list confirms, diagnostics clear', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1, sjc: 1 } });
      try {
        await fake.configure();
        const editor = await openEditor('fly.toml');
        const r = await vscode.commands.executeCommand<MatchResult>('flyFauna.matchFootprint', {
          answer: 'run-and-remove',
        });
        assert.equal(r?.status, 'done', JSON.stringify(r));
        const f = script();
        assert.deepEqual(r.commands, [
          [f, ...scale(1, 'arn')],
          [f, ...scale(1, 'fra')],
          [f, ...scale(0, 'sjc')],
        ]);
        const argvs = fake.calls().map((c) => c.argv);
        assert.deepEqual(argvs.slice(0, 4), [
          list,
          scale(1, 'arn'),
          scale(1, 'fra'),
          scale(0, 'sjc'),
        ]);
        assert.ok(
          argvs.slice(4).length >= 1 && argvs.slice(4).every((a) => a.join(' ') === list.join(' ')),
        );
        // The diagnostics now know the new machines: nothing missing, nothing outside.
        await diagnosticsWhen(
          editor.document.uri,
          'no footprint findings',
          (d) => !rows(d).some((x) => x[0].startsWith('footprint-')),
        );
        await vscode.commands.executeCommand('flyFauna.regions.focus');
        await screenshot('regions-view', '.monaco-list-row[aria-label*="matches the footprint"]');
      } finally {
        await fake.dispose();
      }
    });

    test('Match Region Group Footprint: declining runs nothing but the read', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { sjc: 1 } });
      try {
        await fake.configure();
        await openEditor('fly.toml');
        const r = await vscode.commands.executeCommand<MatchResult>('flyFauna.matchFootprint', {
          answer: 'cancel',
        });
        assert.equal(r?.status, 'declined');
        assert.deepEqual(
          fake.calls().map((c) => c.argv),
          [list],
        );
      } finally {
        await fake.dispose();
      }
    });

    test('Match Region Group Footprint: a failing step stops the plan and says which', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { sjc: 1 } }, { noCapacity: ['arn'] });
      try {
        await fake.configure();
        await openEditor('fly.toml');
        const r = await vscode.commands.executeCommand<MatchResult>('flyFauna.matchFootprint', {
          answer: 'run',
        });
        assert.equal(r?.status, 'failed');
        // lhr first (added), then arn fails; fra is never run.
        assert.equal(r.failedIndex, 1);
        const argvs = fake.calls().map((c) => c.argv);
        assert.deepEqual(argvs.slice(0, 3), [list, scale(1, 'lhr'), scale(1, 'arn')]);
        assert.ok(!argvs.some((a) => a.includes('fra')));
      } finally {
        await fake.dispose();
      }
    });

    test('Push Fauna Secret to Fly: the value goes on stdin, never in argv', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1 } });
      const value = 'fnAFAKEvscodeSecret-0123456789';
      const before = process.env.FAUNA_SECRET;
      try {
        await fake.configure();
        // The folder's stored secret (Set Fauna Secret) would win over the environment.
        await vscode.commands.executeCommand('flyFauna.clearFaunaSecret');
        process.env.FAUNA_SECRET = value;
        await openEditor('fly.toml');
        const r = await vscode.commands.executeCommand<string>('flyFauna.pushFaunaSecret', {
          confirm: true,
        });
        assert.equal(r, 'set');
        const calls = fake.calls();
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].argv, ['secrets', 'set', 'FAUNA_SECRET=-', '-a', 'shop-api']);
        assert.equal(calls[0].stdinUsed, true);
        assert.equal(calls[0].stdinBytes, value.length);
        assert.ok(!JSON.stringify(calls).includes(value));
        assert.deepEqual(
          fake.state().secrets?.map((s) => s.name),
          ['FAUNA_SECRET'],
        );
      } finally {
        if (before === undefined) delete process.env.FAUNA_SECRET;
        else process.env.FAUNA_SECRET = before;
        await fake.dispose();
      }
    });

    test('Deploy runs flyctl deploy -c fly.toml -a APP as a task in the fly.toml folder', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1 } });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-fauna-deploy-'));
      try {
        await fake.configure();
        // A task's process starts from the terminal host, not this process: a wrapper
        // carries the fake's state and log paths to it.
        const wrapper = path.join(dir, 'flyctl');
        const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
        fs.writeFileSync(
          wrapper,
          `#!/bin/sh\nFAKE_FLYCTL_STATE=${q(process.env.FAKE_FLYCTL_STATE ?? '')} FAKE_FLYCTL_LOG=${q(process.env.FAKE_FLYCTL_LOG ?? '')} exec ${q(process.execPath)} ${q(script())} "$@"\n`,
          { mode: 0o755 },
        );
        await vscode.workspace
          .getConfiguration('flyFauna')
          .update('flyctlPath', wrapper, vscode.ConfigurationTarget.Global);
        await waitFor('flyctlPath to apply', () => (script() === wrapper ? true : undefined));
        await openEditor('fly.toml');
        const code = await vscode.commands.executeCommand<number>('flyFauna.deploy');
        assert.equal(code, 0);
        const [call, after] = fake.calls();
        assert.deepEqual(call.argv, ['deploy', '-c', wsUri('fly.toml').fsPath, '-a', 'shop-api']);
        // Then the machines are read again for the diagnostics and the Regions view.
        assert.deepEqual(after?.argv, list);
        assert.equal(
          fs.realpathSync((call as unknown as { cwd: string }).cwd),
          fs.realpathSync(wsUri('.').fsPath),
        );
      } finally {
        await fake.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('Run Task offers a fly-fauna deploy task per fly.toml, without a shell', async () => {
      const fake = useFakeFlyctl('shop-api', { app: { lhr: 1 } });
      try {
        await fake.configure();
        const tasks = await vscode.tasks.fetchTasks({ type: 'fly-fauna' });
        const root = tasks.find((t) => (t.definition as { config?: string }).config === 'fly.toml');
        assert.ok(root, `tasks: ${tasks.map((t) => t.name).join(', ')}`);
        assert.equal(root.name, 'deploy shop-api');
        const exec = root.execution as vscode.ProcessExecution;
        assert.ok(exec instanceof vscode.ProcessExecution);
        assert.equal(exec.process, script());
        assert.deepEqual(exec.args, ['deploy', '-c', wsUri('fly.toml').fsPath, '-a', 'shop-api']);
        assert.equal(exec.options?.env?.NO_COLOR, '1');
        assert.deepEqual(fake.calls(), [], 'listing tasks runs nothing');
      } finally {
        await fake.dispose();
      }
    });
  });
}

/** In restricted mode the flyctl actions run nothing and say why. */
export function flyActionsUntrustedTests(): void {
  suite('flyctl actions in restricted mode', () => {
    test('Match Footprint, Deploy and Push Fauna Secret start no process', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const fake = useFakeFlyctl('shop-api', { app: { sjc: 1 } });
      const before = process.env.FAUNA_SECRET;
      try {
        await fake.configure();
        process.env.FAUNA_SECRET = 'fnAFAKEuntrusted-0123456789';
        await openEditor('fly.toml');
        assert.equal(
          await vscode.commands.executeCommand('flyFauna.matchFootprint', {
            answer: 'run-and-remove',
          }),
          undefined,
        );
        assert.equal(await vscode.commands.executeCommand('flyFauna.deploy'), undefined);
        assert.equal(
          await vscode.commands.executeCommand('flyFauna.pushFaunaSecret', { confirm: true }),
          undefined,
        );
        assert.deepEqual(fake.calls(), []);
        // (Tasks are not fetched here: in restricted mode VS Code itself asks for trust
        // before any task runs, and the provider returns none.)
      } finally {
        if (before === undefined) delete process.env.FAUNA_SECRET;
        else process.env.FAUNA_SECRET = before;
        await fake.dispose();
      }
    });
  });
}
