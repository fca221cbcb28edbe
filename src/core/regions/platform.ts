/**
 * Parser for `flyctl platform regions --json`.
 *
 * The shape changed over flyctl's history (research fly.md §2.1): up to v0.3.120 the
 * keys were PascalCase (`Code`, `GatewayAvailable`), since v0.3.121 snake_case (`code`,
 * `gateway_available`, `geo_region`, later `deprecated`, `mpg_available`). Keys are
 * therefore matched case- and underscore-insensitively. Since v0.3.196 deprecated regions
 * are left out of the list, so a region missing from it is deprecated or unknown.
 */
import type { Parsed } from '../flyctl/shapes';

/** One region as `platform regions --json` reports it; null = the field was absent. */
export interface PlatformRegion {
  code: string;
  name: string | null;
  /** Null when absent or when flyctl printed 0,0 (its test mock does: "not filled in"). */
  latitude: number | null;
  longitude: number | null;
  gatewayAvailable: boolean | null;
  requiresPaidPlan: boolean | null;
  /** Absent before flyctl v0.3.196: then unknown. */
  deprecated: boolean | null;
  geoRegion: string | null;
}

/** Lower-cased keys without underscores: `GatewayAvailable` and `gateway_available` meet. */
function foldKeys(o: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(o)) m.set(k.toLowerCase().replace(/_/g, ''), v);
  return m;
}

const asString = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v : null;
const asBool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const asNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses the JSON value printed by `flyctl platform regions --json` (either key casing;
 * also the Machines API's `{ "Regions": [...], "Nearest": "..." }` envelope). Elements
 * without a usable three-letter code are skipped; a value that is not a list of regions
 * is an error.
 */
export function parsePlatformRegions(json: unknown): Parsed<PlatformRegion[]> {
  let list: unknown = json;
  if (isObject(json)) {
    const folded = foldKeys(json);
    list = folded.get('regions');
  }
  if (!Array.isArray(list)) {
    return { ok: false, error: 'expected a JSON array of regions from `platform regions --json`' };
  }
  const out: PlatformRegion[] = [];
  const seen = new Set<string>();
  for (const el of list) {
    if (!isObject(el)) continue;
    const f = foldKeys(el);
    const code = asString(f.get('code'))?.trim().toLowerCase();
    if (!code || !/^[a-z]{3}$/.test(code) || seen.has(code)) continue;
    seen.add(code);
    let latitude = asNumber(f.get('latitude'));
    let longitude = asNumber(f.get('longitude'));
    if (latitude === 0 && longitude === 0) latitude = longitude = null;
    if (latitude !== null && (latitude < -90 || latitude > 90)) latitude = null;
    if (longitude !== null && (longitude < -180 || longitude > 180)) longitude = null;
    if (latitude === null || longitude === null) latitude = longitude = null;
    out.push({
      code,
      name: asString(f.get('name')),
      latitude,
      longitude,
      gatewayAvailable: asBool(f.get('gatewayavailable')),
      requiresPaidPlan: asBool(f.get('requirespaidplan')),
      deprecated: asBool(f.get('deprecated')),
      geoRegion: asString(f.get('georegion')),
    });
  }
  return { ok: true, value: out };
}
