import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DOTENV_FILE_NAME,
  FAUNA_CONFIG_FILE_NAMES,
  FAUNA_PROJECT_FILE_NAME,
} from '../core/fauna/settings';
import { readProject } from '../node/project';
import type { Ctx } from './ctx';

/** The Fauna files of a project folder, as settings discovery reads them. */
export type FaunaFiles = Array<{ name: string; text: string }>;

const WATCHED_NAMES = [...FAUNA_CONFIG_FILE_NAMES, DOTENV_FILE_NAME, FAUNA_PROJECT_FILE_NAME];

/**
 * The Fauna files of each fly.toml's project, read as `fly-fauna check` reads them
 * (node/project.ts readProject: fauna.config.* and .env beside it, the nearest
 * .fauna-project at or above it, FAUNA_CONFIG, size limits), cached per folder until a
 * watcher sees one of them change. `generation` grows with every change so analyses
 * made before it are known to be stale.
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
      // A .fauna-project serves every folder below it: forget them all (reading is cheap).
      this.cache.clear();
      this.generation++;
      this.ctx.log.info(`Fauna settings file changed: ${vscode.workspace.asRelativePath(uri)}`);
      this.changed.fire();
    };
    this.watcher.onDidCreate(onEvent);
    this.watcher.onDidChange(onEvent);
    this.watcher.onDidDelete(onEvent);
  }

  /** The Fauna files of the project of the fly.toml at `flyTomlPath`; missing ones are left out. */
  files(flyTomlPath: string): Promise<FaunaFiles> {
    const dir = path.dirname(flyTomlPath);
    let p = this.cache.get(dir);
    if (!p) {
      const cwd =
        vscode.workspace.getWorkspaceFolder(vscode.Uri.file(flyTomlPath))?.uri.fsPath ?? dir;
      p = readProject(flyTomlPath, cwd, process.env).then(
        (project) => {
          for (const w of project.warnings) this.ctx.log.warn(w);
          return project.faunaFiles;
        },
        (e: unknown) => {
          this.ctx.log.warn(
            `could not read the project of ${flyTomlPath}: ${e instanceof Error ? e.message : String(e)}`,
          );
          return [];
        },
      );
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
