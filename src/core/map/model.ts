/**
 * Builds the footprint map's model from a check report: which Fly regions to draw, in
 * which role, with how many machines, and a link from each deployed region outside the
 * footprint to its nearest replica region with the estimated round trip.
 */
import type { CheckReport } from '../check';
import type { RegionCatalog } from '../regions';
import { nearestRegion, REGION_GROUPS } from '../regions';
import type { FootprintMapModel, MapLink, MapRegion, MapRegionRole } from './protocol';

function footprintLabel(report: CheckReport): string {
  const g = report.regionGroup;
  const list = report.footprint.length ? ` (${report.footprint.join(', ')})` : '';
  if (!g) return 'No Region Group set';
  if (g.id === 'custom') return `Custom footprint${list}`;
  const group = REGION_GROUPS[g.id];
  return group.footprint ? `${group.label}${list}` : `${group.label}: no single footprint`;
}

function deployedLabel(report: CheckReport): string {
  if (!report.deployed) {
    const why = report.findings.find((f) => f.code === 'flyctl-unavailable');
    return why ? 'deployed machines unknown (flyctl unavailable)' : 'deployed machines not read';
  }
  const total = Object.values(report.deployed.regions).reduce((a, b) => a + b, 0);
  return `${total} machine${total === 1 ? '' : 's'} from ${report.deployed.source}`;
}

/**
 * The map model. Every current region is drawn; a retired region only when machines
 * still run there. Links go from every deployed region to its nearest replica region
 * (a region inside the footprint links to itself and draws no line).
 */
export function buildMapModel(report: CheckReport, catalog: RegionCatalog): FootprintMapModel {
  const footprint = new Set(report.footprint);
  const machines = report.deployed?.regions ?? {};
  const regions: MapRegion[] = [];
  for (const r of catalog.all()) {
    const count = machines[r.code] ?? 0;
    if (r.latitude === null || r.longitude === null) continue;
    if (r.status === 'deprecated' && count === 0 && !footprint.has(r.code)) continue;
    const inFootprint = footprint.has(r.code);
    const role: MapRegionRole =
      inFootprint && count > 0 ? 'replica+deployed' : inFootprint ? 'replica' : count > 0 ? 'deployed' : 'other';
    regions.push({
      code: r.code,
      name: r.name,
      lat: r.latitude,
      lon: r.longitude,
      role,
      machines: count,
      deprecated: r.status === 'deprecated',
    });
  }
  const links: MapLink[] = [];
  if (report.footprint.length > 0) {
    for (const [code, count] of Object.entries(machines)) {
      if (count <= 0 || footprint.has(code)) continue;
      const near = nearestRegion(code, report.footprint, catalog);
      if (near) links.push({ from: code, to: near.code, km: near.km, rttMs: near.rttMs });
    }
  }
  return {
    app: report.app,
    footprintLabel: footprintLabel(report),
    deployedLabel: deployedLabel(report),
    regions,
    links,
  };
}
