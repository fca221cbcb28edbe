/**
 * *Deploy*: `flyctl deploy -c fly.toml -a APP` as a VS Code task (ProcessExecution: no
 * shell, a terminal the developer can watch and stop), in the fly.toml's folder since
 * flyctl builds from its working directory. Resolves with flyctl's exit code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { deployArgs } from '../../core/flyctl/argv';
import { isFaunaSecretVariable } from '../../node/flyctl';
import { readDeployedByGroup } from '../../node/flyctl/apply-plan';
import type { CommandScope } from '../command-runner';
import type { Ctx } from '../ctx';
import { targetFlyToml } from '../region-commands';

/** The task type in package.json `taskDefinitions`. */
export const TASK_TYPE = 'fly-fauna';

export async function deploy(
  ctx: Ctx,
  scope: CommandScope,
  arg?: unknown,
): Promise<number | undefined> {
  const document = await targetFlyToml(arg);
  if (document.isDirty) await document.save();
  const analysis = await ctx.analyzer.analyze(document);
  const client = await ctx.flyctl(document.uri);
  const app = analysis.app?.value;
  const args = deployArgs({ config: document.uri.fsPath, ...(app ? { app } : {}) });
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.TaskScope.Workspace;
  const task = new vscode.Task(
    { type: TASK_TYPE, command: 'deploy', config: vscode.workspace.asRelativePath(document.uri) },
    folder,
    `deploy ${app ?? vscode.workspace.asRelativePath(document.uri)}`,
    'Fly + Fauna',
    new vscode.ProcessExecution(client.path, args, {
      cwd: path.dirname(document.uri.fsPath),
      // Merged with VS Code's environment (FLY_API_TOKEN passes through); Fauna secrets
      // are blanked, as FlyctlClient leaves them out: flyctl never needs them.
      env: {
        NO_COLOR: '1',
        FLY_NO_UPDATE_CHECK: '1',
        ...Object.fromEntries(
          Object.keys(process.env)
            .filter(isFaunaSecretVariable)
            .map((k) => [k, '']),
        ),
      },
    }),
  );
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
  };
  ctx.log.info(`deploy: ${client.path} ${args.join(' ')}`);

  // Subscribe before starting: a quick failure can end the task before executeTask resolves.
  const same = (e: { execution: vscode.TaskExecution }) =>
    e.execution.task.name === task.name && e.execution.task.source === task.source;
  const subs: vscode.Disposable[] = [];
  const ended = new Promise<number | undefined>((resolve) => {
    subs.push(vscode.tasks.onDidEndTaskProcess((e) => same(e) && resolve(e.exitCode)));
    // A task whose process never started ends without an exit code.
    subs.push(
      vscode.tasks.onDidEndTask((e) => same(e) && setTimeout(() => resolve(undefined), 500)),
    );
  });
  const execution = await vscode.tasks.executeTask(task);
  // Cancelling the progress ends the task (flyctl is killed with its terminal).
  const onCancel = () => execution.terminate();
  scope.signal.addEventListener('abort', onCancel, { once: true });
  try {
    const code = await ended;
    if (code === 0) {
      void vscode.window.showInformationMessage(`Deployed ${app ?? 'the app'}.`);
      // A first deploy creates machines: read them so the diagnostics and the Regions
      // view show the app as it now is (a failure here only leaves them as they were).
      if (app) {
        scope.report(`reading the machines of ${app}`);
        await readDeployedByGroup(client, app, { signal: scope.signal }).then(
          (byGroup) => {
            ctx.analyzer.setChecked(document.uri, {
              deployed: {
                source: 'flyctl machines list',
                byGroup,
                app,
              },
            });
            ctx.fireChecked(document.uri);
          },
          (e: unknown) =>
            ctx.log.warn(
              `after deploy, machines list failed: ${e instanceof Error ? e.message : String(e)}`,
            ),
        );
      }
    } else if (!scope.signal.aborted) {
      void vscode.window.showErrorMessage(
        `flyctl deploy failed (exit code ${code ?? 'unknown'}); its output is in the terminal.`,
      );
    }
    return code;
  } finally {
    scope.signal.removeEventListener('abort', onCancel);
    for (const d of subs) d.dispose();
  }
}
