// Check Regions: the whole `fly-fauna check` for one fly.toml, with flyctl's view of the
// deployed machines when the workspace is trusted and flyctl is there.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckReport, FlyctlProblem } from '../core/check';
import { DEFAULT_JSON_TIMEOUT_MS } from '../node/flyctl';
import { readFlyState } from '../node/project';
import type { CheckSnapshot } from './analysis';
import type { CommandScope } from './command-runner';
import type { Ctx } from './ctx';
import { targetFlyToml } from './fly-files';

/** Findings that mean "the app does not run next to its database". */
export const REGION_MISMATCH_CODES: readonly string[] = [
  'region-unknown',
  'region-deprecated',
  'region-outside-group',
  'endpoint-group-mismatch',
  'footprint-missing',
  'footprint-extra',
];

/** One-line summary of a check for notifications and the status bar tooltip. */
export function summarize(report: CheckReport): { ok: boolean; text: string } {
  const app = report.app ?? 'this app';
  if (report.regionGroup === null && report.footprint.length === 0) {
    return {
      ok: false,
      text: `${app}: no Fauna Region Group or footprint is known, so regions are not compared.`,
    };
  }
  const label =
    report.regionGroup?.id === 'custom'
      ? 'custom footprint'
      : `${report.regionGroup?.id.toUpperCase()} Region Group`;
  const where = report.footprint.length ? `${label} (${report.footprint.join(', ')})` : label;
  const problems = report.findings.filter((f) => REGION_MISMATCH_CODES.includes(f.code));
  if (problems.length === 0) {
    const deployed = report.deployed
      ? `; machines in ${
          Object.entries(report.deployed.regions)
            .map(([r, n]) => `${r} (${n})`)
            .join(', ') || 'no region'
        }`
      : '';
    return { ok: true, text: `${app}: regions match the ${where}${deployed}.` };
  }
  return {
    ok: false,
    text: `${app}: regions differ from the ${where}: ${problems.map((p) => p.message).join('; ')}`,
  };
}

/**
 * Asks flyctl for the machines and the live region list (node/project.ts readFlyState,
 * the same as `fly-fauna check`), or says why it could not. Only in a trusted workspace.
 */
async function readDeployed(
  ctx: Ctx,
  document: vscode.TextDocument,
  app: string | null,
  scope: CommandScope,
): Promise<CheckSnapshot> {
  if (!ctx.trusted) {
    return {
      problem: {
        kind: 'untrusted',
        message: 'the workspace is not trusted, so Fly + Fauna runs no process',
        nextStep: 'Trust the workspace to let it run flyctl machines list.',
      },
    };
  }
  let client;
  try {
    client = await ctx.flyctl(document.uri);
  } catch (e) {
    return {
      problem: {
        kind: 'not-installed',
        message: e instanceof Error ? e.message : String(e),
        nextStep: 'Install flyctl or set flyFauna.flyctlPath.',
      },
    };
  }
  scope.report(app ? `flyctl machines list -a ${app}` : 'flyctl platform regions');
  ctx.log.info(
    `running ${client.path} machines list and platform regions${app ? ` for ${app}` : ''}`,
  );
  const state = await readFlyState({
    client,
    app,
    timeoutMs: DEFAULT_JSON_TIMEOUT_MS,
    signal: scope.signal,
    cwd: path.dirname(document.uri.fsPath),
  });
  // Cancelled by the person: stop the command, do not report "flyctl failed".
  if (scope.signal.aborted) throw new vscode.CancellationError();
  if (state.problem) {
    ctx.log.warn(
      `flyctl could not tell the deployed regions (${state.problem.kind}): ${state.problem.message}`,
    );
    return { problem: state.problem, catalog: state.catalog };
  }
  return { deployed: { ...state.deployed!, app: app! }, catalog: state.catalog };
}

export async function checkRegions(
  ctx: Ctx,
  scope: CommandScope,
  arg?: unknown,
): Promise<CheckReport> {
  const document = await targetFlyToml(arg);
  const before = await ctx.analyzer.analyze(document);
  const snapshot = await readDeployed(ctx, document, before.app?.value ?? null, scope);
  ctx.analyzer.setChecked(document.uri, snapshot);
  const analysis = await ctx.analyzer.analyze(document);
  ctx.fireChecked(document.uri);
  const report = analysis.result.report;
  ctx.log.info(`Check Regions ${report.file}: ${JSON.stringify(report)}`);
  const { ok, text } = summarize(report);
  const problem: FlyctlProblem | undefined = snapshot.problem;
  const note = problem ? ` Deployed regions not read: ${problem.message}.` : '';
  if (ok) void vscode.window.showInformationMessage(text + note);
  else {
    void vscode.window.showWarningMessage(text + note, 'Show Problems').then((b) => {
      if (b) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
  return report;
}
