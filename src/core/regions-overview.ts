/**
 * The Regions overview of one fly.toml, as rows: the footprint and its source,
 * primary_region, each footprint region with its machines, each region outside the
 * footprint with its machines and the estimated round trip to the nearest replica, and
 * why the machines are unknown. Pure: the extension's Regions tree renders these rows.
 */
import type { CheckResult } from './check';
import type { RegionCatalog } from './regions';
import { nearestRegion } from './regions';

/** How a row looks: fine, needs attention, not known yet, or just information. */
export type RowState = 'ok' | 'warning' | 'unknown' | 'info';

/** One row of the overview. `action` names what a click does, if anything. */
export interface OverviewRow {
  kind: 'footprint' | 'primary' | 'region' | 'extra' | 'problem';
  label: string;
  description: string;
  tooltip?: string;
  state: RowState;
  action?: 'choose-group' | 'check';
}

/** The overview of one file: its headline and its rows. */
export interface Overview {
  label: string;
  /** `matches the footprint`, `2 missing, 1 outside`, `machines not checked`, `no footprint`. */
  status: string;
  state: RowState;
  rows: OverviewRow[];
}

const PRIMARY_CODES = ['region-unknown', 'region-deprecated', 'region-outside-group'];

const machines = (n: number): string => `${n} machine${n === 1 ? '' : 's'}`;

/**
 * Builds the overview from a check result (as `fly-fauna check` and the editor compute
 * it). `relPath` names the file when the app is unknown.
 */
export function regionsOverview(
  result: CheckResult,
  catalog: RegionCatalog,
  relPath: string,
): Overview {
  const report = result.report;
  const fp = result.footprint.footprint;
  const name = (code: string) => catalog.get(code)?.name ?? 'unknown region';
  const rows: OverviewRow[] = [];

  if (!fp || fp.regions.length === 0) {
    rows.push({
      kind: 'footprint',
      label: fp ? `${fp.label}: no single footprint` : 'No Region Group or footprint known',
      description: 'choose one…',
      state: 'info',
      action: 'choose-group',
    });
  } else {
    rows.push({
      kind: 'footprint',
      label: `Footprint: ${fp.label}`,
      description: report.regionGroup?.source ?? '',
      tooltip: `${fp.label}: ${fp.regions.join(', ')}${report.regionGroup ? `\nfrom ${report.regionGroup.source}` : ''}`,
      state: 'info',
    });
  }

  const primaryFinding = result.findings.find((f) => PRIMARY_CODES.includes(f.code));
  if (report.primaryRegion) {
    const inside = fp?.regions.includes(report.primaryRegion) ?? false;
    rows.push({
      kind: 'primary',
      label: `primary_region ${report.primaryRegion}`,
      description: primaryFinding
        ? primaryFinding.message
        : `${name(report.primaryRegion)}${inside ? ' · in the footprint' : ''}`,
      state: primaryFinding ? 'warning' : 'ok',
    });
  } else {
    rows.push({ kind: 'primary', label: 'primary_region not set', description: '', state: 'info' });
  }

  const deployed = report.deployed?.regions ?? null;
  for (const code of fp?.regions ?? []) {
    const n = deployed ? (deployed[code] ?? 0) : null;
    rows.push({
      kind: 'region',
      label: code,
      description: `${name(code)} · ${n === null ? 'not checked' : n === 0 ? 'no machine' : machines(n)}`,
      state: n === null ? 'unknown' : n === 0 ? 'warning' : 'ok',
    });
  }
  for (const code of report.extraRegions) {
    const n = deployed?.[code] ?? 0;
    // What a query from there pays to reach the nearest replica (an estimate).
    const near = nearestRegion(code, fp?.regions ?? [], catalog);
    const rtt = near ? ` · ~${Math.round(near.rttMs)} ms to ${near.code}` : '';
    rows.push({
      kind: 'extra',
      label: code,
      description: `${name(code)} · outside the footprint · ${machines(n)}${rtt}`,
      state: 'warning',
    });
  }
  const problem = result.findings.find((f) => f.code === 'flyctl-unavailable');
  if (problem) {
    rows.push({
      kind: 'problem',
      label: 'Machines not read',
      description: problem.message,
      tooltip: problem.message,
      state: 'info',
    });
  } else if (!deployed) {
    rows.push({
      kind: 'problem',
      label: 'Machines not checked yet',
      description: 'run Check Regions',
      state: 'unknown',
      action: 'check',
    });
  }

  const missing = deployed ? report.missingRegions.length : 0;
  const extra = deployed ? report.extraRegions.length : 0;
  const status = !report.footprint.length
    ? 'no footprint'
    : !deployed
      ? 'machines not checked'
      : missing + extra === 0
        ? 'matches the footprint'
        : [missing ? `${missing} missing` : '', extra ? `${extra} outside` : '']
            .filter(Boolean)
            .join(', ');
  const state: RowState =
    !deployed || !report.footprint.length ? 'unknown' : missing + extra === 0 ? 'ok' : 'warning';
  return { label: report.app ?? relPath, status, state, rows };
}
