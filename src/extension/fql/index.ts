/**
 * Registers the FQL runner: the view, `.fql` CodeLens and run command, the secret
 * commands. One call from `activate`; everything it creates is disposed with the
 * extension. Nothing slow runs here (no connection is opened until a query runs).
 */
import * as vscode from 'vscode';
import { FqlCodeLensProvider, FqlFileRunner, RUN_FILE_COMMAND } from './file';
import { pickFolder, secretKey } from './connection';
import {
  FqlTemplateLensProvider,
  FqlTemplateRunner,
  RUN_TEMPLATE_COMMAND,
  TEMPLATE_LANGUAGES,
} from './templates';
import { CHOOSE_RUN_AS_COMMAND, RunAsChooser } from './run-as';
import { FQL_VIEW_ID, FqlController } from './view';

/** What the FQL part exposes to the rest of the extension and its tests. */
export interface FqlApi {
  controller: FqlController;
  files: FqlFileRunner;
  templates: FqlTemplateRunner;
  runAs: RunAsChooser;
}

export function registerFql(context: vscode.ExtensionContext): FqlApi {
  const controller = new FqlController(context);
  const files = new FqlFileRunner(controller);
  const templates = new FqlTemplateRunner(controller, context.workspaceState);
  const runAs = new RunAsChooser(context, controller);
  context.subscriptions.push(
    controller,
    files,
    templates,
    vscode.languages.registerCodeLensProvider(
      TEMPLATE_LANGUAGES.map((language) => ({ language })),
      new FqlTemplateLensProvider(),
    ),
    vscode.commands.registerCommand(RUN_TEMPLATE_COMMAND, (uri?: unknown, offset?: unknown) =>
      templates.run(
        uri instanceof vscode.Uri ? uri : undefined,
        typeof offset === 'number' ? offset : undefined,
      ),
    ),
    vscode.window.registerWebviewViewProvider(FQL_VIEW_ID, controller, {
      webviewOptions: { retainContextWhenHidden: true },
    }),
    vscode.languages.registerCodeLensProvider({ language: 'fql' }, new FqlCodeLensProvider()),
    vscode.commands.registerCommand(RUN_FILE_COMMAND, (uri?: unknown) =>
      files.run(uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand('flyFauna.cancelQuery', () => controller.cancelAll()),
    vscode.commands.registerCommand(CHOOSE_RUN_AS_COMMAND, (identity?: unknown) =>
      runAs.choose(identity),
    ),
    vscode.commands.registerCommand('flyFauna.setFaunaSecret', (uri?: unknown) =>
      controller.setSecret(uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand('flyFauna.clearFaunaSecret', async () => {
      const folder = pickFolder(vscode.window.activeTextEditor?.document.uri);
      await context.secrets.delete(secretKey(folder));
      void vscode.window.showInformationMessage(
        'Fauna secret removed from SecretStorage for this folder.',
      );
    }),
  );
  return { controller, files, templates, runAs };
}
