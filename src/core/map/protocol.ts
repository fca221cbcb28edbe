/**
 * The footprint map: its data model and the messages between the extension host and the
 * map webview. The host computes everything (regions, counts, nearest replicas, round
 * trips); the webview only draws. Messages from the webview are validated by the host.
 */

/** How a region appears on the map. */
export type MapRegionRole = 'replica' | 'deployed' | 'replica+deployed' | 'other';

/** One Fly region on the map. */
export interface MapRegion {
  code: string;
  name: string;
  lat: number;
  lon: number;
  role: MapRegionRole;
  /** Machines of the app in this region (0 when none or unknown). */
  machines: number;
  deprecated: boolean;
}

/** A line from a deployed region to its nearest replica region, labelled with the estimate. */
export interface MapLink {
  from: string;
  to: string;
  km: number;
  /** Estimated round trip in milliseconds (an estimate from distance, not a measurement). */
  rttMs: number;
}

/** Everything the map draws. */
export interface FootprintMapModel {
  /** e.g. "my-app". */
  app: string | null;
  /** e.g. "EU Region Group (lhr, arn, fra)" or "Custom footprint (lhr, fra)" or "No Region Group set". */
  footprintLabel: string;
  /** Where the deployed counts came from, or why there are none. */
  deployedLabel: string;
  regions: MapRegion[];
  links: MapLink[];
}

/** Host → webview: a model to draw; `seq` numbers the models so the host knows which one was drawn. */
export type ToMapWebview = { type: 'model'; seq: number; model: FootprintMapModel };

/**
 * Webview → host: `ready` once the script runs; `refresh` when the user asks for new data;
 * `rendered` after a model was drawn, with what was drawn.
 */
export type FromMapWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'rendered'; seq: number; regions: number; links: number };

/** Validates a message from the map webview (the less trusted side); null when invalid. */
export function parseFromMapWebview(msg: unknown): FromMapWebview | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as { type?: unknown; seq?: unknown; regions?: unknown; links?: unknown };
  if (m.type === 'ready' || m.type === 'refresh') return { type: m.type };
  if (m.type === 'rendered') {
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (ok(m.seq) && ok(m.regions) && ok(m.links)) {
      return { type: 'rendered', seq: m.seq, regions: m.regions, links: m.links };
    }
  }
  return null;
}

/** Validates a message from the host, so the webview draws nothing from a malformed one. */
export function parseToMapWebview(msg: unknown): ToMapWebview | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as { type?: unknown; seq?: unknown; model?: unknown };
  if (m.type !== 'model' || typeof m.model !== 'object' || m.model === null) return null;
  if (typeof m.seq !== 'number' || !Number.isInteger(m.seq)) return null;
  const model = m.model as Partial<FootprintMapModel>;
  if (!Array.isArray(model.regions) || !Array.isArray(model.links)) return null;
  if (typeof model.footprintLabel !== 'string' || typeof model.deployedLabel !== 'string') return null;
  const regions = model.regions.filter(
    (r): r is MapRegion =>
      typeof r === 'object' &&
      r !== null &&
      typeof r.code === 'string' &&
      typeof r.name === 'string' &&
      Number.isFinite(r.lat) &&
      Number.isFinite(r.lon) &&
      ['replica', 'deployed', 'replica+deployed', 'other'].includes(r.role) &&
      Number.isFinite(r.machines),
  );
  const links = model.links.filter(
    (l): l is MapLink =>
      typeof l === 'object' &&
      l !== null &&
      typeof l.from === 'string' &&
      typeof l.to === 'string' &&
      Number.isFinite(l.km) &&
      Number.isFinite(l.rttMs),
  );
  return {
    type: 'model',
    seq: m.seq,
    model: {
      app: typeof model.app === 'string' ? model.app : null,
      footprintLabel: model.footprintLabel,
      deployedLabel: model.deployedLabel,
      regions,
      links,
    },
  };
}
