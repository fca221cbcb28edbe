/**
 * GeoJSON geometry → SVG path data, for the footprint map. Only the geometry kinds the
 * world outlines use (polygons and lines) are drawn; points are drawn as markers elsewhere.
 */
import type { ViewportProjection } from './projection';

type Ring = ReadonlyArray<readonly number[]>;

/** The subset of GeoJSON geometry the map draws. */
export type Geometry =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'MultiPolygon'; coordinates: Ring[][] }
  | { type: 'LineString'; coordinates: Ring }
  | { type: 'MultiLineString'; coordinates: Ring[] }
  | { type: 'GeometryCollection'; geometries: Geometry[] }
  | { type: string };

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

/**
 * Appends one ring or line as path commands. A jump of more than half the map's width
 * between two points is a wrap across the antimeridian: the pen is lifted instead of
 * drawing a stripe across the world.
 */
function line(out: string[], ring: Ring, proj: ViewportProjection, close: boolean): void {
  let prevX = NaN;
  let started = false;
  for (const pt of ring) {
    const lon = pt[0];
    const lat = pt[1];
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const [x, y] = proj.project(lon, Math.max(-89.9, Math.min(89.9, lat)));
    const jump = started && Math.abs(x - prevX) > proj.width / 2;
    out.push(`${!started || jump ? 'M' : 'L'}${fmt(x)},${fmt(y)}`);
    started = true;
    prevX = x;
  }
  if (close && started) out.push('Z');
}

/**
 * Appends a polygon ring. A ring that crosses the antimeridian (Chukotka, Fiji) is
 * unwrapped into continuous longitudes and drawn again shifted by 360° on the other side;
 * the map clips both copies to the world's outline, so each piece shows where it belongs
 * and no fill wedge cuts across the map.
 */
function ring(out: string[], r: Ring, proj: ViewportProjection, minLat: number): void {
  const pts: number[][] = [];
  let prev = NaN;
  let offset = 0;
  let maxLat = -90;
  for (const pt of r) {
    const lon = pt[0];
    const lat = pt[1];
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (Number.isFinite(prev)) {
      if (lon + offset - prev > 180) offset -= 360;
      else if (lon + offset - prev < -180) offset += 360;
    }
    prev = lon + offset;
    pts.push([prev, lat]);
    maxLat = Math.max(maxLat, lat);
  }
  if (pts.length < 3 || maxLat < minLat) return;
  const lons = pts.map((p) => p[0]);
  const shifts = [0];
  if (Math.max(...lons) > 180) shifts.push(-360);
  if (Math.min(...lons) < -180) shifts.push(360);
  for (const shift of shifts) {
    let first = true;
    for (const [lon, lat] of pts) {
      const [x, y] = proj.project(lon + shift, Math.max(-89.9, Math.min(89.9, lat)));
      out.push(`${first ? 'M' : 'L'}${fmt(x)},${fmt(y)}`);
      first = false;
    }
    out.push('Z');
  }
}

/**
 * SVG `d` attribute for a geometry; '' when there is nothing to draw. Polygons wholly
 * south of `minLat` (Antarctica, outside the cropped map) are left out.
 */
export function geometryPath(
  geometry: Geometry | null | undefined,
  proj: ViewportProjection,
  minLat = -60,
): string {
  const out: string[] = [];
  const walk = (g: Geometry | null | undefined): void => {
    if (!g) return;
    if ('coordinates' in g) {
      switch (g.type) {
        case 'Polygon':
          for (const r of g.coordinates) ring(out, r, proj, minLat);
          return;
        case 'MultiPolygon':
          for (const p of g.coordinates) for (const r of p) ring(out, r, proj, minLat);
          return;
        case 'LineString':
          line(out, g.coordinates, proj, false);
          return;
        case 'MultiLineString':
          for (const r of g.coordinates) line(out, r, proj, false);
          return;
      }
    }
    if ('geometries' in g) for (const child of g.geometries) walk(child);
  };
  walk(geometry);
  return out.join('');
}

/** The outline of the whole projected world (the map's "sphere"), for clipping. */
export function worldOutlinePath(proj: ViewportProjection): string {
  const pts: number[][] = [];
  for (let lat = -90; lat <= 90; lat += 2) pts.push([180, lat]);
  for (let lat = 90; lat >= -90; lat -= 2) pts.push([-180, lat]);
  const out: string[] = [];
  line(out, pts, { ...proj, width: Infinity }, true);
  return out.join('');
}

/**
 * Points along the great-circle arc between two places (sampled), so that long links
 * (say Sydney to San Jose) curve the way a route does instead of cutting straight.
 */
export function greatCirclePoints(
  from: { lon: number; lat: number },
  to: { lon: number; lat: number },
  samples = 48,
): number[][] {
  const RAD = Math.PI / 180;
  const [l1, p1, l2, p2] = [from.lon * RAD, from.lat * RAD, to.lon * RAD, to.lat * RAD];
  const v1 = [Math.cos(p1) * Math.cos(l1), Math.cos(p1) * Math.sin(l1), Math.sin(p1)];
  const v2 = [Math.cos(p2) * Math.cos(l2), Math.cos(p2) * Math.sin(l2), Math.sin(p2)];
  const dot = Math.max(-1, Math.min(1, v1[0] * v2[0] + v1[1] * v2[1] + v1[2] * v2[2]));
  const omega = Math.acos(dot);
  const pts: number[][] = [];
  for (let i = 0; i <= samples; i++) {
    const t = i / samples;
    let v: number[];
    if (omega < 1e-9) v = v1;
    else {
      const a = Math.sin((1 - t) * omega) / Math.sin(omega);
      const b = Math.sin(t * omega) / Math.sin(omega);
      v = [a * v1[0] + b * v2[0], a * v1[1] + b * v2[1], a * v1[2] + b * v2[2]];
    }
    pts.push([Math.atan2(v[1], v[0]) / RAD, Math.asin(Math.max(-1, Math.min(1, v[2]))) / RAD]);
  }
  return pts;
}

/** SVG path data for a line through [lon, lat] points (lifting the pen at the antimeridian). */
export function linePath(points: ReadonlyArray<readonly number[]>, proj: ViewportProjection): string {
  const out: string[] = [];
  line(out, points, proj, false);
  return out.join('');
}
