// Shared helpers for the suite that runs inside the VS Code extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'fly-fauna.fly-fauna';

/** The API `activate` returns (kept in sync with src/extension/extension.ts by hand on purpose: the vsix suite must not import the sources). */
export interface FlyFaunaTestApi {
  activationMs: number;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the suite needs a workspace folder');
  return f.uri;
}

export async function activeExtension(): Promise<vscode.Extension<FlyFaunaTestApi>> {
  const ext = vscode.extensions.getExtension<FlyFaunaTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  await ext.activate();
  return ext;
}

/**
 * Asks the runner (test/vscode/run.mjs) for a screenshot of the workbench and waits until
 * it is saved. The runner watches the extension host's log for the marker line.
 */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.FLY_FAUNA_TEST_SIGNALS;
  if (!dir || process.env.FLY_FAUNA_TEST_SCREENSHOTS !== '1') return;
  console.log(`[fly-fauna-screenshot] ${name}`);
  await waitFor(
    `screenshot ${name}`,
    () => (fs.existsSync(path.join(dir, `${name}.done`)) ? true : undefined),
    20_000,
  );
}
