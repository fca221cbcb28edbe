import * as vscode from 'vscode';
import { fixAllEdits } from '../core/fix-all';
import { COMMANDS } from './contributions';
import type { Ctx } from './ctx';
import { sameFinding, toVsRange } from './diagnostics';
import { FLY_TOML_SELECTOR } from './fly-files';

/** Arguments of flyFauna.moveSecretToFly: which file and which [env] name; never the value. */
export interface MoveSecretArgs {
  uri: string;
  name: string;
}

/**
 * Quick fixes from the engine's `finding.fixes`: each applies exactly the fix's text
 * edits (which touch only the token or line they name, so comments and formatting stay).
 * A fix with a `push-secret` action becomes a command instead, which asks first and
 * never loses the value (see moveSecretToFly).
 */
/** `source.fixAll.flyFauna`: every preferred text fix at once (Fix All, or codeActionsOnSave). */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('flyFauna');

export function registerCodeActions(ctx: Ctx): void {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, _range, context) {
      if (context.only?.contains(FIX_ALL_KIND)) {
        const analysis = await ctx.analyzer.analyze(document);
        if (analysis.version !== document.version) return [];
        const edits = fixAllEdits(analysis.result.findings);
        if (edits.length === 0) return [];
        const action = new vscode.CodeAction(
          'Fix all fly.toml problems that have a preferred fix',
          FIX_ALL_KIND,
        );
        action.edit = new vscode.WorkspaceEdit();
        for (const e of edits) action.edit.replace(document.uri, toVsRange(e.range), e.newText);
        return [action];
      }
      const ours = context.diagnostics.filter((d) => d.source === 'fly-fauna');
      if (ours.length === 0) return [];
      const analysis = await ctx.analyzer.analyze(document);
      if (analysis.version !== document.version) return [];
      const actions: vscode.CodeAction[] = [];
      for (const f of analysis.result.findings) {
        const diagnostic = ours.find((d) => sameFinding(d, f, analysis, document));
        if (!diagnostic) continue;
        if (f.code === 'region-group-unset') {
          // No text edit can fix this one: the group is a setting or a Fauna file.
          const action = new vscode.CodeAction(
            'Choose Region Group or Footprint…',
            vscode.CodeActionKind.QuickFix,
          );
          action.diagnostics = [diagnostic];
          action.command = {
            command: COMMANDS.chooseRegionGroup,
            title: 'Choose Region Group or Footprint…',
          };
          actions.push(action);
        }
        if (f.code === 'footprint-missing' || f.code === 'footprint-extra') {
          // No text edit matches machines to a footprint: flyctl does, after the plan is
          // shown (never silently). Only where processes may run.
          if (ctx.trusted) {
            const match = new vscode.CodeAction(
              f.code === 'footprint-extra'
                ? 'Match Region Group footprint… (offers to remove the machines outside)'
                : 'Match Region Group footprint…',
              vscode.CodeActionKind.QuickFix,
            );
            match.diagnostics = [diagnostic];
            match.isPreferred = true;
            match.command = {
              command: COMMANDS.matchFootprint,
              title: match.title,
              arguments: [{ uri: document.uri.toString() }],
            };
            actions.push(match);
          }
          const map = new vscode.CodeAction('Show Footprint Map', vscode.CodeActionKind.QuickFix);
          map.diagnostics = [diagnostic];
          map.command = {
            command: COMMANDS.showFootprintMap,
            title: map.title,
            arguments: [document.uri],
          };
          actions.push(map);
        }
        if (!f.fixes) continue;
        for (const fix of f.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.isPreferred === true;
          if (fix.action?.kind === 'push-secret') {
            const args: MoveSecretArgs = { uri: document.uri.toString(), name: fix.action.name };
            action.command = {
              command: COMMANDS.moveSecretToFly,
              title: fix.title,
              arguments: [args],
            };
          } else {
            const edit = new vscode.WorkspaceEdit();
            for (const e of fix.edits) edit.replace(document.uri, toVsRange(e.range), e.newText);
            action.edit = edit;
          }
          actions.push(action);
        }
      }
      return actions;
    },
  };
  ctx.push(
    vscode.languages.registerCodeActionsProvider(FLY_TOML_SELECTOR, provider, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
    }),
  );
}
