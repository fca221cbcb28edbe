// Choose Region Group or Footprint…: a quick pick that says where the current value comes
// from and which project files name each group; writes the workspace setting.
import * as vscode from 'vscode';
import type { RegionGroupId } from '../core/regions';
import {
  bundledCatalog,
  describeFootprint,
  parseFootprintList,
  REGION_GROUPS,
} from '../core/regions';
import type { Analysis } from './analysis';
import type { CommandScope } from './command-runner';
import type { Ctx } from './ctx';
import { targetFlyToml } from './fly-files';

/** The workspace folder a setting is written to for a document (or the first folder). */
function settingsScope(document: vscode.TextDocument | undefined): vscode.Uri | undefined {
  return (
    (document && vscode.workspace.getWorkspaceFolder(document.uri)?.uri) ??
    vscode.workspace.workspaceFolders?.[0]?.uri
  );
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

export async function chooseRegionGroup(
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
