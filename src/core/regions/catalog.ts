/**
 * A region catalog: the bundled table, or live `platform regions` data merged over it.
 */
import type { RegionInfo } from './data';
import { BUNDLED_REGIONS } from './data';
// The fly.toml engine's distance counts a swap of two letters as one edit (lrh → lhr).
import { editDistance } from '../flytoml/suggest';
import { distanceKm, estimatedRttMs } from './geo';
import type { PlatformRegion } from './platform';

/** Read-only lookup over Fly regions. */
export interface RegionCatalog {
  /** Where the data came from, for people: `bundled table` or `flyctl platform regions (bundled table as fallback)`. */
  readonly source: string;
  /** A region by its code (case-insensitive), current or deprecated; undefined when unknown. */
  get(code: string): RegionInfo | undefined;
  /** Every known region, sorted by code. */
  all(): readonly RegionInfo[];
  /** The regions that take machines, sorted by code. */
  current(): readonly RegionInfo[];
}

function makeCatalog(source: string, regions: RegionInfo[]): RegionCatalog {
  const sorted = [...regions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byCode = new Map(sorted.map((r) => [r.code, r]));
  const current = sorted.filter((r) => r.status === 'current');
  return {
    source,
    get: (code) => byCode.get(code.trim().toLowerCase()),
    all: () => sorted,
    current: () => current,
  };
}

const BUNDLED = makeCatalog('bundled table', [...BUNDLED_REGIONS]);

/** The catalog built from the bundled table alone. */
export function bundledCatalog(): RegionCatalog {
  return BUNDLED;
}

/**
 * Merges live `platform regions --json` data over a base catalog (the bundled one by
 * default):
 * - a region in the live list is current unless the list says `deprecated: true`, or
 *   the list has no `deprecated` field (flyctl < v0.3.196) and the base knows it as
 *   deprecated; live names and coordinates win, base ones fill gaps;
 * - a region of the base missing from the live list is deprecated-or-unknown: kept as
 *   deprecated, with the base's replacement, else the nearest live region;
 * - an empty live list tells nothing: the base is returned unchanged.
 */
export function mergeCatalog(
  live: readonly PlatformRegion[],
  base: RegionCatalog = BUNDLED,
): RegionCatalog {
  if (live.length === 0) return base;
  const merged = new Map<string, RegionInfo>();
  for (const l of live) {
    const b = base.get(l.code);
    const deprecated = l.deprecated ?? b?.status === 'deprecated';
    merged.set(l.code, {
      code: l.code,
      name: l.name ?? b?.name ?? l.code,
      status: deprecated ? 'deprecated' : 'current',
      replacement: deprecated ? (b?.replacement ?? null) : null,
      latitude: l.latitude ?? b?.latitude ?? null,
      longitude: l.longitude ?? b?.longitude ?? null,
      geoRegion: l.geoRegion ?? b?.geoRegion ?? null,
    });
  }
  const liveCurrent = [...merged.values()].filter((r) => r.status === 'current');
  for (const b of base.all()) {
    if (merged.has(b.code)) continue;
    let replacement = b.replacement;
    if (replacement === null || !liveCurrent.some((r) => r.code === replacement)) {
      replacement = nearestAmong(b, liveCurrent)?.code ?? replacement;
    }
    merged.set(b.code, { ...b, status: 'deprecated', replacement });
  }
  return makeCatalog(`flyctl platform regions (${base.source} as fallback)`, [...merged.values()]);
}

function nearestAmong(
  from: RegionInfo,
  candidates: readonly RegionInfo[],
): { code: string; km: number } | null {
  if (from.latitude === null || from.longitude === null) return null;
  let best: { code: string; km: number } | null = null;
  for (const c of candidates) {
    if (c.code === from.code || c.latitude === null || c.longitude === null) continue;
    const km = distanceKm(
      { latitude: from.latitude, longitude: from.longitude },
      { latitude: c.latitude, longitude: c.longitude },
    );
    if (best === null || km < best.km) best = { code: c.code, km };
  }
  return best;
}

/** Great-circle km between two regions of the catalog; null if either is unknown or has no coordinates. */
export function regionDistanceKm(a: string, b: string, catalog: RegionCatalog): number | null {
  const ra = catalog.get(a);
  const rb = catalog.get(b);
  if (
    !ra ||
    !rb ||
    ra.latitude === null ||
    ra.longitude === null ||
    rb.latitude === null ||
    rb.longitude === null
  ) {
    return null;
  }
  return distanceKm(
    { latitude: ra.latitude, longitude: ra.longitude },
    { latitude: rb.latitude, longitude: rb.longitude },
  );
}

/** The nearest of `candidates` to a region, its distance and estimated round trip. */
export interface Nearest {
  code: string;
  km: number;
  /** Estimated, see ./geo.ts. */
  rttMs: number;
}

/**
 * How close two distances must be to count as a tie. The coordinates are city-level and
 * third-party, and the round trip is an estimate: 1% (86 km out of 8,600) is inside
 * their error, so such differences must not decide. A tie goes to the region listed
 * first in the footprint (a group's lead region): sjc is 8,616 km from arn and 8,631 km
 * from lhr, and lhr, where the transatlantic cables land, is the honest answer.
 */
export const NEAREST_TIE_RATIO = 1.01;

/**
 * The region of `candidates` nearest to `from` (itself, at 0 km, when it is one of them);
 * among regions within NEAREST_TIE_RATIO of the nearest, the first in `candidates`
 * wins. Null when `from` or every candidate lacks coordinates.
 */
export function nearestRegion(
  from: string,
  candidates: readonly string[],
  catalog: RegionCatalog,
): Nearest | null {
  const code = from.trim().toLowerCase();
  const scored: Array<{ code: string; km: number }> = [];
  for (const c of candidates) {
    const km = c === code ? 0 : regionDistanceKm(code, c, catalog);
    if (km !== null) scored.push({ code: c, km });
  }
  if (scored.length === 0) return null;
  const min = Math.min(...scored.map((s) => s.km));
  const pick = scored.find((s) => s.km <= min * NEAREST_TIE_RATIO)!;
  return { code: pick.code, km: pick.km, rttMs: estimatedRttMs(pick.km) };
}

/**
 * Current region codes close to an unknown one, best first (at most `max`): codes one
 * edit away, then two; a longer word is also matched against region names
 * (`london` → lhr). Empty when nothing is close.
 */
export function suggestRegions(input: string, catalog: RegionCatalog, max = 3): string[] {
  const t = input.trim().toLowerCase();
  if (t === '') return [];
  const current = catalog.current();
  const byName =
    t.length >= 4 ? current.filter((r) => r.name.toLowerCase().includes(t)).map((r) => r.code) : [];
  // Only the closest codes: with three-letter codes, distance 2 matches half the table.
  const scored = current
    .map((r) => ({ code: r.code, d: editDistance(t, r.code) }))
    .filter((s) => s.d <= 2)
    .sort((a, b) => a.d - b.d);
  const near = scored.filter((s) => s.d === scored[0].d);
  const out: string[] = [];
  for (const c of [...byName, ...near.map((s) => s.code)]) {
    if (!out.includes(c)) out.push(c);
    if (out.length >= max) break;
  }
  return out;
}
