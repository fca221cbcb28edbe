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
import { FLY_TOML_GLOB } from '../fly-files';
import { targetFlyToml } from '../region-commands';

/** The task type in package.json `taskDefinitions`. */
export const TASK_TYPE = 'fly-fauna';

/** A `fly-fauna` task definition (tasks.json: `{ "type": "fly-fauna", "command": "deploy", "config": "fly.toml" }`). */
interface DeployDefinition extends vscode.TaskDefinition {
  command: 'deploy';
  /** The fly.toml, relative to the workspace folder. */
  config: string;
}

/**
 * The deploy task for a fly.toml: `flyctl deploy -c <fly.toml> [-a APP]` run by VS Code
 * without a shell, in the fly.toml's folder. `definition` is kept as given (VS Code
 * matches a resolved task to its tasks.json entry by it).
 */
function deployTask(
  flyctlPath: string,
  uri: vscode.Uri,
  app: string | undefined,
  definition: DeployDefinition,
  folder: vscode.WorkspaceFolder | vscode.TaskScope,
): vscode.Task {
  const args = deployArgs({ config: uri.fsPath, ...(app ? { app } : {}) });
  const task = new vscode.Task(
    definition,
    folder,
    `deploy ${app ?? definition.config}`,
    'Fly + Fauna',
    new vscode.ProcessExecution(flyctlPath, args, {
      cwd: path.dirname(uri.fsPath),
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
  return task;
}

/** The fly.toml of a task definition, or undefined when it names none that exists. */
function configUri(
  def: vscode.TaskDefinition,
  folder: vscode.WorkspaceFolder | undefined,
): vscode.Uri | undefined {
  if (def.command !== 'deploy' || typeof def.config !== 'string' || def.config === '')
    return undefined;
  if (path.isAbsolute(def.config)) return vscode.Uri.file(def.config);
  return folder ? vscode.Uri.joinPath(folder.uri, def.config) : undefined;
}

/**
 * Provides one deploy task per fly.toml (Run Task → fly-fauna) and resolves `fly-fauna`
 * tasks written in tasks.json. Nothing in an untrusted workspace: no process runs there.
 */
export function registerDeployTasks(ctx: Ctx): void {
  const analyzeApp = async (uri: vscode.Uri) =>
    (await ctx.analyzer.analyze(await vscode.workspace.openTextDocument(uri))).app?.value;
  const provider: vscode.TaskProvider = {
    async provideTasks() {
      if (!ctx.trusted) return [];
      let flyctl;
      try {
        flyctl = await ctx.flyctl();
      } catch {
        return [];
      }
      const uris = await vscode.workspace.findFiles(FLY_TOML_GLOB, '**/node_modules/**', 20);
      const tasks: vscode.Task[] = [];
      for (const uri of uris) {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        if (!folder) continue;
        const config = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
        tasks.push(
          deployTask(
            flyctl.path,
            uri,
            await analyzeApp(uri),
            { type: TASK_TYPE, command: 'deploy', config },
            folder,
          ),
        );
      }
      return tasks;
    },
    async resolveTask(task) {
      if (!ctx.trusted) return undefined;
      const folder = typeof task.scope === 'object' ? task.scope : undefined;
      const uri = configUri(task.definition, folder);
      if (!uri) return undefined;
      const flyctl = await ctx.flyctl(uri).catch(() => undefined);
      if (!flyctl) return undefined;
      return deployTask(
        flyctl.path,
        uri,
        await analyzeApp(uri).catch(() => undefined),
        task.definition as DeployDefinition,
        task.scope ?? vscode.TaskScope.Workspace,
      );
    },
  };
  ctx.push(vscode.tasks.registerTaskProvider(TASK_TYPE, provider));
}

export async function deploy(
  ctx: Ctx,
  scope: CommandScope,
  arg?: unknown,
): Promise<number | undefined> {
  // From the Regions view the argument is its file node ({ uri }).
  const target =
    arg &&
    typeof arg === 'object' &&
    !(arg instanceof vscode.Uri) &&
    typeof (arg as { uri?: unknown }).uri === 'string'
      ? (arg as { uri: string }).uri
      : arg;
  const document = await targetFlyToml(target);
  if (document.isDirty) await document.save();
  const analysis = await ctx.analyzer.analyze(document);
  const client = await ctx.flyctl(document.uri);
  const app = analysis.app?.value;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const config = folder
    ? path.relative(folder.uri.fsPath, document.uri.fsPath).split(path.sep).join('/')
    : document.uri.fsPath;
  const task = deployTask(
    client.path,
    document.uri,
    app,
    { type: TASK_TYPE, command: 'deploy', config },
    folder ?? vscode.TaskScope.Workspace,
  );
  const args = (task.execution as vscode.ProcessExecution).args;
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
