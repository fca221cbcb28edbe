/**
 * Finds and reads a Fly + Fauna project from disk: the fly.toml, and the files Fauna
 * settings discovery reads (src/core/fauna/settings.ts) beside it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FlyctlProblem } from '../core/check';
import {
  DOTENV_FILE_NAME,
  FAUNA_CONFIG_FILE_NAMES,
  FAUNA_PROJECT_FILE_NAME,
} from '../core/fauna/settings';
import { machinesListArgs, platformRegionsArgs } from '../core/flyctl/argv';
import type { DeployedByGroup } from '../core/flyctl/shapes';
import { parseDeployed } from '../core/flyctl/shapes';
import type { RegionCatalog } from '../core/regions';
import { bundledCatalog, mergeCatalog, parsePlatformRegions } from '../core/regions';
import { FlyctlError } from './flyctl';

/** Files larger than this are not configuration: refuse rather than read them into memory. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The project could not be read (missing or unreadable fly.toml): bad input for the CLI (exit 2). */
export class ProjectError extends Error {
  override name = 'ProjectError';
}

/** What was read. */
export interface Project {
  /** Absolute path of the fly.toml. */
  flyTomlPath: string;
  /** The path as people should see it: relative to `cwd` when inside it, `/` separated. */
  displayPath: string;
  flyTomlText: string;
  /** The folder holding the fly.toml. */
  dir: string;
  /** The Fauna settings files found, by name (a config named by FAUNA_CONFIG keeps its path). */
  faunaFiles: Array<{ name: string; text: string }>;
  /** Files found but not read (too large, unreadable): one sentence each. */
  warnings: string[];
}

function display(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  return shown.split(path.sep).join('/');
}

/** Reads a text file; null when it does not exist (or is no file). Throws on other errors. */
async function readText(file: string): Promise<string | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return null;
    if (st.size > MAX_FILE_BYTES)
      throw new ProjectError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    return (await handle.readFile('utf8')).replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

const reason = (err: unknown): string =>
  err instanceof ProjectError
    ? err.message
    : ((err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err)));

/**
 * Reads the project at `target` (a fly.toml, or a folder holding one; relative to `cwd`).
 * Fauna files are looked for beside the fly.toml: `fauna.config.*` / `.fauna.config.*`
 * (or the one file `FAUNA_CONFIG` names, relative to `cwd`) and `.env`; `.fauna-project`
 * also in the folders above, as the Fauna CLI v3 looks for it.
 */
export async function readProject(
  target: string,
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<Project> {
  const abs = path.resolve(cwd, target);
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ProjectError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `${display(abs, cwd)} does not exist`
        : `cannot read ${display(abs, cwd)} (${code ?? 'error'})`,
    );
  }
  const flyTomlPath = st.isDirectory() ? path.join(abs, 'fly.toml') : abs;
  const dir = path.dirname(flyTomlPath);
  let flyTomlText: string | null;
  try {
    flyTomlText = await readText(flyTomlPath);
  } catch (err) {
    throw new ProjectError(`cannot read ${display(flyTomlPath, cwd)} (${reason(err)})`);
  }
  if (flyTomlText === null) {
    throw new ProjectError(
      st.isDirectory()
        ? `no fly.toml in ${display(abs, cwd) || '.'}`
        : `${display(abs, cwd)} is not a file`,
    );
  }

  const warnings: string[] = [];
  const explicitConfig = env.FAUNA_CONFIG?.trim();
  const candidates: Array<{ name: string; file: string }> = explicitConfig
    ? [
        {
          name: display(path.resolve(cwd, explicitConfig), cwd),
          file: path.resolve(cwd, explicitConfig),
        },
      ]
    : FAUNA_CONFIG_FILE_NAMES.map((n) => ({ name: n, file: path.join(dir, n) }));
  candidates.push({ name: DOTENV_FILE_NAME, file: path.join(dir, DOTENV_FILE_NAME) });
  // .fauna-project: the nearest one at or above the project folder.
  for (let d = dir; ; d = path.dirname(d)) {
    candidates.push({ name: FAUNA_PROJECT_FILE_NAME, file: path.join(d, FAUNA_PROJECT_FILE_NAME) });
    if (path.dirname(d) === d) break;
  }
  const texts = await Promise.all(
    candidates.map((c) =>
      readText(c.file).catch((err: unknown) => {
        warnings.push(`${display(c.file, cwd)} was not read (${reason(err)})`);
        return null;
      }),
    ),
  );
  if (explicitConfig && texts[0] === null && !warnings.length) {
    warnings.push(`FAUNA_CONFIG names ${candidates[0].name}, which does not exist`);
  }
  const faunaFiles: Project['faunaFiles'] = [];
  let haveProjectFile = false;
  candidates.forEach((c, i) => {
    const text = texts[i];
    if (text === null) return;
    if (c.name === FAUNA_PROJECT_FILE_NAME) {
      if (haveProjectFile) return;
      haveProjectFile = true;
    }
    faunaFiles.push({ name: c.name, text });
  });
  return {
    flyTomlPath,
    displayPath: display(flyTomlPath, cwd),
    flyTomlText,
    dir,
    faunaFiles,
    warnings,
  };
}

