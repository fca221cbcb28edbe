/**
 * Distances between regions and an estimated network round trip.
 *
 * The round trip is an ESTIMATE from geography alone, not a measurement:
 *
 *   rtt ≈ 2 × distance × ROUTE_FACTOR / FIBRE_KM_PER_MS + OVERHEAD_MS
 *
 * - light in optical fibre travels at about 2/3 of c, ~200 km per millisecond;
 * - cables do not follow great circles: ROUTE_FACTOR 1.5 stretches the path, which
 *   lands near the round trips public inter-city latency tables show (London–Frankfurt
 *   ~15 ms, London–San Jose ~140 ms);
 * - OVERHEAD_MS covers switching and the last hops inside both data centres.
 * Real round trips depend on routes and load; show these as "~N ms (estimate)".
 */

/** Mean Earth radius in kilometres (IUGG). */
export const EARTH_RADIUS_KM = 6371.0088;
/** Speed of light in fibre, km per millisecond (~2/3 of 299 792 km/s). */
export const FIBRE_KM_PER_MS = 200;
/** How much longer a cable route is than the great circle. */
export const ROUTE_FACTOR = 1.5;
/** Fixed cost of a round trip inside and between data centres, ms. */
export const OVERHEAD_MS = 2;

/** A point in degrees. */
export interface LatLon {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in kilometres between two points (haversine formula). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  // min() guards against rounding pushing h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Estimated round trip in milliseconds over `km` of great-circle distance (see the model above). */
export function estimatedRttMs(km: number): number {
  return (2 * km * ROUTE_FACTOR) / FIBRE_KM_PER_MS + OVERHEAD_MS;
}
