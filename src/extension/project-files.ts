import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DOTENV_FILE_NAME,
  FAUNA_CONFIG_FILE_NAMES,
  FAUNA_PROJECT_FILE_NAME,
} from '../core/fauna/settings';
import { readFaunaFiles } from '../node/fauna/connection';
import type { Ctx } from './ctx';

/** The Fauna files of a project folder, as settings discovery reads them. */
export type FaunaFiles = Array<{ name: string; text: string }>;

const WATCHED_NAMES = [...FAUNA_CONFIG_FILE_NAMES, DOTENV_FILE_NAME, FAUNA_PROJECT_FILE_NAME];

/**
 * The Fauna files (fauna.config.*, .env, .fauna-project) next to each fly.toml, read
 * once and cached per folder until a watcher sees one of them change. `generation`
 * grows with every change so analyses made before it are known to be stale.
 */
export class ProjectFiles implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<FaunaFiles>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher: vscode.FileSystemWatcher;
  /** Bumped on every change of a watched file. */
  generation = 0;
  /** Fires after a watched file was created, changed or deleted. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Pick<Ctx, 'log'>) {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/{${WATCHED_NAMES.join(',')}}`);
    const onEvent = (uri: vscode.Uri) => {
      this.cache.delete(path.dirname(uri.fsPath));
      this.generation++;
      this.ctx.log.info(`Fauna settings file changed: ${vscode.workspace.asRelativePath(uri)}`);
      this.changed.fire();
    };
    this.watcher.onDidCreate(onEvent);
    this.watcher.onDidChange(onEvent);
    this.watcher.onDidDelete(onEvent);
  }

  /** The files in `dir` (a fly.toml's folder); missing ones are left out. */
  files(dir: string): Promise<FaunaFiles> {
    let p = this.cache.get(dir);
    if (!p) {
      // Sources name files by their base name (`fauna.config.yaml profile 'dev'`), not a path.
      p = readFaunaFiles(dir, process.env)
        .then((files) => files.map((f) => ({ name: path.basename(f.name), text: f.text })))
        .catch((e: unknown) => {
          this.ctx.log.warn(
            `could not read the Fauna files in ${dir}: ${e instanceof Error ? e.message : String(e)}`,
          );
          return [];
        });
      this.cache.set(dir, p);
    }
    return p;
  }

  /** Forgets every cached folder (after a settings change that alters what is read). */
  invalidate(): void {
    this.cache.clear();
    this.generation++;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
