/**
 * The Natural Earth I projection (Šavrič, Jenny, Patterson, Petrovič and Hurni, 2011):
 * a compromise world projection, polynomial in latitude, that keeps the poles short and
 * the continents recognisable. Pure math, so the map can be laid out and tested anywhere.
 */

const RAD = Math.PI / 180;

/** Projects longitude/latitude in degrees to unit coordinates (x east, y north). */
export function naturalEarth(lon: number, lat: number): [number, number] {
  const l = lon * RAD;
  const p = lat * RAD;
  const p2 = p * p;
  const p4 = p2 * p2;
  const x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [x, y];
}

/** The projected extent of the whole world: x in [-X_MAX, X_MAX], y in [-Y_MAX, Y_MAX]. */
export const X_MAX = naturalEarth(180, 0)[0];
export const Y_MAX = naturalEarth(0, 90)[1];

/** A projection onto a `width` × `height` viewport with the world fitted and centred. */
export interface ViewportProjection {
  width: number;
  height: number;
  /** Degrees → viewport pixels (y grows downwards, as in SVG). */
  project(lon: number, lat: number): [number, number];
}

/**
 * Fits the world into a viewport. Latitudes below `minLat` (Antarctica) are cropped so
 * the inhabited world, where every Fly region is, gets the space.
 */
export function fitWorld(width: number, minLat = -58, maxLat = 84): ViewportProjection {
  const top = naturalEarth(0, maxLat)[1];
  const bottom = naturalEarth(0, minLat)[1];
  const scale = width / (2 * X_MAX);
  const height = Math.round((top - bottom) * scale);
  return {
    width,
    height,
    project(lon, lat) {
      const [x, y] = naturalEarth(lon, lat);
      return [(x + X_MAX) * scale, (top - y) * scale];
    },
  };
}
