/**
 * Fauna Region Groups and footprints: the Fly regions next to a database's replicas.
 *
 * EU → lhr, arn, fra and US → sjc, ord, iad come from Fauna's Fly starter kit
 * (fauna-labs/express-ts-fly-io-starter README). Global (formerly Classic) spans the US
 * and the EU and has no single footprint: it is reported as such, never guessed.
 * A custom footprint (the Fly regions next to a self-hosted cluster's replicas) works
 * everywhere a group does.
 */
import type { RegionCatalog } from './catalog';
import { suggestRegions } from './catalog';

/** A Fauna Region Group id, as this project names them (Fauna CLI v4: us-std, eu-std, global). */
export type RegionGroupId = 'us' | 'eu' | 'global';

/** What the project knows of one Region Group. */
export interface RegionGroup {
  id: RegionGroupId;
  /** For messages: `EU Region Group`. */
  label: string;
  /** Other spellings accepted: Fauna CLI v4 ids and the pre-2023 name. */
  aliases: readonly string[];
  /** The Fly regions next to its replicas; null when it has no single footprint. */
  footprint: readonly string[] | null;
}

/** The three Region Groups. */
export const REGION_GROUPS: Readonly<Record<RegionGroupId, RegionGroup>> = Object.freeze({
  us: { id: 'us', label: 'US Region Group', aliases: ['us-std'], footprint: ['sjc', 'ord', 'iad'] },
  eu: { id: 'eu', label: 'EU Region Group', aliases: ['eu-std'], footprint: ['lhr', 'arn', 'fra'] },
  global: { id: 'global', label: 'Global Region Group', aliases: ['classic'], footprint: null },
});

/**
 * Reads a group id or alias (`eu`, `eu-std`, `US`, `classic`), case-insensitively;
 * null when it names no group.
 */
export function normalizeRegionGroup(s: string): RegionGroupId | null {
  const t = s.trim().toLowerCase();
  for (const g of Object.values(REGION_GROUPS)) {
    if (t === g.id || g.aliases.includes(t)) return g.id;
  }
  return null;
}

/**
 * The regions a deployment is compared with: a Region Group's, or a custom list.
 * `regions` is empty for the Global group (no single footprint).
 */
export type Footprint =
  | { kind: 'group'; group: RegionGroupId; regions: string[]; label: string }
  | { kind: 'custom'; regions: string[]; label: string };

/** The footprint of a Region Group (empty `regions` for `global`). */
export function groupFootprint(id: RegionGroupId): Footprint {
  const g = REGION_GROUPS[id];
  return { kind: 'group', group: id, regions: [...(g.footprint ?? [])], label: g.label };
}

/** A custom footprint over already validated region codes. */
export function customFootprint(regions: string[]): Footprint {
  return { kind: 'custom', regions: [...regions], label: 'custom footprint' };
}

/** `EU Region Group (lhr, arn, fra)`, or just the label when it has no regions. */
export function describeFootprint(fp: Footprint): string {
  return fp.regions.length ? `${fp.label} (${fp.regions.join(', ')})` : fp.label;
}

/**
 * Validates a custom footprint given as codes (`['lhr', 'fra']`, or items holding
 * commas: `['lhr,fra']`). Every code must be a current Fly region; duplicates are
 * dropped, order kept. Returns the codes, or an error sentence naming the first bad code
 * (with suggestions, or the replacement of a retired region).
 */
export function parseFootprintList(
  items: readonly string[],
  catalog: RegionCatalog,
): { ok: true; regions: string[] } | { ok: false; error: string } {
  const regions: string[] = [];
  for (const raw of items.flatMap((i) => i.split(','))) {
    const code = raw.trim().toLowerCase();
    if (code === '') continue;
    const info = catalog.get(code);
    if (!info) {
      const near = suggestRegions(code, catalog);
      const hint = near.length ? `; did you mean ${near.join(', ')}?` : '';
      return { ok: false, error: `'${raw.trim()}' is not a Fly region${hint}` };
    }
    if (info.status === 'deprecated') {
      const hint = info.replacement ? `; use ${info.replacement}` : '';
      return { ok: false, error: `'${code}' (${info.name}) is a retired Fly region${hint}` };
    }
    if (!regions.includes(code)) regions.push(code);
  }
  if (regions.length === 0) return { ok: false, error: 'the footprint names no region' };
  return { ok: true, regions };
}
