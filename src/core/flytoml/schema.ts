/**
 * Every key flyctl knows in fly.toml, as data: type, allowed values and a one-line
 * description. The linter checks against it; hovers and completions read it through
 * `describeKey` and `childKeys`. Source: flyctl `internal/appconfig` and fly-go
 * `machine_types.go` at the commits named in docs/research (fly.md §1.3).
 */

/** How a value is read. `special` kinds are the lenient forms flyctl's patches accept. */
export type ValueSpec =
  | { t: 'string'; values?: readonly string[]; enforce?: boolean }
  | { t: 'int'; min?: number; max?: number }
  | { t: 'float' }
  | { t: 'bool' }
  | { t: 'string[]'; values?: readonly string[] }
  /** A Go duration string, or a bare number read in `bare` units (flyctl's patches rescale some). */
  | { t: 'duration'; bare: 'ns' | 'ms' | 's' }
  /** `[[vm]] memory`: an integer (MB) or a size string (binary units). */
  | { t: 'memory' }
  /** `[[mounts]] initial_size`: an integer (GB) or a size string (decimal units). */
  | { t: 'volume-size' }
  /** `auto_stop_machines`: a boolean or "off" / "stop" / "suspend". */
  | { t: 'autostop' }
  /** `[experimental] cmd` and friends: a string (one argument) or a list of strings. */
  | { t: 'string-or-list' }
  /** `[[services]] internal_port` and `ports.port`: an integer or a string holding one. */
  | { t: 'port-lenient' }
  /** `[[services]] concurrency`: a table, or the legacy "soft,hard" string. */
  | { t: 'concurrency-lenient'; table: TableSpec }
  /** A table with a fixed set of keys. */
  | TableSpec
  /** A table whose keys the user names (`[env]`, `[processes]`, `[checks.NAME]`). */
  | { t: 'map'; value: ValueSpec; label: string }
  /** Tables written `[[key]]`; `single` when a single `[key]` table is accepted too. */
  | { t: 'tables'; item: TableSpec; single: boolean }
  /** `[env]` (table, or legacy `[[env]]`), values of any scalar type. */
  | { t: 'env' }
  /** `[processes]` (table, or legacy `[[processes]]` with name/command). */
  | { t: 'processes' }
  /** Check headers where flyctl patches them: a table or a list of {name, value}. */
  | { t: 'headers-lenient' }
  /** `[checks]`: named tables, or a list of tables each with `name`. */
  | { t: 'checks'; item: TableSpec }
  /** Anything (e.g. `[build.settings]`). */
  | { t: 'any' };

export interface TableSpec {
  t: 'table';
  keys: Readonly<Record<string, KeyDef>>;
}

export interface KeyDef {
  spec: ValueSpec;
  doc: string;
  /** This key is an older spelling flyctl rewrites to `aliasOf`. */
  aliasOf?: string;
  /** Legacy key flyctl still reads but no longer documents. */
  legacy?: boolean;
}

const str = (doc: string, values?: readonly string[], enforce = false): KeyDef => ({
  spec: values ? { t: 'string', values, enforce } : { t: 'string' },
  doc,
});
// Ranges only where flyctl, Go's decoding or the port space sets them; negative counts
// (cpus = -1) are nonsense but nothing we read says the Machines API rejects them.
const int = (doc: string, min?: number, max?: number): KeyDef => ({ spec: { t: 'int', min, max }, doc });
const bool = (doc: string): KeyDef => ({ spec: { t: 'bool' }, doc });
const strs = (doc: string, values?: readonly string[]): KeyDef => ({ spec: { t: 'string[]', values }, doc });
const dur = (doc: string, bare: 'ns' | 'ms' | 's'): KeyDef => ({ spec: { t: 'duration', bare }, doc });
const table = (doc: string, keys: Record<string, KeyDef>): KeyDef => ({ spec: { t: 'table', keys }, doc });
const tables = (doc: string, keys: Record<string, KeyDef>, single = false): KeyDef => ({
  spec: { t: 'tables', item: { t: 'table', keys }, single },
  doc,
});
const alias = (def: KeyDef, of: string): KeyDef => ({ ...def, aliasOf: of });

