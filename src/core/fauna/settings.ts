/**
 * Fauna settings discovery: where the Region Group, footprint, endpoint, secret and
 * database come from, each with its source in words. Pure: the caller reads the files
 * (src/node/project.ts in the CLI, the workspace in the extension) and passes their text.
 *
 * Precedence, first wins (docs/PRODUCT.md §3, research fauna.md §4):
 * 1. flags (CLI) or the extension's settings: `--group`, `--footprint`, `--endpoint`;
 * 2. a `fauna.config.yaml|yml|json` (or `.fauna.config.*`, or the file `FAUNA_CONFIG`
 *    names) profile: `database: eu/shop` → eu, `url:`, `secret:`. The profile is the one
 *    `--profile` or `FAUNA_PROFILE` names, else `default`, else the only one;
 * 3. `FAUNA_ENDPOINT` (the driver's) then `FAUNA_URL` (Fauna CLI v4's), in fly.toml
 *    `[env]` (what the deployed app uses), then the environment, then `.env` (dotenv
 *    never overrides the environment): `db.us.fauna.com` → us, `db.eu.fauna.com` → eu;
 * 4. `.fauna-project` (Fauna CLI v3, INI): the `default=` environment's `database=`.
 * Secrets: `FAUNA_SECRET`, then the Fauna Fly starter kit's `FAUNA_SECRET_KEY`, from the
 * environment then `.env`; last a profile's `secret:` (with a warning: a plain file).
 * No warning or source ever contains a secret, nor a whole endpoint URL (it may carry
 * credentials): only its host.
 */
import { parseDocument } from 'yaml';
import type { RegionGroupId } from '../regions/groups';
import { normalizeRegionGroup, REGION_GROUPS } from '../regions/groups';
import { parseDotenv } from './dotenv';
import { endpointInfo } from './endpoint';
import { parseIni } from './ini';

export type { RegionGroupId } from '../regions/groups';
export { normalizeRegionGroup } from '../regions/groups';

/** A value and, in words, where it came from (`fauna.config.yaml profile 'dev' (database eu/shop)`). */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** Everything settings discovery reads. */
export interface FaunaSettingsInput {
  /** CLI flags, or the extension's settings. */
  flags: { group?: string; footprint?: string[]; endpoint?: string; profile?: string };
  /**
   * How to name each flag in sources and warnings; default `--group` etc. The extension
   * passes e.g. `{ group: 'setting flyFauna.fauna.regionGroup' }`.
   */
  flagLabels?: { group?: string; footprint?: string; endpoint?: string; profile?: string };
  /** Files by name: fauna.config.yaml|yml|json, .fauna.config.*, .env, .fauna-project (or the FAUNA_CONFIG file). */
  files: Array<{ name: string; text: string }>;
  /** The environment. */
  env: Record<string, string | undefined>;
  /** fly.toml `[env]`. */
  flyEnv: Record<string, string>;
}

/** Where a Region Group candidate came from (see FaunaSettings.groupCandidates). */
export type GroupOrigin = 'flag' | 'config' | 'endpoint' | 'fauna-project';

/** One source that names a Region Group, whether or not it won. */
export interface GroupCandidate extends Sourced<RegionGroupId> {
  origin: GroupOrigin;
  /** For `endpoint`: the variable (`FAUNA_ENDPOINT`, `FAUNA_URL`, or `url` of a profile). */
  variable?: string;
  /** For `endpoint`: true when it is set in fly.toml `[env]`. */
  inFlyToml?: boolean;
}

/** The resolved settings. */
export interface FaunaSettings {
  group: Sourced<RegionGroupId> | null;
  /** The regions compared with: a custom list, or the group's (null for `global` or no group). */
  footprint: Sourced<string[]> | null;
  endpoint: Sourced<string> | null;
  secret: Sourced<string> | null;
  database: Sourced<string> | null;
  /** Bad values, ambiguous files, overridden sources; never a secret. */
  warnings: string[];
  /** Every source naming a group, in precedence order (the first is `group`), for mismatch checks. */
  groupCandidates: GroupCandidate[];
}

/** Default config file names, in the order the Fauna CLI v4 looks for them (only in the project folder). */
export const FAUNA_CONFIG_FILE_NAMES: readonly string[] = Object.freeze([
  'fauna.config.yaml',
  'fauna.config.yml',
  'fauna.config.json',
  '.fauna.config.yaml',
  '.fauna.config.yml',
  '.fauna.config.json',
]);
/** Fauna CLI v3's project file (INI), found by walking up from the project folder. */
export const FAUNA_PROJECT_FILE_NAME = '.fauna-project';
/** The dotenv file. */
export const DOTENV_FILE_NAME = '.env';

/** Fauna CLI v4's `--local` endpoint. */
const LOCAL_ENDPOINT = 'http://0.0.0.0:8443';

