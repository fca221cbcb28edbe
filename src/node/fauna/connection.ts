/**
 * Where queries go and with which secret, each with its source in words, for the CLI
 * (the extension adds its settings and SecretStorage on top). Reads the project's Fauna
 * files and hands them to the core's settings discovery.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Sourced } from '../../core/fauna/settings';
import { envEntries, parseFlyToml } from '../../core/flytoml';
import { ProjectError, readProject } from '../project';
import {
  DOTENV_FILE_NAME,
  FAUNA_CONFIG_FILE_NAMES,
  FAUNA_PROJECT_FILE_NAME,
  resolveFaunaSettings,
} from '../../core/fauna/settings';

/** The self-hosted default (`sbt runCore`, fauna.md §5.2); hosted Fauna ended 2025-05-30. */
export const DEFAULT_ENDPOINT = 'http://localhost:8443';

export interface ResolvedConnection {
  endpoint: Sourced<string>;
  /** Null when no source gives a secret. */
  secret: Sourced<string> | null;
  warnings: string[];
}

/** Reads the Fauna files a project folder may hold (missing ones are skipped). */
export async function readFaunaFiles(
  dir: string,
  env: Record<string, string | undefined>,
): Promise<Array<{ name: string; text: string }>> {
  const names = [...FAUNA_CONFIG_FILE_NAMES, DOTENV_FILE_NAME, FAUNA_PROJECT_FILE_NAME].map((n) =>
    path.join(dir, n),
  );
  if (env.FAUNA_CONFIG) names.push(path.resolve(dir, env.FAUNA_CONFIG));
  const files: Array<{ name: string; text: string }> = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        files.push({ name, text: await readFile(name, 'utf8') });
      } catch {
        // Absent or unreadable: that source simply gives nothing.
      }
    }),
  );
  return files;
}

/**
 * Resolves endpoint and secret for a project folder: `fly-fauna query` (flags) and the
 * extension (its settings, named by `flagLabels`).
 */
export async function resolveConnection(opts: {
  cwd: string;
  env: Record<string, string | undefined>;
  endpointFlag?: string;
  profileFlag?: string;
  flagLabels?: { endpoint?: string; profile?: string };
  flyEnv?: Record<string, string>;
}): Promise<ResolvedConnection> {
  // With a fly.toml: its folder's Fauna files and its [env] (FAUNA_ENDPOINT there is
  // what the deployed app uses). Without one, the folder's Fauna files alone.
  let files: Array<{ name: string; text: string }>;
  let flyEnv: Record<string, string> = opts.flyEnv ?? {};
  try {
    const project = await readProject('.', opts.cwd, opts.env);
    files = project.faunaFiles;
    if (!opts.flyEnv) {
      flyEnv = {};
      for (const e of envEntries(parseFlyToml(project.flyTomlText))) flyEnv[e.name] = e.value;
    }
  } catch (err) {
    if (!(err instanceof ProjectError)) throw err;
    files = await readFaunaFiles(opts.cwd, opts.env);
  }
  const s = resolveFaunaSettings({
    flags: {
      ...(opts.endpointFlag !== undefined ? { endpoint: opts.endpointFlag } : {}),
      ...(opts.profileFlag !== undefined ? { profile: opts.profileFlag } : {}),
    },
    ...(opts.flagLabels ? { flagLabels: opts.flagLabels } : {}),
    files,
    env: opts.env,
    flyEnv,
  });
  return {
    endpoint: s.endpoint ?? { value: DEFAULT_ENDPOINT, source: 'default (self-hosted Fauna)' },
    secret: s.secret,
    warnings: s.warnings,
  };
}
