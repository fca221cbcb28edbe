/**
 * `fly-fauna regions [--group us|eu|global] [--format text|json]`
 *
 * Lists the Fly regions with their distance and estimated round trip to the nearest
 * region of each Fauna Region Group footprint (or of the one `--group` names), and the
 * retired regions with their replacement. The table is flyctl's `platform regions` when
 * flyctl is installed and answers, else the bundled one.
 */
import type { Nearest, RegionCatalog, RegionGroupId, RegionInfo } from '../../core/regions';
import {
  bundledCatalog,
  mergeCatalog,
  nearestRegion,
  normalizeRegionGroup,
  parsePlatformRegions,
  REGION_GROUPS,
} from '../../core/regions';
import { platformRegionsArgs } from '../../core/flyctl/argv';
import { DEFAULT_JSON_TIMEOUT_MS, FlyctlClient, locateFlyctl } from '../../node/flyctl';
import { format, parse, str } from '../args';
import type { CliIo } from '../io';
import { styles, useColor } from '../io';
import { groupOption } from './check';

/** One region in `regions --format json`. */
export interface RegionsJsonRegion {
  code: string;
  name: string;
  status: 'current' | 'deprecated';
  replacement: string | null;
  latitude: number | null;
  longitude: number | null;
  geoRegion: string | null;
  /** Per Region Group with a footprint: the nearest footprint region, km and estimated round trip ms. */
  nearest: Partial<Record<RegionGroupId, { code: string; km: number; rttMs: number } | null>>;
  /** With --group: whether the region is in that group's footprint. */
  inFootprint?: boolean;
}

/** `regions --format json`. */
export interface RegionsJson {
  source: string;
  group: { id: RegionGroupId; footprint: string[] | null } | null;
  regions: RegionsJsonRegion[];
}

async function loadCatalog(io: CliIo): Promise<RegionCatalog> {
  const path = await locateFlyctl({ env: io.env });
  if (path === null) return bundledCatalog();
  try {
    const raw = io.env.FLY_FAUNA_FLYCTL_TIMEOUT_MS;
    const timeoutMs = raw && Number(raw) > 0 ? Number(raw) : DEFAULT_JSON_TIMEOUT_MS;
    const json = await new FlyctlClient({ path, env: io.env }).json(platformRegionsArgs(), {
      timeoutMs,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const parsed = parsePlatformRegions(json);
    return parsed.ok ? mergeCatalog(parsed.value) : bundledCatalog();
  } catch {
    // Logged out, offline, old flyctl: the bundled table is the documented fallback.
    return bundledCatalog();
  }
}

const round = (n: Nearest | null) =>
  n ? { code: n.code, km: Math.round(n.km), rttMs: Math.round(n.rttMs) } : null;

export default async function regions(argv: string[], io: CliIo): Promise<number> {
  const p = parse(argv, { group: { type: 'string' }, format: { type: 'string' } }, 0);
  const fmt = format(p);
  const groupArg = groupOption(str(p, 'group'));
  const group = groupArg === undefined ? null : normalizeRegionGroup(groupArg);
  const catalog = await loadCatalog(io);
  const groups: RegionGroupId[] = group ? [group] : ['eu', 'us'];

  const rows: RegionsJsonRegion[] = catalog.all().map((r: RegionInfo) => {
    const nearest: RegionsJsonRegion['nearest'] = {};
    for (const g of groups) {
      const fp = REGION_GROUPS[g].footprint;
      if (fp) nearest[g] = round(nearestRegion(r.code, fp, catalog));
    }
    return {
      code: r.code,
      name: r.name,
      status: r.status,
      replacement: r.replacement,
      latitude: r.latitude,
      longitude: r.longitude,
      geoRegion: r.geoRegion,
      nearest,
      ...(group ? { inFootprint: REGION_GROUPS[group].footprint?.includes(r.code) ?? false } : {}),
    };
  });
  const doc: RegionsJson = {
    source: catalog.source,
    group: group
      ? {
          id: group,
          footprint: REGION_GROUPS[group].footprint ? [...REGION_GROUPS[group].footprint] : null,
        }
      : null,
    regions: rows,
  };
  if (fmt === 'json') {
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return 0;
  }

  const s = styles(useColor(io.stdout, io.env));
  const out: string[] = [];
  const current = rows.filter((r) => r.status === 'current');
  const retired = rows.filter((r) => r.status === 'deprecated');
  out.push(
    s.bold(`Fly regions (${catalog.source}): ${current.length} current, ${retired.length} retired`),
  );
  if (group && !REGION_GROUPS[group].footprint) {
    out.push(
      `The ${REGION_GROUPS[group].label} has no single footprint: its replicas span the US and the EU.`,
    );
  }
  const shownGroups = groups.filter((g) => REGION_GROUPS[g].footprint);
  const head = [
    '',
    'code',
    'name'.padEnd(30),
    ...shownGroups.map((g) => `nearest ${g.toUpperCase()} (est. round trip)`.padEnd(30)),
  ];
  out.push(s.dim(head.join('  ').trimEnd()));
  for (const r of current) {
    const mark = r.inFootprint ? s.green('*') : ' ';
    const cells = shownGroups.map((g) => {
      const n = r.nearest[g];
      if (!n) return '-'.padEnd(30);
      return (
        n.km === 0 ? `${n.code} (in the group)` : `${n.code} ${n.km} km ~${n.rttMs} ms`
      ).padEnd(30);
    });
    out.push(`${mark} ${r.code.padEnd(4)}  ${r.name.padEnd(30)}  ${cells.join('  ')}`.trimEnd());
  }
  if (group && REGION_GROUPS[group].footprint)
    out.push(s.dim(`* in the ${REGION_GROUPS[group].label} footprint`));
  out.push('');
  out.push(s.bold('Retired regions (Fly moves them to):'));
  out.push('  ' + retired.map((r) => `${r.code} → ${r.replacement ?? '?'}`).join(', '));
  out.push('');
  out.push(s.bold('Fauna Region Groups:'));
  for (const g of Object.values(REGION_GROUPS)) {
    out.push(
      `  ${g.id.padEnd(7)}${`(alias ${g.aliases.join(', ')})`.padEnd(17)}${g.footprint ? g.footprint.join(', ') : 'no single footprint'}`,
    );
  }
  out.push(
    s.dim(
      'Round trips are estimates from distance (fibre at 2/3 c, 1.5x route factor, +2 ms), not measurements.',
    ),
  );
  io.stdout.write(out.join('\n') + '\n');
  return 0;
}
