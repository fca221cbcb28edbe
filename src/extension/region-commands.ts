import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckReport, FlyctlProblem } from '../core/check';
import { secretsSetFromStdinArgs } from '../core/flyctl/argv';
import type { RegionGroupId } from '../core/regions';
import {
  bundledCatalog,
  describeFootprint,
  parseFootprintList,
  REGION_GROUPS,
} from '../core/regions';
import { DEFAULT_JSON_TIMEOUT_MS, FlyctlError } from '../node/flyctl';
import { readFlyState } from '../node/project';
import type { Analysis, CheckSnapshot } from './analysis';
import type { MoveSecretArgs } from './code-actions';
import type { CommandScope } from './command-runner';
import { registerCommands } from './command-runner';
import { COMMANDS } from './contributions';
import type { Ctx } from './ctx';
import { UserError } from './ctx';
import { FLY_TOML_GLOB, isFlyToml } from './fly-files';

/** Findings that mean "the app does not run next to its database". */
export const REGION_MISMATCH_CODES: readonly string[] = [
  'region-unknown',
  'region-deprecated',
  'region-outside-group',
  'endpoint-group-mismatch',
  'footprint-missing',
  'footprint-extra',
];

/** Where SecretStorage keeps a secret moved out of fly.toml (the FQL runner reads FAUNA_SECRET there). */
export function secretStorageKey(name: string): string {
  return `flyFauna.secret.${name}`;
}

/**
 * The fly.toml a command is about: its argument, the active editor, or the workspace's
 * (asking when there are several, unless `ask` is false: then the first by path).
 */
export async function targetFlyToml(arg?: unknown, ask = true): Promise<vscode.TextDocument> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string' && arg !== '')
    return vscode.workspace.openTextDocument(vscode.Uri.parse(arg));
  const active = vscode.window.activeTextEditor?.document;
  if (active && isFlyToml(active)) return active;
  const found = await vscode.workspace.findFiles(FLY_TOML_GLOB, '**/node_modules/**', 50);
  if (found.length === 0) throw new UserError('No fly.toml in this workspace.', [], 'info');
  if (found.length === 1) return vscode.workspace.openTextDocument(found[0]);
  found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (!ask) return vscode.workspace.openTextDocument(found[0]);
  const pick = await vscode.window.showQuickPick(
    found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Which fly.toml?' },
  );
  if (!pick) throw new vscode.CancellationError();
  return vscode.workspace.openTextDocument(pick.uri);
}

/** The workspace folder a setting is written to for a document (or the first folder). */
function settingsScope(document: vscode.TextDocument | undefined): vscode.Uri | undefined {
  return (
    (document && vscode.workspace.getWorkspaceFolder(document.uri)?.uri) ??
    vscode.workspace.workspaceFolders?.[0]?.uri
  );
}

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

interface ChooseArgs {
  regionGroup?: RegionGroupId | '';
  footprint?: string[];
}

type GroupItem = vscode.QuickPickItem & { choice: ChooseArgs | 'custom' };

async function writeChoice(scope: vscode.Uri | undefined, choice: ChooseArgs): Promise<void> {
  const section = vscode.workspace.getConfiguration('flyFauna', scope);
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  if (choice.regionGroup !== undefined)
    await section.update('regionGroup', choice.regionGroup || undefined, target);
  if (choice.footprint !== undefined)
    await section.update(
      'footprint',
      choice.footprint.length ? choice.footprint : undefined,
      target,
    );
}

/** Describes where the current group or footprint comes from, for the quick pick. */
function nowText(analysis: Analysis | undefined): string {
  const s = analysis?.settings;
  const fp = analysis?.result.footprint.footprint;
  if (!s || !fp) return 'Now: no Region Group or footprint is known';
  const source = fp.kind === 'custom' ? s.footprint?.source : s.group?.source;
  return `Now: ${describeFootprint(fp)}${source ? `, from ${source}` : ''}`;
}

