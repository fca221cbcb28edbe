/**
 * `fly-fauna check` as data: the fly.toml findings, the footprint check and the
 * contract's JSON document (docs/PRODUCT.md, "check --format json"). Pure: the caller
 * reads the files and asks flyctl, then passes what it got.
 */
import type { FaunaSettings, RegionGroupId } from './fauna/settings';
import type { DeployedByGroup } from './flyctl/shapes';
import type { FlyTomlDocument } from './flytoml';
import { getString, lintFlyToml } from './flytoml';
import type { FootprintResult } from './footprint';
import { checkFootprint } from './footprint';
import type { RegionCatalog } from './regions';
import type { Finding, Range, Severity } from './types';

/** One finding as the JSON report prints it. */
export interface ReportFinding {
  code: string;
  severity: Severity;
  message: string;
  range: Range | null;
}

/**
 * The `check --format json` document. `regionGroup.id` is `custom` when a custom
 * footprint (`--footprint`) is compared, with the footprint's source; `footprint` is
 * then that list.
 */
export interface CheckReport {
  file: string;
  app: string | null;
  primaryRegion: string | null;
  regionGroup: { id: RegionGroupId | 'custom'; source: string } | null;
  footprint: string[];
  deployed: { source: string; regions: Record<string, number> } | null;
  missingRegions: string[];
  extraRegions: string[];
  findings: ReportFinding[];
}

/** Why flyctl could not tell the deployed regions (a FlyctlError's fields, or our own reason). */
export interface FlyctlProblem {
  /** A FlyctlError kind, or `no-app` when no app name is known. */
  kind: string;
  message: string;
  nextStep: string;
}

/** What the check reads. */
export interface CheckInput {
  /** The fly.toml path as shown to people (relative to the working folder when inside it). */
  file: string;
  doc: FlyTomlDocument;
  settings: FaunaSettings;
  catalog: RegionCatalog;
  app: string | null;
  /** From flyctl, or null (offline, or flyctl failed: then say why in `flyctl`). */
  deployed: { source: string; byGroup: DeployedByGroup } | null;
  flyctl?: FlyctlProblem | null;
  processGroup?: string;
  howToSetGroup?: string;
}

/** The check's full result: the report, and the findings with their fixes for editors. */
export interface CheckResult {
  report: CheckReport;
  /** The same findings as the report, in the same order, with fixes. */
  findings: Finding[];
  footprint: FootprintResult;
  /** Settings warnings (never a secret), for people. */
  warnings: string[];
}

/**
 * The app name as flyctl resolves it: `-a/--app`, else `FLY_APP`, else `app` in fly.toml.
 */
export function resolveApp(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  doc: FlyTomlDocument,
): { value: string; source: string } | null {
  if (flag && flag.trim() !== '') return { value: flag.trim(), source: '--app' };
  const fromEnv = env.FLY_APP?.trim();
  if (fromEnv) return { value: fromEnv, source: 'FLY_APP' };
  const fromFile = getString(doc, ['app'])?.value.trim();
  return fromFile ? { value: fromFile, source: 'fly.toml app' } : null;
}

/** Orders findings: those with a place in the file by position, then the others as they came. */
function byPosition(findings: Finding[]): Finding[] {
  const placed = findings.filter((f) => f.range !== null);
  const unplaced = findings.filter((f) => f.range === null);
  placed.sort(
    (a, b) =>
      a.range!.start.line - b.range!.start.line ||
      a.range!.start.character - b.range!.start.character,
  );
  return [...placed, ...unplaced];
}

/** Runs the whole check over already gathered inputs. Never throws. */
export function runCheck(input: CheckInput): CheckResult {
  const fileFindings = lintFlyToml(input.doc);
  const fp = checkFootprint({
    doc: input.doc,
    settings: input.settings,
    catalog: input.catalog,
    deployed: input.deployed?.byGroup ?? null,
    ...(input.processGroup !== undefined ? { processGroup: input.processGroup } : {}),
    ...(input.howToSetGroup !== undefined ? { howToSetGroup: input.howToSetGroup } : {}),
  });
  const extra: Finding[] = [];
  if (input.flyctl) {
    extra.push({
      code: 'flyctl-unavailable',
      severity: 'info',
      message: `Deployed regions could not be read (${input.flyctl.kind}): ${input.flyctl.message}. ${input.flyctl.nextStep}`,
      range: null,
    });
  }
  const findings = byPosition([...fileFindings, ...fp.findings, ...extra]);

  let regionGroup: CheckReport['regionGroup'] = null;
  if (fp.footprint?.kind === 'custom' && input.settings.footprint) {
    regionGroup = { id: 'custom', source: input.settings.footprint.source };
  } else if (input.settings.group) {
    regionGroup = { id: input.settings.group.value, source: input.settings.group.source };
  }

  const report: CheckReport = {
    file: input.file,
    app: input.app,
    primaryRegion: fp.primaryRegion?.value ?? null,
    regionGroup,
    footprint: fp.footprint ? [...fp.footprint.regions] : [],
    deployed:
      input.deployed && fp.deployedRegions
        ? { source: input.deployed.source, regions: fp.deployedRegions }
        : null,
    missingRegions: fp.missingRegions,
    extraRegions: fp.extraRegions,
    findings: findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: f.range,
    })),
  };
  return { report, findings, footprint: fp, warnings: [...input.settings.warnings] };
}

/** The process exit code the CLI uses for a check: 1 when any finding is an error, else 0. */
export function checkExitCode(report: CheckReport): 0 | 1 {
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
