import * as vscode from 'vscode';
import type { CheckResult, FlyctlProblem } from '../core/check';
import { resolveApp, runCheck } from '../core/check';
import type { FlyFaunaConfig } from '../core/config';
import type { FaunaSettings } from '../core/fauna/settings';
import { resolveFaunaSettings } from '../core/fauna/settings';
import type { DeployedByGroup } from '../core/flyctl/shapes';
import type { FlyTomlDocument } from '../core/flytoml';
import { envEntries, parseFlyToml } from '../core/flytoml';
import type { RegionCatalog } from '../core/regions';
import { bundledCatalog } from '../core/regions';
import type { Ctx } from './ctx';
import type { FaunaFiles } from './project-files';

/** How the `region-group-unset` finding tells an editor user to set a group. */
export const HOW_TO_SET_GROUP_IN_EDITOR =
  'run "Fly + Fauna: Choose Region Group or Footprint…", set flyFauna.regionGroup, or name the database with its group in a fauna.config.yaml profile (database: eu/<name>)';

/** Machines read by the last Check Regions of a file; the diagnostics show what they found. */
export interface DeployedSnapshot {
  source: string;
  byGroup: DeployedByGroup;
  app: string;
}

/** What the last Check Regions of a file learnt: the machines, or why flyctl could not tell. */
export type CheckSnapshot = (
  | { deployed: DeployedSnapshot; problem?: undefined }
  | { deployed?: undefined; problem: FlyctlProblem }
) & {
  /** The live region list flyctl gave (merged over the bundled table), when it answered. */
  catalog?: RegionCatalog;
};

/** Everything the editor features know about one version of a fly.toml. */
export interface Analysis {
  uri: string;
  version: number;
  doc: FlyTomlDocument;
  settings: FaunaSettings;
  config: FlyFaunaConfig;
  catalog: RegionCatalog;
  app: { value: string; source: string } | null;
  result: CheckResult;
  /** How long computing this analysis took (once per version, whoever asked first), ms. */
  computeMs: number;
}

/** What one analysis reads besides the text. */
export interface AnalysisInput {
  file: string;
  text: string;
  config: FlyFaunaConfig;
  files: FaunaFiles;
  env: Record<string, string | undefined>;
  /** The last Check Regions of this file, if any. */
  checked: CheckSnapshot | null;
  catalog?: RegionCatalog;
}

/**
 * One full pass over a fly.toml: the engine's parse and lint plus settings discovery and
 * the footprint check, exactly as `fly-fauna check` computes it. Synchronous and pure
 * given its inputs (the files are read beforehand), so its cost is the engine's plus a
 * little.
 */
export function analyzeText(input: AnalysisInput): Omit<Analysis, 'uri' | 'version' | 'computeMs'> {
  const doc = parseFlyToml(input.text);
  const flyEnv: Record<string, string> = {};
  for (const e of envEntries(doc)) flyEnv[e.name] = e.value;
  const { config } = input;
  const settings = resolveFaunaSettings({
    flags: {
      ...(config.regionGroup ? { group: config.regionGroup } : {}),
      ...(config.footprint.length ? { footprint: config.footprint } : {}),
      ...(config.faunaEndpoint ? { endpoint: config.faunaEndpoint } : {}),
      ...(config.faunaProfile ? { profile: config.faunaProfile } : {}),
    },
    flagLabels: {
      group: 'setting flyFauna.regionGroup',
      footprint: 'setting flyFauna.footprint',
      endpoint: 'setting flyFauna.fauna.endpoint',
      profile: 'setting flyFauna.fauna.profile',
    },
    files: input.files,
    env: input.env,
    flyEnv,
  });
  const catalog = input.catalog ?? input.checked?.catalog ?? bundledCatalog();
  const app = resolveApp(undefined, {}, doc);
  // Machines read for another app (the file's app was renamed since) say nothing here.
  const d = input.checked?.deployed;
  const deployed = d && app && d.app === app.value ? d : null;
  const result = runCheck({
    file: input.file,
    doc,
    settings,
    catalog,
    app: app?.value ?? null,
    deployed,
    flyctl: input.checked?.problem ?? null,
    howToSetGroup: HOW_TO_SET_GROUP_IN_EDITOR,
  });
  return { doc, settings, config, catalog, app, result };
}

/**
 * Analyses per document version, cached until the text, the settings, the Fauna files or
 * the deployed snapshot change.
 */
export class Analyzer {
  private readonly cache = new Map<string, { key: string; analysis: Analysis }>();
  private settingsGeneration = 0;
  /** The last Check Regions, per fly.toml URI. */
  private readonly checked = new Map<string, CheckSnapshot>();

  constructor(private readonly ctx: Ctx) {}

  /** Marks every cached analysis stale (settings changed). */
  invalidate(): void {
    this.settingsGeneration++;
  }

  /** Records what a Check Regions learnt about a file (shown by its diagnostics from now on). */
  setChecked(uri: vscode.Uri, snapshot: CheckSnapshot | null): void {
    if (snapshot) this.checked.set(uri.toString(), snapshot);
    else this.checked.delete(uri.toString());
    this.settingsGeneration++;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  /** The analysis of the document as it is now (reads the folder's Fauna files once). */
  async analyze(document: vscode.TextDocument): Promise<Analysis> {
    const uri = document.uri.toString();
    // The key is taken before the read: a change during it leaves this result stale.
    const key = `${document.version}/${this.settingsGeneration}/${this.ctx.project.generation}`;
    const files = await this.ctx.project.files(document.uri.fsPath);
    const hit = this.cache.get(uri);
    if (hit && hit.key === key) return hit.analysis;
    const t0 = performance.now();
    const analysis: Analysis = {
      uri,
      version: document.version,
      computeMs: 0,
      ...analyzeText({
        file: vscode.workspace.asRelativePath(document.uri),
        text: document.getText(),
        config: this.ctx.config(document.uri),
        files,
        env: process.env,
        checked: this.checked.get(uri) ?? null,
      }),
    };
    analysis.computeMs = performance.now() - t0;
    // Settings discovery's warnings (a bad group name, two config files, ...); never a secret.
    for (const w of analysis.result.warnings) this.ctx.warnOnce(w);
    this.cache.set(uri, { key, analysis });
    return analysis;
  }

  /** The cached analysis when it matches the document's current version. */
  peek(document: vscode.TextDocument): Analysis | undefined {
    const hit = this.cache.get(document.uri.toString());
    return hit && hit.analysis.version === document.version ? hit.analysis : undefined;
  }
}
