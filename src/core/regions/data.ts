/**
 * The bundled Fly region table: the 18 current regions and the 17 deprecated ones with
 * the region flyctl moves them to. It is the fallback when `flyctl platform regions
 * --json` cannot be asked; live data is merged over it (see ./catalog.ts).
 *
 * Data, compiled in the project's research (fixtures/flyctl/fly-regions.compiled-reference.json):
 * - codes, names and current status: superfly/docs `reference/regions.html.markerb`
 *   (HEAD 5c22c8ce, last region edit 2025-10-28), Apache-2.0;
 * - deprecated regions and replacements: superfly/flyctl
 *   `internal/command/launch/plan_builder.go` `deprecatedRegionReplacements`
 *   (d5847cab9, first in v0.3.204), Apache-2.0;
 * - coordinates: THIRD-PARTY, silverlyra/flytrap `src/region.rs` (1ff8dc7e), generated
 *   from Fly's GraphQL `platform.regions`; their age is unknown (before 2025) and they
 *   are not verified against the live API. Good enough for "which region is nearest".
 * - geo regions: inferred from the names by the researcher.
 */

/** Where a region stands: `current` takes machines; `deprecated` was retired by Fly. */
export type RegionStatus = 'current' | 'deprecated';

/** One Fly region as this project knows it. */
export interface RegionInfo {
  /** Three-letter code, lower case (`lhr`). */
  code: string;
  /** Human name (`London, United Kingdom`). */
  name: string;
  status: RegionStatus;
  /** For a deprecated region: the current region flyctl moves it to; else null. */
  replacement: string | null;
  /** Degrees; null when unknown. */
  latitude: number | null;
  longitude: number | null;
  /** `africa`, `asia_pacific`, `europe`, `north_america`, `south_america`, or null. */
  geoRegion: string | null;
}

type Row = [
  code: string,
  name: string,
  replacement: string | null,
  lat: number,
  lon: number,
  geo: string,
];

// One row per region: code, name, replacement (null = current), latitude, longitude, geo region.
const ROWS: Row[] = [
  ['ams', 'Amsterdam, Netherlands', null, 52.374342, 4.895439, 'europe'],
  ['arn', 'Stockholm, Sweden', null, 59.6512, 17.9178, 'europe'],
  ['atl', 'Atlanta, Georgia (US)', 'dfw', 33.6407, -84.4277, 'north_america'],
  ['bog', 'Bogotá, Colombia', 'gru', 4.70159, -74.1469, 'south_america'],
  ['bom', 'Mumbai, India', null, 19.097403, 72.874245, 'asia_pacific'],
  ['bos', 'Boston, Massachusetts (US)', 'ewr', 42.366978, -71.022362, 'north_america'],
  ['cdg', 'Paris, France', null, 48.860875, 2.353477, 'europe'],
  ['den', 'Denver, Colorado (US)', 'dfw', 39.7392, -104.9847, 'north_america'],
  ['dfw', 'Dallas, Texas (US)', null, 32.778287, -96.7984, 'north_america'],
  ['ewr', 'Secaucus, NJ (US)', null, 40.789543, -74.056534, 'north_america'],
  ['eze', 'Ezeiza, Argentina', 'gru', -34.8222, -58.5358, 'south_america'],
  ['fra', 'Frankfurt, Germany', null, 50.1167, 8.6833, 'europe'],
  ['gdl', 'Guadalajara, Mexico', 'dfw', 20.5217, -103.3109, 'north_america'],
  ['gig', 'Rio de Janeiro, Brazil', 'gru', -22.8099, -43.2505, 'south_america'],
  ['gru', 'Sao Paulo, Brazil', null, -23.549664, -46.654351, 'south_america'],
  ['hkg', 'Hong Kong, Hong Kong', 'sin', 22.250971, 114.203224, 'asia_pacific'],
  ['iad', 'Ashburn, Virginia (US)', null, 39.02214, -77.462556, 'north_america'],
  ['jnb', 'Johannesburg, South Africa', null, -26.13629, 28.20298, 'africa'],
  ['lax', 'Los Angeles, California (US)', null, 33.9416, -118.4085, 'north_america'],
  ['lhr', 'London, United Kingdom', null, 51.516434, -0.125656, 'europe'],
  ['mad', 'Madrid, Spain', 'cdg', 40.4381, -3.82, 'europe'],
  ['mia', 'Miami, Florida (US)', 'dfw', 25.7877, -80.2241, 'north_america'],
  ['nrt', 'Tokyo, Japan', null, 35.621608, 139.741851, 'asia_pacific'],
  ['ord', 'Chicago, Illinois (US)', null, 41.891544, -87.630386, 'north_america'],
  ['otp', 'Bucharest, Romania', 'fra', 44.4325, 26.1039, 'europe'],
  ['phx', 'Phoenix, Arizona (US)', 'lax', 33.416084, -112.009482, 'north_america'],
  ['qro', 'Querétaro, Mexico', 'dfw', 20.62, -100.1863, 'north_america'],
  ['scl', 'Santiago, Chile', 'gru', -33.36572, -70.64292, 'south_america'],
  ['sea', 'Seattle, Washington (US)', 'sjc', 47.6097, -122.3331, 'north_america'],
  ['sin', 'Singapore, Singapore', null, 1.3, 103.8, 'asia_pacific'],
  ['sjc', 'San Jose, California (US)', null, 37.351601, -121.896744, 'north_america'],
  ['syd', 'Sydney, Australia', null, -33.866033, 151.20693, 'asia_pacific'],
  ['waw', 'Warsaw, Poland', 'ams', 52.1657, 20.9671, 'europe'],
  ['yul', 'Montreal, Canada', 'yyz', 45.48647, -73.75549, 'north_america'],
  ['yyz', 'Toronto, Canada', null, 43.644632, -79.384228, 'north_america'],
];

/** Every bundled region, sorted by code. */
export const BUNDLED_REGIONS: readonly RegionInfo[] = Object.freeze(
  ROWS.map(([code, name, replacement, latitude, longitude, geoRegion]) =>
    Object.freeze({
      code,
      name,
      status: replacement === null ? ('current' as const) : ('deprecated' as const),
      replacement,
      latitude,
      longitude,
      geoRegion,
    }),
  ),
);
