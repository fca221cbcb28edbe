/**
 * The footprint check: does the app run next to its Fauna database's replicas?
 *
 * It compares `primary_region` and the deployed machines (per process group, from
 * flyctl) with the footprint (a Region Group's Fly regions, or a custom list) and
 * reports the findings of docs/PRODUCT.md: region-unknown, region-deprecated,
 * region-outside-group, region-group-unset, endpoint-group-mismatch, footprint-missing,
 * footprint-extra. Fixes replace only the value token and keep its quote style.
 */
import type { FaunaSettings } from './fauna/settings';
import type { DeployedByGroup } from './flyctl/shapes';
import type { FlyTomlDocument } from './flytoml';
import { envEntries, getString, servingProcessGroups } from './flytoml';
import type { Footprint, RegionCatalog } from './regions';
import {
  customFootprint,
  describeFootprint,
  groupFootprint,
  nearestRegion,
  REGION_GROUPS,
  suggestRegions,
} from './regions';
import type { Finding, Fix, Range } from './types';

/** What the footprint check reads. */
export interface FootprintCheckInput {
  doc: FlyTomlDocument;
  settings: FaunaSettings;
  catalog: RegionCatalog;
  /** Deployed machines per group and region, or null when unknown (offline, flyctl failed). */
  deployed: DeployedByGroup | null;
  /** Compare only this process group (`--process-group`). */
  processGroup?: string;
  /** How to set a Region Group, for the `region-group-unset` message (the CLI's flags by default). */
  howToSetGroup?: string;
}

/** What the footprint check found. */
export interface FootprintResult {
  footprint: Footprint | null;
  primaryRegion: { value: string; range: Range } | null;
  /** The process groups compared; all deployed groups when the file declares no service. */
  comparedGroups: string[];
  /** Machines per region over the compared groups (sorted by code); null when deployed is unknown. */
  deployedRegions: Record<string, number> | null;
  /** Footprint regions without a machine, in footprint order. */
  missingRegions: string[];
  /** Regions with machines outside the footprint, sorted. */
  extraRegions: string[];
  findings: Finding[];
}

/** Default text of how to set a Region Group (CLI). */
export const CLI_HOW_TO_SET_GROUP =
  'pass --group us|eu|global or --footprint lhr,fra, or name the database with its group in a fauna.config.yaml profile (database: eu/<name>)';

/**
 * The footprint the settings select: a custom list when one was given (its source
 * differs from the group's), else the group's (empty for `global`), else null.
 */
export function footprintOf(settings: FaunaSettings): Footprint | null {
  const g = settings.group;
  const fp = settings.footprint;
  if (fp && (!g || fp.source !== g.source)) return customFootprint(fp.value);
  return g ? groupFootprint(g.value) : null;
}

/** Runs the footprint check. Never throws. */
export function checkFootprint(input: FootprintCheckInput): FootprintResult {
  const { doc, settings, catalog } = input;
  const findings: Finding[] = [];
  const footprint = footprintOf(settings);
  const primary = getString(doc, ['primary_region']);
  const primaryRegion = primary && primary.value.trim() !== '' ? primary : null;

  if (primaryRegion)
    findings.push(...primaryRegionFindings(doc.text, primaryRegion, footprint, catalog));

  if (!footprint || footprint.regions.length === 0) {
    findings.push({
      code: 'region-group-unset',
      severity: 'info',
      message:
        footprint?.kind === 'group'
          ? `The ${footprint.label} has no single footprint (its replicas span the US and the EU), so regions are not compared; to compare them, give the Fly regions next to your replicas: ${input.howToSetGroup ?? CLI_HOW_TO_SET_GROUP}`
          : `No Fauna Region Group is known, so regions are not compared; ${input.howToSetGroup ?? CLI_HOW_TO_SET_GROUP}`,
      range: null,
    });
  }

  findings.push(...endpointFindings(doc, settings));

  let comparedGroups: string[] = [];
  let deployedRegions: Record<string, number> | null = null;
  let missingRegions: string[] = [];
  let extraRegions: string[] = [];
  if (input.deployed) {
    const all = Object.keys(input.deployed.groups);
    comparedGroups =
      input.processGroup !== undefined ? [input.processGroup] : (servingProcessGroups(doc) ?? all);
    const sum: Record<string, number> = {};
    for (const g of comparedGroups) {
      for (const [r, n] of Object.entries(input.deployed.groups[g] ?? {}))
        sum[r] = (sum[r] ?? 0) + n;
    }
    deployedRegions = {};
    for (const r of Object.keys(sum).sort()) deployedRegions[r] = sum[r];
    if (footprint && footprint.regions.length > 0) {
      missingRegions = footprint.regions.filter((r) => !deployedRegions![r]);
      extraRegions = Object.keys(deployedRegions).filter((r) => !footprint.regions.includes(r));
      const groupsText = describeGroups(comparedGroups);
      if (missingRegions.length) {
        findings.push({
          code: 'footprint-missing',
          severity: 'warning',
          message: `${missingRegions.length === 1 ? 'A region' : `${missingRegions.length} regions`} of the ${describeFootprint(footprint)} ${missingRegions.length === 1 ? 'has' : 'have'} no machine of ${groupsText}: ${missingRegions.join(', ')}`,
          range: null,
        });
      }
      if (extraRegions.length) {
        const parts = extraRegions.map((r) => {
          const n = deployedRegions![r];
          const near = nearestRegion(r, footprint.regions, catalog);
          const hint = near
            ? `, ${Math.round(near.km)} km from ${near.code}, ~${Math.round(near.rttMs)} ms round trip (estimate)`
            : '';
          return `${r} (${n} machine${n === 1 ? '' : 's'}${hint})`;
        });
        findings.push({
          code: 'footprint-extra',
          severity: 'warning',
          message: `Machines of ${groupsText} run outside the ${describeFootprint(footprint)}: ${parts.join('; ')}`,
          range: null,
        });
      }
    }
  }

  return {
    footprint,
    primaryRegion,
    comparedGroups,
    deployedRegions,
    missingRegions,
    extraRegions,
    findings,
  };
}

