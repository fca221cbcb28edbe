import * as vscode from 'vscode';
import type { FslItemKind, FslOutlineItem } from '../../core/fauna/fsl-outline';
import { fslOutline } from '../../core/fauna/fsl-outline';
import type { Ctx } from '../ctx';
import { toVsRange } from '../diagnostics';

/**
 * Icons that say what a member is. `Key` and `String` share the "abc" codicon
 * (symbol-key, symbol-string), so only literal strings (an issuer, a JWKS URI) use them.
 */
const KIND: Record<FslItemKind, vscode.SymbolKind> = {
  collection: vscode.SymbolKind.Class,
  function: vscode.SymbolKind.Function,
  role: vscode.SymbolKind.Object,
  accessProvider: vscode.SymbolKind.Interface,
  field: vscode.SymbolKind.Field,
  computedField: vscode.SymbolKind.Property,
  wildcard: vscode.SymbolKind.Field,
  // An index is a structure of two lists of paths.
  index: vscode.SymbolKind.Struct,
  terms: vscode.SymbolKind.Array,
  values: vscode.SymbolKind.Array,
  unique: vscode.SymbolKind.Constant,
  check: vscode.SymbolKind.Boolean,
  migrations: vscode.SymbolKind.Event,
  migration: vscode.SymbolKind.Operator,
  setting: vscode.SymbolKind.Constant,
  // What a role may do to a resource: an interface of actions (methods).
  privileges: vscode.SymbolKind.Interface,
  action: vscode.SymbolKind.Method,
  // Which documents are members: an enumeration of a collection's documents.
  membership: vscode.SymbolKind.Enum,
  predicate: vscode.SymbolKind.Boolean,
  issuer: vscode.SymbolKind.String,
  jwksUri: vscode.SymbolKind.String,
  // The role a JWT's holder gets: shown as a role is.
  providerRole: vscode.SymbolKind.Object,
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
