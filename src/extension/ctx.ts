import * as vscode from 'vscode';
import type { FlyFaunaConfig, ParsedConfig } from '../core/config';
import { CONFIG_KEYS, CONFIG_SECTION, parseConfig } from '../core/config';
import { redactText } from '../core/redact';
import { FlyctlClient, locateFlyctl } from '../node/flyctl';
import { Analyzer } from './analysis';
import { ProjectFiles } from './project-files';

/**
 * A problem the person can act on: shown as is (no "unexpected error" wrapper), with
 * optional buttons that run commands.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly actions: ReadonlyArray<{ title: string; command: string; args?: unknown[] }> = [],
    readonly severity: 'error' | 'warning' | 'info' = 'error',
  ) {
    super(message);
  }
}

/**
 * The one context object activate() builds: it owns every disposable, the log, the
 * settings reader, the project's Fauna files and the only way to get a flyctl client
 * (which refuses in an untrusted workspace). Features receive it in `register(ctx)`;
 * there is no module-level mutable state.
 */
export class Ctx implements vscode.Disposable {
  /** The log channel (Show Log). Nothing written here may hold a secret. */
  readonly log: vscode.LogOutputChannel;
  readonly project: ProjectFiles;
  readonly analyzer: Analyzer;
  private readonly checkedEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after Check Regions learnt something new about a fly.toml. */
  readonly onDidCheck = this.checkedEmitter.event;
  /** What the status bar item shows (the VS Code tests read it through the API). */
  status: { text: string; tooltip: string; visible: boolean } = {
    text: '',
    tooltip: '',
    visible: false,
  };
  /** The quick pick a command has open, if any (the VS Code tests drive it through this). */
  activeQuickPick: vscode.QuickPick<vscode.QuickPickItem> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly warned = new Set<string>();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = redactingLog(vscode.window.createOutputChannel('Fly + Fauna', { log: true }));
    this.push(this.log);
    this.project = new ProjectFiles(this);
    this.analyzer = new Analyzer(this);
    this.push(this.project, this.checkedEmitter);
  }

  /** Tells the features that a Check Regions of `uri` finished. */
  fireChecked(uri: vscode.Uri): void {
    this.checkedEmitter.fire(uri);
  }

  /** Registers disposables to be disposed with the extension. */
  push(...d: vscode.Disposable[]): void {
    this.disposables.push(...d);
  }

  /** The `flyFauna.*` settings for a resource (or the window), parsed; bad values are logged once. */
  config(scope?: vscode.Uri): FlyFaunaConfig {
    const parsed = this.readConfig(scope);
    for (const w of parsed.warnings) this.warnOnce(w);
    return parsed.config;
  }

  /** Logs a warning about the settings or files once per session (analyses repeat them). */
  warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log.warn(message);
  }

  /** The raw reading, for tests and the settings quick pick. */
  readConfig(scope?: vscode.Uri): ParsedConfig {
    const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope ?? null);
    const raw: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS) raw[key] = section.get(key);
    return parseConfig(raw);
  }

  /**
   * Asks before something that changes the project or Fly: a modal dialog. VS Code
   * refuses modal dialogs while extension tests run, so in that mode the same question
   * is a notification with the same buttons (and an explicit Cancel), which the tests
   * answer by clicking in the workbench. Resolves with the chosen button or undefined.
   */
  async confirm(message: string, detail: string, button: string): Promise<boolean> {
    if (this.extension.extensionMode === vscode.ExtensionMode.Test) {
      const picked = await vscode.window.showWarningMessage(
        `${message} ${detail}`,
        button,
        'Cancel',
      );
      return picked === button;
    }
    return (
      (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button
    );
  }

  /** Fires when any `flyFauna.*` setting changes. */
  onDidChangeConfig(listener: () => void): void {
    this.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(CONFIG_SECTION)) listener();
      }),
    );
  }

  /** True when the workspace is trusted: only then may the extension start a process. */
  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /**
   * The flyctl client. Throws a UserError in an untrusted workspace (no process may run
   * there) and when flyctl cannot be found. Only looks at the file system: no process
   * is started until the caller runs a command.
   */
  async flyctl(scope?: vscode.Uri): Promise<FlyctlClient> {
    if (!this.trusted) {
      throw new UserError(
        'Fly + Fauna runs no process in an untrusted workspace; trust the workspace to use flyctl.',
        [{ title: 'Manage Workspace Trust', command: 'workbench.trust.manage' }],
        'warning',
      );
    }
    const explicit = this.config(scope).flyctlPath;
    const found = await locateFlyctl({ ...(explicit ? { explicit } : {}), env: process.env });
    if (!found) {
      throw new UserError(
        'flyctl was not found on PATH or in ~/.fly/bin. Install it (https://fly.io/docs/flyctl/install/) or set flyFauna.flyctlPath.',
        [
          {
            title: 'Open Settings',
            command: 'workbench.action.openSettings',
            args: ['flyFauna.flyctlPath'],
          },
        ],
      );
    }
    return new FlyctlClient({ path: found, env: process.env });
  }

  dispose(): void {
    while (this.disposables.length) {
      try {
        this.disposables.pop()?.dispose();
      } catch (e) {
        console.error(e);
      }
    }
  }
}

/** A feature module: registers its providers and commands on the context. */
export type Feature = (ctx: Ctx) => void;

const WRITES = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'append',
  'appendLine',
  'replace',
]);

/**
 * The log channel with every line passed through {@link redactText}: flyctl output and
 * error tails can quote a fly.toml value (a Dockerfile URL with credentials, a key).
 */
function redactingLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !WRITES.has(prop) || typeof value !== 'function')
        return value;
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => unknown).apply(
          target,
          args.map((a) => (typeof a === 'string' ? redactText(a) : a)),
        );
    },
  });
}
