import type * as vscode from 'vscode';
import { registerCodeActions } from './code-actions';
import { registerCompletion } from './completion';
import type { Feature } from './ctx';
import { Ctx } from './ctx';
import type { DiagnosticsPass } from './diagnostics';
import { registerDiagnostics } from './diagnostics';
import { registerFlyActions } from './fly';
import { registerFslOutline } from './fsl/outline';
import type { ExplorerApi } from './explorer';
import { registerExplorer } from './explorer';
import type { FqlApi } from './fql';
import { registerFql } from './fql';
import { registerHover } from './hover';
import { registerFootprintMap } from './map';
import { registerRegionCommands } from './region-commands';
import { registerSchema } from './schema';
import { registerStatusBar } from './status-bar';

/**
 * What activate() returns. Other extensions have no use for it; the VS Code tests read
 * timings and drive the open quick pick through it.
 */
export interface FlyFaunaApi {
  /** How long activate() took, ms. */
  activationMs: number;
  /** The latest diagnostics passes (newest last, at most 50). */
  diagnosticsPasses: DiagnosticsPass[];
  /** The quick pick a command has open, if any. */
  activeQuickPick(): vscode.QuickPick<vscode.QuickPickItem> | undefined;
  /** What the status bar item shows. */
  statusBar(): { text: string; tooltip: string; visible: boolean };
  /** The FQL runner (the tests read the result the view shows). */
  fql: FqlApi | undefined;
  /** The Database explorer (the tests walk its tree). */
  explorer: ExplorerApi | undefined;
}

/**
 * Activation is cheap on purpose: providers and commands are registered, nothing is
 * read beyond open documents, and no process is started (flyctl runs only from a
 * command, and never in an untrusted workspace).
 */
export function activate(context: vscode.ExtensionContext): FlyFaunaApi {
  const t0 = performance.now();
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  const passes: DiagnosticsPass[] = [];
  let fql: FqlApi | undefined;
  let explorer: ExplorerApi | undefined;

  // One line per feature module.
  const features: Feature[] = [
    (c) =>
      registerDiagnostics(c, (p) => {
        passes.push(p);
        if (passes.length > 50) passes.shift();
      }),
    registerCodeActions,
    registerHover,
    registerCompletion,
    registerRegionCommands,
    registerStatusBar,
    registerFlyActions,
    registerFootprintMap,
    registerSchema,
    registerFslOutline,
    (c) => {
      fql = registerFql(c.extension);
    },
    (c) => {
      if (fql) explorer = registerExplorer(c.extension, fql.controller);
    },
  ];
  for (const register of features) register(ctx);

  const activationMs = performance.now() - t0;
  ctx.log.info(
    `activated in ${activationMs.toFixed(1)} ms (workspace ${ctx.trusted ? 'trusted' : 'not trusted'})`,
  );
  return {
    activationMs,
    diagnosticsPasses: passes,
    activeQuickPick: () => ctx.activeQuickPick,
    statusBar: () => ctx.status,
    fql,
    explorer,
  };
}

export function deactivate(): void {
  // Everything is disposed through the context's subscriptions.
}
