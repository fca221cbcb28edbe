/**
 * The extension's `flyFauna.*` settings as data: a table of every key with its default
 * and a reader per field, so the extension reads each key exactly once (through
 * `CONFIG_KEYS`), bad values fall back to the default with a warning, and a unit test can
 * hold `package.json` `contributes.configuration` and this table to each other.
 */
import { normalizeRegionGroup } from './regions/groups';
import type { RegionGroupId } from './regions/groups';

/** The settings section: every key below is `flyFauna.<key>`. */
export const CONFIG_SECTION = 'flyFauna';

/** The parsed `flyFauna.*` settings. */
export interface FlyFaunaConfig {
  /** The Fauna Region Group the app should run next to; null when unset ("" in settings). */
  regionGroup: RegionGroupId | null;
  /** A custom footprint: lowercase Fly region codes, duplicates removed; [] when unset. */
  footprint: string[];
  /** flyctl's path (machine-scoped); "" means look on PATH and in ~/.fly/bin. */
  flyctlPath: string;
  /** Show fly.toml diagnostics. */
  diagnosticsEnabled: boolean;
  /** The Fauna endpoint for queries; "" means from the project's files, else the default. */
  faunaEndpoint: string;
  /** The fauna.config profile to read; "" means FAUNA_PROFILE, `default` or the only one. */
  faunaProfile: string;
  /** Query timeout in milliseconds (x-query-timeout-ms). */
  queryTimeoutMs: number;
  /** Ask Fauna to typecheck queries (x-typecheck). */
  queryTypecheck: boolean;
}

/** What parseConfig returns: the settings and, for people, what was wrong with the raw values. */
export interface ParsedConfig {
  config: FlyFaunaConfig;
  warnings: string[];
}

type Reader<T> = (raw: unknown, key: string, warn: (m: string) => void) => T;

interface Field<K extends keyof FlyFaunaConfig> {
  /** The key under `flyFauna.`. */
  key: string;
  field: K;
  default: FlyFaunaConfig[K];
  read: Reader<FlyFaunaConfig[K]>;
}

const quote = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

function str(raw: unknown, key: string, warn: (m: string) => void): string {
  if (typeof raw === 'string') return raw.trim();
  warn(`flyFauna.${key} should be a string, not ${quote(raw)}; using the default`);
  return '';
}

function bool(def: boolean): Reader<boolean> {
  return (raw, key, warn) => {
    if (typeof raw === 'boolean') return raw;
    warn(`flyFauna.${key} should be true or false, not ${quote(raw)}; using ${def}`);
    return def;
  };
}

function int(def: number, min: number, max: number): Reader<number> {
  return (raw, key, warn) => {
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max) return raw;
    warn(
      `flyFauna.${key} should be a whole number from ${min} to ${max}, not ${quote(raw)}; using ${def}`,
    );
    return def;
  };
}

const readGroup: Reader<RegionGroupId | null> = (raw, key, warn) => {
  if (raw === '' || raw === null) return null;
  const g = typeof raw === 'string' ? normalizeRegionGroup(raw) : null;
  if (g === null)
    warn(`flyFauna.${key} ${quote(raw)} is not a Region Group (us, eu, global); ignored`);
  return g;
};

// Region codes are checked against the region table where they are used (settings
// discovery says which code is unknown); here only the shape.
const readFootprint: Reader<string[]> = (raw, key, warn) => {
  if (!Array.isArray(raw)) {
    warn(`flyFauna.${key} should be a list of Fly region codes, not ${quote(raw)}; ignored`);
    return [];
  }
  const out: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string' || !/^\s*[a-zA-Z]{3}\s*$/.test(item)) {
      warn(`flyFauna.${key}: ${quote(item)} is not a Fly region code (three letters); skipped`);
      continue;
    }
    const code = item.trim().toLowerCase();
    if (!out.includes(code)) out.push(code);
  }
  return out;
};

const FIELDS = [
  {
    key: 'regionGroup',
    field: 'regionGroup',
    default: null,
    read: readGroup,
  } satisfies Field<'regionGroup'>,
  {
    key: 'footprint',
    field: 'footprint',
    default: [],
    read: readFootprint,
  } satisfies Field<'footprint'>,
  { key: 'flyctlPath', field: 'flyctlPath', default: '', read: str } satisfies Field<'flyctlPath'>,
  {
    key: 'diagnostics.enabled',
    field: 'diagnosticsEnabled',
    default: true,
    read: bool(true),
  } satisfies Field<'diagnosticsEnabled'>,
  {
    key: 'fauna.endpoint',
    field: 'faunaEndpoint',
    default: '',
    read: str,
  } satisfies Field<'faunaEndpoint'>,
  {
    key: 'fauna.profile',
    field: 'faunaProfile',
    default: '',
    read: str,
  } satisfies Field<'faunaProfile'>,
  {
    key: 'query.timeoutMs',
    field: 'queryTimeoutMs',
    default: 5_000,
    read: int(5_000, 1, 600_000),
  } satisfies Field<'queryTimeoutMs'>,
  {
    key: 'query.typecheck',
    field: 'queryTypecheck',
    default: false,
    read: bool(false),
  } satisfies Field<'queryTypecheck'>,
] as const;

/** Every `flyFauna.*` key the code reads (without the `flyFauna.` prefix). */
export const CONFIG_KEYS: readonly string[] = Object.freeze(FIELDS.map((f) => f.key));

/** The settings when nothing is set. */
export function defaultConfig(): FlyFaunaConfig {
  return parseConfig({}).config;
}

/**
 * Reads raw `flyFauna.*` values (keyed as in CONFIG_KEYS; a missing or undefined key
 * takes its default) into typed settings. Never throws; each bad value becomes its
 * default plus a warning naming the setting.
 */
export function parseConfig(raw: Readonly<Record<string, unknown>>): ParsedConfig {
  const warnings: string[] = [];
  const config = {} as Record<keyof FlyFaunaConfig, unknown>;
  for (const f of FIELDS) {
    const v = raw[f.key];
    config[f.field] =
      v === undefined
        ? Array.isArray(f.default)
          ? [...f.default]
          : f.default
        : f.read(v, f.key, (m) => warnings.push(m));
  }
  return { config: config as unknown as FlyFaunaConfig, warnings };
}
