import * as vscode from 'vscode';
import type { FslItemKind, FslOutlineItem } from '../../core/fauna/fsl-outline';
import { fslOutline } from '../../core/fauna/fsl-outline';
import type { Ctx } from '../ctx';
import { toVsRange } from '../diagnostics';

const KIND: Record<FslItemKind, vscode.SymbolKind> = {
  collection: vscode.SymbolKind.Class,
  function: vscode.SymbolKind.Function,
  role: vscode.SymbolKind.Object,
  accessProvider: vscode.SymbolKind.Interface,
  field: vscode.SymbolKind.Field,
  computedField: vscode.SymbolKind.Property,
  wildcard: vscode.SymbolKind.Field,
  index: vscode.SymbolKind.Key,
  unique: vscode.SymbolKind.Key,
  check: vscode.SymbolKind.Boolean,
  migrations: vscode.SymbolKind.Event,
  setting: vscode.SymbolKind.Constant,
  privileges: vscode.SymbolKind.Key,
  membership: vscode.SymbolKind.Key,
  issuer: vscode.SymbolKind.String,
  jwksUri: vscode.SymbolKind.String,
  providerRole: vscode.SymbolKind.Key,
};

/** What the Outline shows before the name, for members whose kind is not obvious. */
const PREFIX: Partial<Record<FslItemKind, string>> = {
  accessProvider: 'access provider ',
  computedField: 'compute ',
  index: 'index ',
  check: 'check ',
  unique: 'unique ',
  privileges: 'privileges ',
  membership: 'membership ',
  providerRole: 'role ',
};

function toSymbol(item: FslOutlineItem): vscode.DocumentSymbol {
  // A name is required by VS Code; broken input may have none.
  const name = item.kind === 'unique' ? item.name : item.name || '(no name)';
  const detail = [item.detail, ...item.annotations].filter((s) => s !== '').join(' ');
  const s = new vscode.DocumentSymbol(
    `${PREFIX[item.kind] ?? ''}${name}`,
    detail,
    KIND[item.kind],
    toVsRange(item.range),
    toVsRange(item.nameRange),
  );
  s.children = item.children.map(toSymbol);
  return s;
}

/** The Outline and breadcrumbs of `.fsl` files (core parser: src/core/fauna/fsl-outline.ts). */
export function fslDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
  return fslOutline(document.getText()).map(toSymbol);
}

export function registerFslOutline(ctx: Ctx): void {
  ctx.push(
    vscode.languages.registerDocumentSymbolProvider(
      { language: 'fsl' },
      { provideDocumentSymbols: (document) => fslDocumentSymbols(document) },
      { label: 'FSL' },
    ),
  );
}