/** Machine sizes (fly-go `MachinePresets`). */
export const VM_SIZES = [
  'shared-cpu-1x',
  'shared-cpu-2x',
  'shared-cpu-4x',
  'shared-cpu-6x',
  'shared-cpu-8x',
  'performance-1x',
  'performance-2x',
  'performance-4x',
  'performance-6x',
  'performance-8x',
  'performance-10x',
  'performance-12x',
  'performance-14x',
  'performance-16x',
  'a100-40gb',
  'a100-80gb',
  'l40s',
  'a10',
] as const;

/** Stop signals the Machines API accepts (`StopConfig.signal`). */
export const KILL_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGTERM'] as const;
export const DEPLOY_STRATEGIES = ['canary', 'rolling', 'immediate', 'bluegreen'] as const;
export const RESTART_POLICIES = ['always', 'never', 'on-failure'] as const;

const processesKey = strs('Process groups this applies to (names from [processes]); none means the default group.');

const vmKeys: Record<string, KeyDef> = {
  size: str('Machine size preset, e.g. "shared-cpu-1x" or "performance-2x".', VM_SIZES),
  memory: { spec: { t: 'memory' }, doc: 'Memory: an integer in MB or a size such as "512mb" or "2gb".' },
  cpu_kind: str('CPU kind: "shared" or "performance".', ['shared', 'performance'], true),
  cpus: int('Number of CPUs.'),
  memory_mb: int('Memory in MB.'),
  max_memory_mb: int('Maximum memory in MB.'),
  gpus: int('Number of GPUs.'),
  gpu_kind: str('GPU kind.', ['a100-pcie-40gb', 'a100-sxm4-80gb', 'l40s', 'a10'], true),
  host_dedication_id: str('Dedicated host group id.'),
  persist_rootfs: str('Keep the root filesystem (deprecated field): "never", "restart" or "always".', ['never', 'restart', 'always'], true),
  kernel_args: strs('Extra kernel arguments, a list of strings.'),
  processes: processesKey,
};

const tlsOptions = table('TLS options for the edge.', {
  alpn: strs('ALPN protocols, e.g. ["h2", "http/1.1"].'),
  versions: strs('TLS versions, e.g. ["TLSv1.2", "TLSv1.3"].'),
  default_self_signed: bool('Serve a self-signed certificate when no other matches.'),
});

const httpOptions = table('HTTP options for the edge proxy.', {
  compress: bool('Compress responses at the edge.'),
  h2_backend: bool('Speak HTTP/2 (h2c) to the app.'),
  idle_timeout: int('Idle connection timeout in seconds.', 0, 4294967295),
  headers_read_timeout: int('Timeout for reading request headers, in seconds.', 0, 4294967295),
  response: table('Response modifications.', {
    headers: { spec: { t: 'map', value: { t: 'any' }, label: 'header name' }, doc: 'Response headers to set (string, list) or remove (false).' },
    pristine: bool('Do not add Fly headers to responses.'),
  }),
  replay_cache: tables('Replay cache rules.', {
    path_prefix: str('Path prefix the rule applies to.'),
    ttl_seconds: int('Time to live, in seconds.'),
    type: str('Key the cache on a "cookie" or a "header".', ['cookie', 'header'], true),
    name: str('Name of the cookie or header.'),
    allow_bypass: bool('Allow clients to bypass the cache.'),
  }),
});

const concurrency = table('Concurrency limits the proxy uses to balance load.', {
  type: str('What is counted: "connections" or "requests".', ['connections', 'requests']),
  hard_limit: int('Maximum concurrent connections or requests per machine.'),
  soft_limit: int('Load above which the proxy prefers other machines.'),
});

const checkHttpKeys = (bare: 'ns' | 'ms', lenientHeaders: boolean): Record<string, KeyDef> => ({
  interval: dur('Time between checks.', bare),
  timeout: dur('Time before a check fails.', bare),
  grace_period: dur('Time after start before checks count.', bare),
  method: str('HTTP method, e.g. "GET".'),
  path: str('HTTP path to request.'),
  protocol: str('"http" or "https".', ['http', 'https']),
  tls_skip_verify: bool('Skip TLS certificate verification.'),
  tls_server_name: str('TLS server name (SNI).'),
  headers: lenientHeaders
    ? { spec: { t: 'headers-lenient' }, doc: 'Request headers: a table, or a list of {name, value}.' }
    : { spec: { t: 'map', value: { t: 'string' }, label: 'header name' }, doc: 'Request headers (string values).' },
});

