// The secret-in-env quick fix's command: move a Fauna secret out of fly.toml [env] into
// Fly secrets, asking first and never losing the value.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { secretsSetFromStdinArgs } from '../core/flyctl/argv';
import { FlyctlError } from '../node/flyctl';
import type { MoveSecretArgs } from './code-actions';
import type { CommandScope } from './command-runner';
import type { Ctx } from './ctx';
import { UserError } from './ctx';

/**
 * Where SecretStorage keeps a secret moved out of fly.toml, so it is never lost. (The FQL
 * runner's query secret is a separate, per-folder entry: fql/connection.ts.)
 */
export function secretStorageKey(name: string): string {
  return `flyFauna.secret.${name}`;
}

/**
 * Moves a Fauna secret out of fly.toml [env]: asks first (modal), keeps the value in
 * VS Code's SecretStorage before anything else (so it is never lost), removes the line,
 * then sets it as a Fly secret with the value on flyctl's stdin (trusted workspaces only).
 */
export async function moveSecretToFly(
  ctx: Ctx,
  _scope: CommandScope,
  arg?: unknown,
): Promise<{ moved: boolean; pushed: boolean }> {
  const a = arg as Partial<MoveSecretArgs> | undefined;
  if (!a || typeof a.uri !== 'string' || typeof a.name !== 'string') {
    throw new UserError(
      'Move Secret to Fly Secrets runs from the quick fix on a secret in fly.toml [env].',
      [],
      'info',
    );
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
  const analysis = await ctx.analyzer.analyze(document);
  const fix = analysis.result.findings
    .filter((f) => f.code === 'secret-in-env')
    .flatMap((f) => f.fixes ?? [])
    .find((f) => f.action?.kind === 'push-secret' && f.action.name === a.name);
  if (!fix?.action) throw new UserError(`${a.name} is no longer in fly.toml [env].`, [], 'info');
  const { name, value } = fix.action;
  const app = analysis.app?.value ?? null;
  const confirmed = await ctx.confirm(
    `Move ${name} out of fly.toml?`,
    `This removes ${name} from [env] in ${vscode.workspace.asRelativePath(document.uri)} and keeps its value in VS Code's secret storage. ` +
      (ctx.trusted && app
        ? `Then it runs: flyctl secrets set ${name}=- -a ${app} (the value goes on stdin, never on the command line).`
        : 'flyctl is not run (untrusted workspace or no app name).'),
    'Move to Fly Secrets',
  );
  if (!confirmed) return { moved: false, pushed: false };

  // Keep the value first: whatever fails after this, nothing is lost.
  await ctx.extension.secrets.store(secretStorageKey(name), value);
  if (analysis.version !== document.version)
    throw new UserError('fly.toml changed meanwhile; run the quick fix again.', [], 'warning');
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    edit.replace(
      document.uri,
      new vscode.Range(
        e.range.start.line,
        e.range.start.character,
        e.range.end.line,
        e.range.end.character,
      ),
      e.newText,
    );
  }
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new UserError(
      `Could not edit ${document.fileName}; ${name} is kept in VS Code's secret storage.`,
    );

  const kept = `The value is kept in VS Code's secret storage (${secretStorageKey(name)}).`;
  if (!ctx.trusted || !app) {
    void vscode.window.showInformationMessage(
      `${name} was removed from fly.toml but not sent to Fly: ${!ctx.trusted ? 'the workspace is not trusted' : 'fly.toml names no app'}. ${kept}`,
    );
    return { moved: true, pushed: false };
  }
  const args = secretsSetFromStdinArgs({ name, app, config: document.uri.fsPath });
  try {
    const client = await ctx.flyctl(document.uri);
    ctx.log.info(`running ${client.path} ${args.join(' ')} (value on stdin)`);
    const r = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Setting ${name} as a Fly secret of ${app}…`,
      },
      () =>
        client.run(args, {
          stdin: value,
          cwd: path.dirname(document.uri.fsPath),
          timeoutMs: 120_000,
        }),
    );
    if (r.exitCode !== 0) throw client.errorFor(args, r);
  } catch (e) {
    const why =
      e instanceof FlyctlError
        ? `${e.message}. ${e.nextStep}`
        : e instanceof Error
          ? e.message
          : String(e);
    ctx.log.warn(`secrets set ${name} failed: ${why}`);
    void vscode.window
      .showWarningMessage(
        `${name} was removed from fly.toml but flyctl could not set it: ${why} ${kept}`,
        'Show Log',
      )
      .then((b) => {
        if (b) ctx.log.show();
      });
    return { moved: true, pushed: false };
  }
  void vscode.window.showInformationMessage(
    `${name} is now a Fly secret of ${app}; save fly.toml to keep it out of the file. ${kept}`,
  );
  return { moved: true, pushed: true };
}
