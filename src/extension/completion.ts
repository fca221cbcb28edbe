import * as vscode from 'vscode';
import { completionContext } from '../core/completion-context';
import type { KeyInfo } from '../core/flytoml';
import { childKeys, describeKey } from '../core/flytoml';
import type { Ctx } from './ctx';
import { toVsRange } from './diagnostics';
import { FLY_TOML_SELECTOR } from './fly-files';
import { keyHoverText, regionHoverText } from './hover';

function keyItem(info: KeyInfo, range: vscode.Range): vscode.CompletionItem {
  const item = new vscode.CompletionItem(info.key, vscode.CompletionItemKind.Property);
  item.detail = info.type;
  item.documentation = new vscode.MarkdownString(keyHoverText(info));
  item.range = range;
  // Older spellings flyctl still reads go last.
  item.sortText = `${info.deprecatedAlias ? '1' : '0'}${info.key}`;
  if (info.deprecatedAlias) item.tags = [vscode.CompletionItemTag.Deprecated];
  return item;
}

/**
 * Completions in fly.toml: keys valid in the current table, `primary_region` values
 * (current regions, the footprint's first, each with its city) and enum values.
 */
export function registerCompletion(ctx: Ctx): void {
  ctx.push(
    vscode.languages.registerCompletionItemProvider(
      FLY_TOML_SELECTOR,
      {
        async provideCompletionItems(document, position) {
          const c = completionContext(document.getText(), {
            line: position.line,
            character: position.character,
          });
          if (!c) return undefined;
          const range = toVsRange(c.range);
          if (c.kind === 'key') {
            return childKeys(c.table)
              .filter((k) => !c.present.includes(k.key))
              .map((k) => keyItem(k, range));
          }

          // Close the string only when the user opened one; else insert a quoted value.
          const wrap = (v: string) => (c.quote ? v : `"${v}"`);
          if (c.path.length === 1 && c.path[0] === 'primary_region') {
            const analysis = await ctx.analyzer.analyze(document);
            const fp = analysis.result.footprint.footprint;
            const inFootprint = new Set(fp?.regions ?? []);
            return analysis.catalog.current().map((r) => {
              const item = new vscode.CompletionItem(
                { label: r.code, description: r.name },
                vscode.CompletionItemKind.EnumMember,
              );
              item.detail = inFootprint.has(r.code)
                ? `${r.name} · next to your Fauna replicas`
                : r.name;
              item.documentation = new vscode.MarkdownString(
                regionHoverText(r.code, analysis.catalog, fp) ?? '',
              );
              item.insertText = wrap(r.code);
              item.filterText = c.quote ? r.code : `"${r.code}`;
              item.range = range;
              // Footprint regions first, in the footprint's order; then the rest by code.
              const at = fp?.regions.indexOf(r.code) ?? -1;
              item.sortText = at >= 0 ? `0${at}` : `1${r.code}`;
              if (at === 0) item.preselect = true;
              return item;
            });
          }
          const info = describeKey(c.path);
          if (!info) return undefined;
          const values = info.values ?? (info.type === 'boolean' ? ['true', 'false'] : []);
          return values.map((v, i) => {
            const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
            const isString = info.type !== 'boolean' && !/^-?\d/.test(v);
            item.insertText = isString ? wrap(v) : v;
            if (isString && !c.quote) item.filterText = `"${v}`;
            item.detail = info.path.join('.');
            item.range = range;
            item.sortText = String(i).padStart(3, '0');
            return item;
          });
        },
      },
      '"',
      "'",
      '=',
    ),
  );
}