function describeGroups(groups: string[]): string {
  if (groups.length === 0) return 'any process group';
  return groups.length === 1
    ? `process group '${groups[0]}'`
    : `process groups ${groups.map((g) => `'${g}'`).join(', ')}`;
}

function primaryRegionFindings(
  text: string,
  primary: { value: string; range: Range },
  footprint: Footprint | null,
  catalog: RegionCatalog,
): Finding[] {
  const out: Finding[] = [];
  const code = primary.value.trim().toLowerCase();
  const info = catalog.get(code);
  const replace = (title: string, newCode: string, isPreferred: boolean): Fix => ({
    title,
    edits: [{ range: primary.range, newText: requote(sliceRange(text, primary.range), newCode) }],
    ...(isPreferred ? { isPreferred } : {}),
  });
  if (!info) {
    const near = suggestRegions(primary.value, catalog);
    out.push({
      code: 'region-unknown',
      severity: 'error',
      message: `primary_region "${primary.value}" is not a Fly region${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      range: primary.range,
      fixes: near.map((c, i) =>
        replace(
          `Change primary_region to "${c}" (${catalog.get(c)?.name ?? c})`,
          c,
          i === 0 && near.length === 1,
        ),
      ),
    });
    return out;
  }
  let effective = code;
  if (info.status === 'deprecated') {
    const rep = info.replacement;
    out.push({
      code: 'region-deprecated',
      severity: 'warning',
      message: `primary_region "${primary.value}" (${info.name}) is a retired Fly region${rep ? `; Fly moves it to ${rep} (${catalog.get(rep)?.name ?? rep})` : ''}`,
      range: primary.range,
      fixes: rep ? [replace(`Change primary_region to "${rep}"`, rep, true)] : [],
    });
    if (rep) effective = rep;
  }
  if (footprint && footprint.regions.length > 0 && !footprint.regions.includes(effective)) {
    const near = nearestRegion(code, footprint.regions, catalog);
    const fixTo = near?.code ?? footprint.regions[0];
    out.push({
      code: 'region-outside-group',
      severity: 'warning',
      message: `primary_region "${primary.value}" is not next to the ${describeFootprint(footprint)}${near ? `; nearest: ${near.code}` : ''}`,
      range: primary.range,
      fixes: [
        replace(
          `Change primary_region to "${fixTo}", next to the ${footprint.label}`,
          fixTo,
          info.status === 'current',
        ),
      ],
    });
  }
  return out;
}

function endpointFindings(doc: FlyTomlDocument, settings: FaunaSettings): Finding[] {
  const chosen = settings.group;
  if (!chosen) return [];
  const out: Finding[] = [];
  const entries = envEntries(doc);
  for (const c of settings.groupCandidates) {
    if (c.origin !== 'endpoint' || c.value === chosen.value) continue;
    const entry = c.inFlyToml ? entries.find((e) => e.name === c.variable) : undefined;
    out.push({
      code: 'endpoint-group-mismatch',
      severity: 'error',
      message: `${c.source} points at the ${REGION_GROUPS[c.value].label}, but the database is in the ${REGION_GROUPS[chosen.value].label} (from ${chosen.source})`,
      range: entry ? entry.valueRange : null,
    });
  }
  return out;
}

/** The text of a range (0-based lines and UTF-16 characters; lines end at \n). */
function sliceRange(text: string, range: Range): string {
  const offset = (line: number, character: number): number => {
    let at = 0;
    for (let l = 0; l < line; l++) {
      const nl = text.indexOf('\n', at);
      if (nl < 0) return text.length;
      at = nl + 1;
    }
    return Math.min(at + character, text.length);
  };
  return text.slice(
    offset(range.start.line, range.start.character),
    offset(range.end.line, range.end.character),
  );
}

/** The token `old` with its string content replaced by `value`, keeping its quotes (`"`, `'`, or tripled). */
function requote(old: string, value: string): string {
  for (const q of ['"""', "'''", '"', "'"]) {
    if (old.startsWith(q) && old.endsWith(q) && old.length >= 2 * q.length)
      return `${q}${value}${q}`;
  }
  return `"${value}"`;
}