const baseName = (name: string): string => name.replace(/^.*[\\/]/, '');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** The group a database path names by its first segment (`eu/shop`, `us-std/a/b`), or null. */
export function groupOfDatabasePath(path: string): RegionGroupId | null {
  const first = path.trim().replace(/^\/+/, '').split('/')[0] ?? '';
  return path.includes('/') ? normalizeRegionGroup(first) : null;
}

interface Profile {
  file: string;
  name: string;
  data: Record<string, unknown>;
}

/** Reads the config files and picks the profile; pushes warnings. */
function pickProfile(
  input: FaunaSettingsInput,
  dotenv: Record<string, string>,
  warnings: string[],
): Profile | null {
  const configs = input.files.filter((f) => {
    const b = baseName(f.name);
    return FAUNA_CONFIG_FILE_NAMES.includes(b) || /\.(ya?ml|json)$/i.test(b);
  });
  if (configs.length === 0) return null;
  if (configs.length > 1) {
    warnings.push(
      `found ${configs.map((c) => c.name).join(' and ')}: the Fauna CLI refuses more than one config file, so none is used; keep one`,
    );
    return null;
  }
  const file = configs[0];
  const doc = parseDocument(file.text, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const pos = doc.errors[0].linePos?.[0];
    // The parser's own message quotes the offending line, which may hold a secret.
    warnings.push(
      `${file.name} is not valid YAML/JSON${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}; it was ignored`,
    );
    return null;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch {
    warnings.push(`${file.name} could not be read (too many aliases); it was ignored`);
    return null;
  }
  if (data === null || data === undefined) return null;
  if (!isObject(data)) {
    warnings.push(`${file.name} should map profile names to settings; it was ignored`);
    return null;
  }
  const names = Object.keys(data).filter((k) => isObject(data[k]));
  const profileLabel = input.flagLabels?.profile ?? '--profile';
  const asked: Array<[string | null, string]> = [
    [nonEmpty(input.flags.profile), profileLabel],
    [nonEmpty(input.env.FAUNA_PROFILE), 'FAUNA_PROFILE in the environment'],
    [nonEmpty(dotenv.FAUNA_PROFILE), 'FAUNA_PROFILE in .env'],
  ];
  for (const [name, by] of asked) {
    if (name === null) continue;
    if (isObject(data[name])) return { file: file.name, name, data: data[name] };
    warnings.push(
      `${by} names profile '${name}', which ${file.name} does not have` +
        (names.length ? ` (it has ${names.map((n) => `'${n}'`).join(', ')})` : ''),
    );
    return null;
  }
  if (isObject(data.default)) return { file: file.name, name: 'default', data: data.default };
  if (names.length === 1)
    return { file: file.name, name: names[0], data: data[names[0]] as Record<string, unknown> };
  if (names.length > 1) {
    warnings.push(
      `${file.name} has profiles ${names.map((n) => `'${n}'`).join(', ')} and none is chosen: pass --profile or set FAUNA_PROFILE`,
    );
  }
  return null;
}

/** The `.fauna-project` environment in use and its database, or null. */
function projectDatabase(
  text: string,
  warnings: string[],
): { env: string; database: string } | null {
  const ini = parseIni(text);
  if (ini.badLines.length)
    warnings.push(`.fauna-project line ${ini.badLines.join(', ')} could not be read`);
  const envs = Object.keys(ini.sections)
    .filter((s) => s.startsWith('environment.'))
    .map((s) => s.slice('environment.'.length));
  const chosen = nonEmpty(ini.sections[''].default) ?? (envs.length === 1 ? envs[0] : null);
  if (chosen === null) return null;
  const section = ini.sections[`environment.${chosen}`];
  if (!section) {
    warnings.push(`.fauna-project default '${chosen}' has no [environment.${chosen}] section`);
    return null;
  }
  const database = nonEmpty(section.database);
  return database === null ? null : { env: chosen, database };
}

/** Resolves the Fauna settings from every source, first in precedence winning. Never throws. */
export function resolveFaunaSettings(input: FaunaSettingsInput): FaunaSettings {
  const warnings: string[] = [];
  const labels = input.flagLabels ?? {};
  const byName = (n: string) => input.files.find((f) => baseName(f.name) === n);

  let dotenv: Record<string, string> = {};
  const dotenvFile = byName(DOTENV_FILE_NAME);
  if (dotenvFile) {
    const r = parseDotenv(dotenvFile.text);
    dotenv = r.vars;
    if (r.badLines.length)
      warnings.push(`.env line ${r.badLines.join(', ')} is not KEY=VALUE; ignored`);
  }

  const candidates: GroupCandidate[] = [];
  // `--group eu` for a flag, `setting flyFauna.x (eu)` / `FAUNA_URL in .env (host)` otherwise.
  const source = (label: string, raw: string) =>
    label.startsWith('--') ? `${label} ${raw}` : `${label} (${raw})`;

  // 1. Flags / settings.
  const flagGroup = nonEmpty(input.flags.group);
  if (flagGroup !== null) {
    const g = normalizeRegionGroup(flagGroup);
    if (g)
      candidates.push({
        value: g,
        source: source(labels.group ?? '--group', flagGroup),
        origin: 'flag',
      });
    else
      warnings.push(
        `${labels.group ?? '--group'} '${flagGroup}' is not a Region Group (us, eu, global); ignored`,
      );
  }

  // 2. Config profile.
  const profile = pickProfile(input, dotenv, warnings);
  const profileSource = profile ? `${profile.file} profile '${profile.name}'` : '';
  let database: Sourced<string> | null = null;
  if (profile) {
    const db = nonEmpty(profile.data.database);
    if (db !== null) {
      database = { value: db, source: `${profileSource} (database ${db})` };
      const g = groupOfDatabasePath(db);
      if (g) candidates.push({ value: g, source: database.source, origin: 'config' });
    }
  }

  // 3. Endpoints, in precedence order.
  const endpoints: Array<{ raw: string; label: string; variable: string; inFlyToml: boolean }> = [];
  const flagEndpoint = nonEmpty(input.flags.endpoint);
  if (flagEndpoint !== null) {
    endpoints.push({
      raw: flagEndpoint,
      label: labels.endpoint ?? '--endpoint',
      variable: 'flag',
      inFlyToml: false,
    });
  }
  if (profile) {
    const url = nonEmpty(profile.data.url);
    if (url !== null)
      endpoints.push({
        raw: url,
        label: `${profileSource} url`,
        variable: 'url',
        inFlyToml: false,
      });
    else if (profile.data.local === true) {
      endpoints.push({
        raw: LOCAL_ENDPOINT,
        label: `${profileSource} local`,
        variable: 'local',
        inFlyToml: false,
      });
    }
  }
  const places: Array<[Record<string, string | undefined>, string, boolean]> = [
    [input.flyEnv, 'fly.toml [env]', true],
    [input.env, 'the environment', false],
    [dotenv, '.env', false],
  ];
  for (const [vars, where, inFlyToml] of places) {
    for (const variable of ['FAUNA_ENDPOINT', 'FAUNA_URL']) {
      const raw = nonEmpty(vars[variable]);
      if (raw !== null)
        endpoints.push({ raw, label: `${variable} in ${where}`, variable, inFlyToml });
    }
  }
  let endpoint: Sourced<string> | null = null;
  for (const e of endpoints) {
    const info = endpointInfo(e.raw);
    if (!info.ok) {
      warnings.push(`${e.label} is not an http(s) URL; ignored`);
      continue;
    }
    const src = source(e.label, info.host);
    endpoint ??= { value: e.raw, source: src };
    if (info.group) {
      candidates.push({
        value: info.group,
        source: src,
        origin: 'endpoint',
        variable: e.variable,
        inFlyToml: e.inFlyToml,
      });
    }
  }

  // 4. .fauna-project.
  const projectFile = byName(FAUNA_PROJECT_FILE_NAME);
  if (projectFile) {
    const p = projectDatabase(projectFile.text, warnings);
    if (p) {
      const src = `.fauna-project environment '${p.env}' (database ${p.database})`;
      database ??= { value: p.database, source: src };
      const g = groupOfDatabasePath(p.database);
      if (g) candidates.push({ value: g, source: src, origin: 'fauna-project' });
    }
  }

  const group: Sourced<RegionGroupId> | null = candidates.length
    ? { value: candidates[0].value, source: candidates[0].source }
    : null;
  // Endpoints that disagree are findings (endpoint-group-mismatch), not warnings.
  for (const c of candidates.slice(1)) {
    if (group && c.value !== group.value && c.origin !== 'endpoint') {
      warnings.push(
        `${REGION_GROUPS[c.value].label} from ${c.source} is overridden by ${REGION_GROUPS[group.value].label} from ${group.source}`,
      );
    }
  }

  // Footprint: a custom list wins over the group's.
  let footprint: Sourced<string[]> | null = null;
  const custom = (input.flags.footprint ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter((s, i, all) => s !== '' && all.indexOf(s) === i);
  if (custom.length)
    footprint = {
      value: custom,
      source: source(labels.footprint ?? '--footprint', custom.join(',')),
    };
  else if (group && REGION_GROUPS[group.value].footprint) {
    footprint = { value: [...REGION_GROUPS[group.value].footprint!], source: group.source };
  }

  // Secret.
  let secret: Sourced<string> | null = null;
  for (const variable of ['FAUNA_SECRET', 'FAUNA_SECRET_KEY']) {
    for (const [vars, where] of [
      [input.env, 'the environment'],
      [dotenv, '.env'],
    ] as const) {
      const v = nonEmpty(vars[variable]);
      if (v !== null && secret === null) secret = { value: v, source: `${variable} in ${where}` };
    }
  }
  const profileSecret = profile ? nonEmpty(profile.data.secret) : null;
  if (profileSecret !== null) {
    warnings.push(
      `${profileSource} holds a secret in a plain file; prefer FAUNA_SECRET in the environment`,
    );
    secret ??= { value: profileSecret, source: `${profileSource} (secret)` };
  }

  return { group, footprint, endpoint, secret, database, warnings, groupCandidates: candidates };
}