const machineCheck = tables('Checks run in a temporary machine during deploys.', {
  command: strs('Command to run.'),
  image: str('Image to run the check in.'),
  entrypoint: strs('Entrypoint of the check image.'),
  kill_signal: str('Signal to stop the check machine.', KILL_SIGNALS, true),
  kill_timeout: dur('Time to wait after the signal.', 'ns'),
});

const autostop: KeyDef = {
  spec: { t: 'autostop' },
  doc: 'Stop or suspend idle machines: true/"stop", false/"off", or "suspend".',
};

const portKeys: Record<string, KeyDef> = {
  port: { spec: { t: 'port-lenient' }, doc: 'Public port.' },
  start_port: int('First port of a range.', 1, 65535),
  end_port: int('Last port of a range.', 1, 65535),
  handlers: strs('Edge handlers, e.g. ["http"] or ["tls", "http"].', ['http', 'tls', 'proxy_proto', 'pg_tls', 'edge_http']),
  force_https: bool('Redirect HTTP to HTTPS.'),
  tls_options: tlsOptions,
  http_options: httpOptions,
  proxy_proto_options: table('PROXY protocol options.', { version: str('PROXY protocol version, "v1" or "v2".', ['v1', 'v2']) }),
};

const topCheck: TableSpec = {
  t: 'table',
  keys: {
    port: int('Port to check; defaults to [http_service] internal_port.', 1, 65535),
    type: str('Check type: "http" or "tcp".', ['http', 'tcp']),
    ...checkHttpKeys('ms', true),
    processes: processesKey,
  },
};

