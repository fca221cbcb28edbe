import * as vscode from 'vscode';
import type { Analysis } from '../analysis';
import type { Ctx } from '../ctx';
import { UserError } from '../ctx';
import { targetFlyToml } from '../fly-files';

/**
 * What every flyctl action starts from: its argument (a Uri, or an object with a `uri`
 * and options), the fly.toml it is about, that file's analysis and its app name. Throws
 * a UserError when the file names no app, since flyctl needs one.
 */
export async function flyActionTarget<A extends { uri?: string }>(
  ctx: Ctx,
  arg: unknown,
): Promise<{ args: A; document: vscode.TextDocument; analysis: Analysis; app: string }> {
  const args = (
    arg instanceof vscode.Uri ? { uri: arg.toString() } : arg && typeof arg === 'object' ? arg : {}
  ) as A;
  const document = await targetFlyToml(args.uri);
  const analysis = await ctx.analyzer.analyze(document);
  const app = analysis.app?.value;
  if (!app)
    throw new UserError(
      `${vscode.workspace.asRelativePath(document.uri)} names no app: add app = "<name>".`,
    );
  return { args, document, analysis, app };
}
