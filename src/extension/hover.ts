import * as vscode from 'vscode';
import type { KeyInfo } from '../core/flytoml';
import { describeKey, nodeAt } from '../core/flytoml';
import type { Footprint, RegionCatalog } from '../core/regions';
import { describeFootprint, nearestRegion } from '../core/regions';
import type { Ctx } from './ctx';
import { toVsRange } from './diagnostics';
import { FLY_TOML_SELECTOR } from './fly-files';

/** Markdown text about a region: city, status and closeness to the footprint. Null when the code is unknown. */
export function regionHoverText(
  code: string,
  catalog: RegionCatalog,
  footprint: Footprint | null,
): string | null {
  const r = catalog.get(code);
  if (!r) return null;
  const lines = [`**${r.code}** · ${r.name}`, ''];
  if (r.status === 'current') lines.push('Status: current Fly region');
  else {
    const repl = r.replacement ? catalog.get(r.replacement) : undefined;
    lines.push(
      `Status: **retired** by Fly${r.replacement ? `; flyctl moves it to \`${r.replacement}\`${repl ? ` (${repl.name})` : ''}` : ''}`,
    );
  }
  lines.push('');
  if (footprint && footprint.regions.length > 0) {
    const near = nearestRegion(r.code, footprint.regions, catalog);
    if (near && near.km === 0) {
      lines.push(`In the ${describeFootprint(footprint)}: next to a replica.`);
    } else if (near) {
      lines.push(
        `Nearest replica region of the ${describeFootprint(footprint)}: \`${near.code}\`, ${Math.round(near.km).toLocaleString('en-US')} km, ~${Math.round(near.rttMs)} ms round trip (estimate)`,
      );
    } else {
      lines.push(`Distance to the ${describeFootprint(footprint)} unknown (no coordinates).`);
    }
  } else if (footprint) {
    lines.push(`The ${footprint.label} has no single footprint to compare with.`);
  } else {
    lines.push(
      'No Region Group or footprint chosen: run *Fly + Fauna: Choose Region Group or Footprint…*',
    );
  }
  return lines.join('\n');
}

/** Markdown text about a fly.toml key: type, what it does, accepted values. */
export function keyHoverText(info: KeyInfo): string {
  const lines = [
    `**${info.path.join('.')}** · ${info.type}${info.deprecatedAlias ? ' (older spelling)' : ''}`,
    '',
    info.description,
  ];
  if (info.values?.length) {
    lines.push('', `Values: ${info.values.map((v) => `\`${v}\``).join(', ')}`);
  }
  return lines.join('\n');
}

/** Hovers: a region code (primary_region) or a key or table name. */
export function registerHover(ctx: Ctx): void {
  ctx.push(
    vscode.languages.registerHoverProvider(FLY_TOML_SELECTOR, {
      async provideHover(document, position) {
        const analysis = await ctx.analyzer.analyze(document);
        const node = nodeAt(analysis.doc, { line: position.line, character: position.character });
        if (!node) return undefined;
        let text: string | null = null;
        if (node.kind === 'value' && node.path.length === 1 && node.path[0] === 'primary_region') {
          const raw = document.getText(toVsRange(node.range)).replace(/^["']+|["']+$/g, '');
          text = regionHoverText(raw, analysis.catalog, analysis.result.footprint.footprint);
        }
        if (text === null) {
          const info = describeKey(node.path);
          if (info) text = keyHoverText(info);
        }
        if (text === null) return undefined;
        const md = new vscode.MarkdownString(text);
        md.isTrusted = false;
        return new vscode.Hover(md, toVsRange(node.range));
      },
    }),
  );
}