/** The root table of fly.toml. */
export const ROOT: TableSpec = {
  t: 'table',
  keys: {
    app: str('The Fly app name.'),
    primary_region: str('Region for new machines and PRIMARY_REGION, e.g. "lhr".'),
    kill_signal: str('Signal sent to stop a machine.', KILL_SIGNALS, true),
    kill_timeout: dur('Time to wait after kill_signal before killing; a bare number is seconds.', 's'),
    swap_size_mb: int('Swap size in MB.'),
    console_command: str('Command `fly console` runs.'),
    host_dedication_id: str('Dedicated host group id.'),
    machine_config: str('Path to, or inline JSON of, a machine config (containers).'),
    container: str('Container that receives the deployed image.'),
    experimental: table('Experimental options.', {
      cmd: { spec: { t: 'string-or-list' }, doc: 'Override the image CMD.' },
      entrypoint: { spec: { t: 'string-or-list' }, doc: 'Override the image ENTRYPOINT.' },
      exec: { spec: { t: 'string-or-list' }, doc: 'Command to exec instead of init.' },
      auto_rollback: bool('Roll back failed deploys.'),
      enable_consul: bool('Provide a Consul cluster URL.'),
      enable_etcd: bool('Provide an etcd cluster.'),
      lazy_load_images: bool('Load images lazily.'),
      attached: table('Attached resources.', {
        secrets: table('Attached secrets.', {
          export: { spec: { t: 'map', value: { t: 'string' }, label: 'secret name' }, doc: 'Secrets to export.' },
        }),
      }),
      machine_config: str('Machine config (path or JSON).'),
      kill_timeout: { ...dur('Legacy: moved to top-level kill_timeout (seconds).', 's'), legacy: true },
      metrics_port: { ...int('Legacy: moved to [metrics] port.', 1, 65535), legacy: true },
      metrics_path: { ...str('Legacy: moved to [metrics] path.'), legacy: true },
    }),
    build: table('How the image is built.', {
      builder: str('Buildpacks builder image.'),
      image: str('Prebuilt image to deploy.'),
      builtin: str('Fly builtin builder name.'),
      dockerfile: str('Path to the Dockerfile.'),
      ignorefile: str('Path to the ignore file.'),
      'build-target': str('Docker build target stage.'),
      build_target: alias(str('Docker build target stage (older spelling of build-target).'), 'build-target'),
      buildpacks: strs('Buildpacks to use.'),
      args: { spec: { t: 'map', value: { t: 'string' }, label: 'build argument' }, doc: 'Build arguments (strings).' },
      settings: { spec: { t: 'map', value: { t: 'any' }, label: 'setting' }, doc: 'Builder settings.' },
      compose: table('Docker Compose build.', { file: str('Compose file path.') }),
      compression: str('Image layer compression: "gzip" or "zstd".', ['gzip', 'zstd']),
      compression_level: int('Compression level, 0 to 9.'),
    }),
    deploy: table('How deploys run.', {
      strategy: str('Deploy strategy (default "rolling").', DEPLOY_STRATEGIES),
      max_unavailable: { spec: { t: 'float' }, doc: 'Machines updated at once: a count (>= 1) or a fraction (< 1); default 0.33.' },
      wait_timeout: dur('Time to wait for machines to be healthy (default 5m); a bare number is nanoseconds.', 'ns'),
      release_command: str('Command run in a temporary machine before deploying.'),
      release_command_timeout: dur('Time limit of the release command (default 5m); a bare number is nanoseconds.', 'ns'),
      release_command_vm: table('Machine size of the release command.', vmKeys),
      seed_command: str('Command run once to seed a new app.'),
    }),
    env: { spec: { t: 'env' }, doc: 'Environment variables (not secrets: use `fly secrets`).' },
    processes: { spec: { t: 'processes' }, doc: 'Process groups: name = command.' },
    mounts: tables(
      'Volumes to mount.',
      {
        source: str('Volume name.'),
        destination: str('Mount path inside the machine.'),
        initial_size: { spec: { t: 'volume-size' }, doc: 'Size of new volumes: an integer in GB or a size such as "10gb".' },
        snapshot_retention: int('Days to keep snapshots, 1 to 60.'),
        scheduled_snapshots: bool('Take daily snapshots.'),
        auto_extend_size_threshold: int('Usage percent (50 to 99) that triggers an extension.'),
        auto_extend_size_increment: str('Size added on each extension, e.g. "1GB".'),
        auto_extend_size_limit: str('Largest size to extend to, e.g. "100GB".'),
        processes: processesKey,
      },
      true,
    ),
    http_service: table('The HTTP service on ports 80 and 443.', {
      internal_port: int('Port the app listens on.', 1, 65535),
      force_https: bool('Redirect HTTP to HTTPS.'),
      auto_stop_machines: autostop,
      auto_start_machines: bool('Start machines on incoming requests.'),
      min_machines_running: int('Machines kept running in the primary region.'),
      processes: processesKey,
      concurrency,
      tls_options: tlsOptions,
      http_options: httpOptions,
      checks: tables('HTTP health checks; bare numbers are nanoseconds here.', checkHttpKeys('ns', false)),
      machine_checks: machineCheck,
    }),
    services: tables(
      'Network services (TCP/UDP).',
      {
        protocol: str('"tcp" or "udp".', ['tcp', 'udp']),
        internal_port: { spec: { t: 'port-lenient' }, doc: 'Port the app listens on.' },
        auto_stop_machines: autostop,
        auto_start_machines: bool('Start machines on incoming connections.'),
        min_machines_running: int('Machines kept running in the primary region.'),
        processes: processesKey,
        ports: tables('Public ports.', portKeys, true),
        concurrency: { spec: { t: 'concurrency-lenient', table: concurrency.spec as TableSpec }, doc: concurrency.doc },
        tcp_checks: tables(
          'TCP health checks; bare numbers are milliseconds.',
          {
            interval: dur('Time between checks.', 'ms'),
            timeout: dur('Time before a check fails.', 'ms'),
            grace_period: dur('Time after start before checks count.', 'ms'),
          },
          true,
        ),
        http_checks: tables('HTTP health checks; bare numbers are milliseconds.', checkHttpKeys('ms', true), true),
        machine_checks: machineCheck,
      },
      true,
    ),
    checks: { spec: { t: 'checks', item: topCheck }, doc: 'Machine health checks, one table per name.' },
    files: tables('Files written into machines.', {
      guest_path: str('Path of the file inside the machine.'),
      local_path: str('Local file to copy.'),
      secret_name: str('Secret whose value is the content.'),
      raw_value: str('Base64 content.'),
      processes: processesKey,
    }),
    machine_checks: machineCheck,
    restart: tables('Restart policy.', {
      policy: str('"always", "never" or "on-failure".', RESTART_POLICIES),
      retries: int('Restarts before giving up (on-failure).'),
      processes: processesKey,
    }),
    vm: tables('Machine size per process group.', vmKeys, true),
    statics: tables('Static files served by the edge.', {
      guest_path: str('Directory inside the image.'),
      url_prefix: str('URL path prefix.'),
      tigris_bucket: str('Tigris bucket to serve from.'),
      index_document: str('Index document, e.g. "index.html".'),
    }),
    metrics: tables(
      'Prometheus metrics endpoint.',
      {
        port: int('Metrics port.', 1, 65535),
        path: str('Metrics path.'),
        https: bool('Scrape over HTTPS.'),
        processes: processesKey,
      },
      true,
    ),
  },
};