async function chooseRegionGroup(
  ctx: Ctx,
  _scope: CommandScope,
  arg?: unknown,
): Promise<ChooseArgs | undefined> {
  let document: vscode.TextDocument | undefined;
  try {
    document = await targetFlyToml(undefined, false);
  } catch {
    document = undefined; // no fly.toml: the setting can still be chosen
  }
  const scope = settingsScope(document);
  if (arg && typeof arg === 'object') {
    const a = arg as ChooseArgs;
    await writeChoice(scope, a);
    return a;
  }
  const analysis = document ? await ctx.analyzer.analyze(document) : undefined;
  const candidates = analysis?.settings.groupCandidates ?? [];
  const config = ctx.config(scope);
  const items: GroupItem[] = (Object.keys(REGION_GROUPS) as RegionGroupId[]).map((id) => {
    const g = REGION_GROUPS[id];
    const named = candidates
      .filter((c) => c.value === id && c.origin !== 'flag')
      .map((c) => c.source);
    return {
      label: g.label,
      description: g.footprint
        ? g.footprint.join(', ')
        : 'no single footprint: regions are not compared',
      detail:
        [
          config.regionGroup === id ? 'current setting' : '',
          named.length ? `named by ${named.join('; ')}` : '',
        ]
          .filter(Boolean)
          .join(' · ') || undefined,
      choice: { regionGroup: id, footprint: [] },
    };
  });
  items.push({
    label: 'Custom footprint…',
    description: config.footprint.length
      ? config.footprint.join(', ')
      : 'the Fly regions next to your own replicas',
    detail: config.footprint.length ? 'current setting' : undefined,
    choice: 'custom',
  });
  if (config.regionGroup !== null || config.footprint.length) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, choice: {} });
    items.push({
      label: 'Clear the setting',
      description:
        "use what the project's files say (fauna.config profile, FAUNA_ENDPOINT, .fauna-project)",
      choice: { regionGroup: '', footprint: [] },
    });
  }

  const picked = await pickOne(
    ctx,
    items,
    'Fly + Fauna: Region Group or Footprint',
    nowText(analysis),
  );
  if (!picked) return undefined;
  let choice: ChooseArgs;
  if (picked.choice === 'custom') {
    const regions = await pickRegions(ctx, config.footprint);
    if (!regions) return undefined;
    choice = { footprint: regions };
  } else choice = picked.choice;
  await writeChoice(scope, choice);
  ctx.log.info(`Region setting written: ${JSON.stringify(choice)}`);
  return choice;
}

/**
 * Shows a quick pick until `accept` returns a result (undefined keeps it open) or it is
 * hidden; kept on ctx while open (the VS Code tests drive it). A focus change (an output
 * view opening, a notification) must not discard the choice, hence ignoreFocusOut.
 */
function runPick<T extends vscode.QuickPickItem, R>(
  ctx: Ctx,
  qp: vscode.QuickPick<T>,
  accept: (qp: vscode.QuickPick<T>) => R | undefined,
): Promise<R | undefined> {
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  return new Promise<R | undefined>((resolve) => {
    let result: R | undefined;
    qp.onDidAccept(() => {
      result = accept(qp);
      if (result !== undefined) qp.hide();
    });
    qp.onDidHide(() => {
      ctx.activeQuickPick = undefined;
      qp.dispose();
      resolve(result);
    });
    ctx.activeQuickPick = qp;
    qp.show();
  });
}

/** A single-choice quick pick. */
function pickOne<T extends vscode.QuickPickItem>(
  ctx: Ctx,
  items: T[],
  title: string,
  placeholder: string,
): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = items;
  return runPick(ctx, qp, (q) => q.selectedItems[0] ?? q.activeItems[0]);
}

/** The regions of a custom footprint: current regions only, at least one. */
function pickRegions(ctx: Ctx, current: readonly string[]): Promise<string[] | undefined> {
  const catalog = bundledCatalog();
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { code: string }>();
  qp.title = 'Fly + Fauna: the Fly regions next to your Fauna replicas';
  qp.canSelectMany = true;
  qp.items = catalog.current().map((r) => ({ label: r.code, description: r.name, code: r.code }));
  qp.selectedItems = qp.items.filter((i) => current.includes(i.code));
  return runPick(ctx, qp, (q) => {
    const parsed = parseFootprintList(
      q.selectedItems.map((i) => i.code),
      catalog,
    );
    if (parsed.ok) return parsed.regions;
    q.placeholder = `${parsed.error}: pick at least one current region`;
    return undefined;
  });
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

async function checkRegions(ctx: Ctx, scope: CommandScope, arg?: unknown): Promise<CheckReport> {
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

/**
 * Moves a Fauna secret out of fly.toml [env]: asks first (modal), keeps the value in
 * VS Code's SecretStorage before anything else (so it is never lost), removes the line,
 * then sets it as a Fly secret with the value on flyctl's stdin (trusted workspaces only).
 */
async function moveSecretToFly(
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

/** The region commands: choose group/footprint, check, show log, move a secret. */
export function registerRegionCommands(ctx: Ctx): void {
  registerCommands(ctx, {
    [COMMANDS.chooseRegionGroup]: { run: (s, arg) => chooseRegionGroup(ctx, s, arg) },
    [COMMANDS.checkRegions]: {
      run: (s, arg) => checkRegions(ctx, s, arg),
      progress: 'Fly + Fauna: checking regions',
    },
    [COMMANDS.showLog]: { run: () => ctx.log.show() },
    [COMMANDS.moveSecretToFly]: { run: (s, arg) => moveSecretToFly(ctx, s, arg) },
  });
}