/** The part of FlyctlClient the check uses (tests may pass a double). */
export interface FlyctlJson {
  json(
    args: string[],
    opts?: { signal?: AbortSignal; timeoutMs?: number; cwd?: string },
  ): Promise<unknown>;
}

/** What flyctl told about the app, or why it could not. */
export interface FlyState {
  /** Deployed machines per group, and which command's output they came from; null when unknown. */
  deployed: { source: string; byGroup: DeployedByGroup } | null;
  /** The bundled table with `platform regions` merged over it when flyctl answered. */
  catalog: RegionCatalog;
  /** Why `deployed` is null. */
  problem: FlyctlProblem | null;
}

function problemOf(err: unknown): FlyctlProblem {
  if (err instanceof FlyctlError)
    return { kind: err.kind, message: err.message.replace(/\.$/, ''), nextStep: err.nextStep };
  return {
    kind: 'failed',
    message: err instanceof Error ? err.message : String(err),
    nextStep: 'Run the flyctl command yourself to see what is wrong.',
  };
}

/**
 * Asks flyctl, concurrently, for the app's machines (`machines list --json -a APP`) and
 * the region list (`platform regions --json`). Never throws: failures become `problem`
 * (for the machines) or the bundled catalog (for the regions). Without an app name only
 * the regions are asked.
 */
export async function readFlyState(opts: {
  client: FlyctlJson;
  app: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
  cwd?: string;
}): Promise<FlyState> {
  const call = {
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  };
  const machines: Promise<FlyState['deployed'] | FlyctlProblem> = opts.app
    ? opts.client.json(machinesListArgs(opts.app), call).then((json) => {
        const p = parseDeployed(json);
        if (!p.ok) {
          return {
            kind: 'bad-output',
            message: `flyctl machines list printed JSON of another shape (${p.error})`,
            nextStep: 'Update flyctl (fly version upgrade) and try again.',
          };
        }
        return { source: `flyctl ${p.value.shape}`, byGroup: p.value.byGroup };
      }, problemOf)
    : Promise.resolve({
        kind: 'no-app',
        message: 'no app name is known',
        nextStep: 'Add app = "NAME" to fly.toml, pass --app NAME or set FLY_APP.',
      });
  const regions = opts.client.json(platformRegionsArgs(), call).then(
    (json) => {
      const p = parsePlatformRegions(json);
      return p.ok ? mergeCatalog(p.value) : bundledCatalog();
    },
    () => bundledCatalog(),
  );
  const [m, catalog] = await Promise.all([machines, regions]);
  if (m !== null && 'kind' in m) return { deployed: null, catalog, problem: m };
  return { deployed: m, catalog, problem: null };
}