// Aliases flyctl merges into another key (patchCompute / patchMounts / patchMetrics).
const rootKeys = ROOT.keys as Record<string, KeyDef>;
rootKeys.compute = alias({ ...rootKeys.vm, doc: 'Older name of [[vm]].' }, 'vm');
rootKeys.computes = alias({ ...rootKeys.vm, doc: 'Older name of [[vm]].' }, 'vm');
rootKeys.mount = alias({ ...rootKeys.mounts, doc: 'Older name of [[mounts]].' }, 'mounts');
rootKeys.metric = alias({ ...rootKeys.metrics, doc: 'Older name of [[metrics]].' }, 'metrics');

/** Key reference entry for hovers and completions. */
export interface KeyInfo {
  key: string;
  path: string[];
  /** Human type, e.g. `string`, `integer`, `duration`, `table`, `array of tables`. */
  type: string;
  description: string;
  /** The values flyctl or the Machines API knows (enforced or suggested). */
  values?: string[];
  /** An older spelling flyctl still accepts. */
  deprecatedAlias?: boolean;
}

/** Human name of a value spec. */
export function typeName(spec: ValueSpec): string {
  switch (spec.t) {
    case 'string':
      return 'string';
    case 'int':
      return 'integer';
    case 'float':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'string[]':
      return 'array of strings';
    case 'duration':
      return spec.bare === 'ns'
        ? 'duration (string like "30s"; a bare number is nanoseconds)'
        : spec.bare === 'ms'
          ? 'duration (string like "30s", or milliseconds)'
          : 'duration (string like "30s", or seconds)';
    case 'memory':
      return 'integer (MB) or size string';
    case 'volume-size':
      return 'integer (GB) or size string';
    case 'autostop':
      return 'boolean or "off" | "stop" | "suspend"';
    case 'string-or-list':
      return 'string or array of strings';
    case 'port-lenient':
      return 'integer (a numeric string is accepted)';
    case 'concurrency-lenient':
      return 'table (or legacy "soft,hard" string)';
    case 'table':
      return 'table';
    case 'map':
      return `table of ${spec.label} = ${typeName(spec.value)}`;
    case 'tables':
      return spec.single ? 'array of tables (a single table is accepted)' : 'array of tables';
    case 'env':
      return 'table of NAME = value';
    case 'processes':
      return 'table of group = command';
    case 'headers-lenient':
      return 'table of header = value';
    case 'checks':
      return 'table of named checks';
    case 'any':
      return 'any';
  }
}

function valuesOf(spec: ValueSpec): string[] | undefined {
  if (spec.t === 'string' || spec.t === 'string[]') return spec.values ? [...spec.values] : undefined;
  if (spec.t === 'autostop') return ['off', 'stop', 'suspend'];
  return undefined;
}

/** The table spec inside a value spec, if its entries have fixed keys; `item` for tables and checks. */
function innerTable(spec: ValueSpec): TableSpec | null {
  switch (spec.t) {
    case 'table':
      return spec;
    case 'tables':
      return spec.item;
    case 'concurrency-lenient':
      return spec.table;
    default:
      return null;
  }
}

