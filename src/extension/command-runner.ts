import * as vscode from 'vscode';
import { FlyctlError } from '../node/flyctl';
import type { CommandId } from './contributions';
import { COMMANDS } from './contributions';
import type { Ctx } from './ctx';
import { UserError } from './ctx';

/** What a command handler gets besides its arguments. */
export interface CommandScope {
  /** Aborted when the person cancels the progress notification. */
  signal: AbortSignal;
  /** Updates the progress message (a no-op for commands without progress). */
  report(message: string): void;
}

/** A command: its handler and, for slow ones, the progress title (cancellable). */
export interface CommandSpec {
  run(scope: CommandScope, ...args: unknown[]): unknown;
  progress?: string;
}

/** Handlers by command id; each feature registers the ones it owns. */
export type CommandTable = Partial<Record<CommandId, CommandSpec>>;

function isAbort(e: unknown): boolean {
  return (
    (e instanceof Error && e.name === 'AbortError') ||
    (e instanceof FlyctlError && e.kind === 'cancelled') ||
    e instanceof vscode.CancellationError
  );
}

/**
 * The one place errors become UI: a UserError as written (with its buttons), a
 * FlyctlError as its message and next step, cancellation silently, anything else as
 * "unexpected" with the log one click away. Messages never carry a secret: nothing
 * that reaches here was built from one.
 */
export async function showError(ctx: Ctx, id: string, e: unknown): Promise<void> {
  if (isAbort(e)) {
    ctx.log.info(`${id}: cancelled`);
    return;
  }
  let message: string;
  let actions: ReadonlyArray<{ title: string; command: string; args?: unknown[] }> = [];
  let severity: 'error' | 'warning' | 'info' = 'error';
  if (e instanceof UserError) {
    message = e.message;
    actions = e.actions;
    severity = e.severity;
    ctx.log.warn(`${id}: ${message}`);
  } else if (e instanceof FlyctlError) {
    message = `flyctl ${e.argv.slice(0, 2).join(' ')} failed: ${e.message}. ${e.nextStep}`;
    ctx.log.error(`${id}: ${message}${e.stderrTail ? `\n${e.stderrTail}` : ''}`);
  } else {
    message = `Fly + Fauna: unexpected error: ${e instanceof Error ? e.message : String(e)}`;
    ctx.log.error(`${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const show =
    severity === 'error'
      ? vscode.window.showErrorMessage
      : severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  const titles = [...actions.map((a) => a.title), 'Show Log'];
  const picked = await show(message, ...titles);
  if (picked === 'Show Log') await vscode.commands.executeCommand(COMMANDS.showLog);
  const action = actions.find((a) => a.title === picked);
  if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}

/**
 * Registers typed commands through one wrapper that owns progress, cancellation
 * (the progress' CancellationToken drives an AbortController) and error reporting.
 * A command resolves with its handler's value, or undefined when it failed (after
 * telling the person why).
 */
export function registerCommands(ctx: Ctx, table: CommandTable): void {
  for (const [id, spec] of Object.entries(table) as Array<[CommandId, CommandSpec]>) {
    ctx.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        const controller = new AbortController();
        try {
          if (!spec.progress) {
            return await spec.run({ signal: controller.signal, report: () => undefined }, ...args);
          }
          return await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: spec.progress,
              cancellable: true,
            },
            async (progress, token) => {
              const sub = token.onCancellationRequested(() => controller.abort());
              try {
                return await spec.run(
                  { signal: controller.signal, report: (message) => progress.report({ message }) },
                  ...args,
                );
              } finally {
                sub.dispose();
              }
            },
          );
        } catch (e) {
          // Not awaited: a notification stays until dismissed, the command must not.
          void showError(ctx, id, e);
          return undefined;
        }
      }),
    );
  }
}
