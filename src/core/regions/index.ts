/**
 * Region knowledge: the bundled Fly region table, live `platform regions` data merged
 * over it, distances and estimated round trips, Fauna Region Groups and footprints.
 */
export type { RegionInfo, RegionStatus } from './data';
export { BUNDLED_REGIONS } from './data';
export type { LatLon } from './geo';
export {
  distanceKm,
  estimatedRttMs,
  EARTH_RADIUS_KM,
  FIBRE_KM_PER_MS,
  ROUTE_FACTOR,
  OVERHEAD_MS,
} from './geo';
export type { PlatformRegion } from './platform';
export { parsePlatformRegions } from './platform';
export type { RegionCatalog, Nearest } from './catalog';
export {
  bundledCatalog,
  mergeCatalog,
  nearestRegion,
  NEAREST_TIE_RATIO,
  regionDistanceKm,
  suggestRegions,
} from './catalog';
export type { RegionGroupId, RegionGroup, Footprint } from './groups';
export {
  REGION_GROUPS,
  normalizeRegionGroup,
  groupFootprint,
  customFootprint,
  describeFootprint,
  parseFootprintList,
} from './groups';