interface Resolved {
  def: KeyDef;
  path: string[];
}

/**
 * Resolves a key path to its definition. Accepts both reference paths (`'*'` for array
 * items and map names) and concrete paths (array indices as numbers or digit strings,
 * real map names, or a single-table form such as `['vm', 'size']`).
 */
function resolve(path: readonly string[]): Resolved | null {
  let table: TableSpec | null = ROOT;
  let spec: ValueSpec | null = null;
  let def: KeyDef | null = null;
  const norm: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = String(path[i]);
    if (spec !== null) {
      // Inside an entry: an array item, a map name, or a key of the entry's table.
      const isItem = seg === '*' || /^\d+$/.test(seg);
      if (spec.t === 'tables' && isItem) {
        norm.push('*');
        def = { spec: spec.item, doc: docOf(def) };
        spec = spec.item;
        continue;
      }
      if ((spec.t === 'string[]' || spec.t === 'string-or-list') && isItem) {
        // An element of a list: described by the list.
        norm.push('*');
        continue;
      }
      if (spec.t === 'checks') {
        norm.push('*');
        def = { spec: spec.item, doc: 'A health check, named by its key.' };
        spec = spec.item;
        continue;
      }
      if (spec.t === 'map') {
        norm.push('*');
        def = { spec: spec.value, doc: `A ${spec.label}.` };
        spec = spec.value;
        continue;
      }
      const entryDoc: string | undefined = NAMED_ENTRY_DOC[spec.t];
      if (entryDoc !== undefined) {
        // A user-named entry of [env], [processes] or check headers: a string.
        norm.push('*');
        def = { spec: { t: 'string' }, doc: entryDoc };
        spec = def.spec;
        continue;
      }
      table = innerTable(spec);
      if (spec.t === 'tables') norm.push('*');
    }
    if (!table) return null;
    const d: KeyDef | undefined = Object.prototype.hasOwnProperty.call(table.keys, seg) ? table.keys[seg] : undefined;
    if (!d) return null;
    def = d;
    norm.push(seg);
    spec = d.spec;
    table = null;
  }
  return def ? { def, path: norm } : null;
}

const NAMED_ENTRY_DOC: Partial<Record<ValueSpec['t'], string>> = {
  env: 'An environment variable (non-string values are stringified).',
  processes: 'Command of this process group.',
  'headers-lenient': 'A header value.',
};

const docOf = (d: KeyDef | null): string => (d ? d.doc : '');

function toInfo(key: string, path: string[], def: KeyDef): KeyInfo {
  const info: KeyInfo = { key, path, type: typeName(def.spec), description: def.doc };
  const values = valuesOf(def.spec);
  if (values) info.values = values;
  if (def.aliasOf || def.legacy) info.deprecatedAlias = true;
  return info;
}

/** What the key at `path` is; null when flyctl knows no such key. */
export function describeKey(path: string[]): KeyInfo | null {
  const r = resolve(path);
  if (!r) return null;
  const last = r.path[r.path.length - 1];
  const given = String(path[path.length - 1]);
  // An array item is named by its array (`services`), a map entry by its own name.
  const key = last !== '*' ? last : given === '*' || /^\d+$/.test(given) ? (r.path[r.path.length - 2] ?? given) : given;
  return toInfo(key, r.path, r.def);
}

/** The keys valid directly inside the table at `path` (`[]` = the root); [] when it has no fixed keys. */
export function childKeys(path: string[]): KeyInfo[] {
  let table: TableSpec | null;
  let base: string[];
  if (path.length === 0) {
    table = ROOT;
    base = [];
  } else {
    const r = resolve(path);
    if (!r) return [];
    base = r.path;
    const spec = r.def.spec;
    if (spec.t === 'tables') {
      table = spec.item;
      base = [...base, '*'];
    } else table = innerTable(spec);
  }
  if (!table) return [];
  return Object.entries(table.keys).map(([k, d]) => toInfo(k, [...base, k], d));
}

/** Internal: the definition at a reference path. */
export function keyDefAt(path: readonly string[]): KeyDef | null {
  return resolve(path)?.def ?? null;
}
