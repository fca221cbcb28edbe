/**
 * flyctl's own checks (`fly config validate`, and the machine conversion `fly deploy`
 * does), plus Fauna secrets in [env]. Messages follow flyctl's verbatim text (fly.md §1.4).
 * Values of the wrong type were already reported by the schema walk; here they are skipped.
 */
import type { Fix } from '../types';
import { urlForDisplay } from '../redact';
import type { Linter } from './lint';
import { isTable } from './lint';
import type { Loc, Span, TomlTable } from './parse';
import { DEPLOY_STRATEGIES, RESTART_POLICIES, VM_SIZES } from './schema';
import { closest } from './suggest';
import { formatGoDuration, parseGoDuration, parseMemoryMb, parseVolumeGb, shlexError } from './values';
import { deletionSpan, goFormat } from './query';

/** A table of an array (or a single table), with where it is. */
class Item {
  constructor(
    readonly obj: TomlTable,
    private readonly l: Linter,
    private readonly parent: object,
    private readonly key: string | number,
    readonly http = false,
  ) {}

  /** Its location in the parent (header or array element); looked up only for a finding. */
  get loc(): Loc | undefined {
    return this.l.loc(this.parent, this.key);
  }
}

/** flyctl's service check durations: key, words, whether 0 is allowed. */
const SERVICE_CHECK_DURATIONS = [
  ['interval', 'an interval', false],
  ['timeout', 'a timeout', false],
  ['grace_period', 'a grace period', true],
] as const;

const SERVICE_CHECK_KINDS = [
  ['tcp_checks', 'TCP'],
  ['http_checks', 'HTTP'],
] as const;

export function runRules(l: Linter): void {
  const data = l.doc.data!;
  const r = new Rules(l, data);
  r.build();
  r.deploy();
  r.checks();
  r.services();
  r.processes();
  r.console();
  r.mounts();
  r.restart();
  r.compression();
  r.machines();
  r.secrets();
}

/** True when a table has no own keys (without listing them). */
function isEmpty(t: TomlTable): boolean {
  for (const k in t) if (Object.prototype.hasOwnProperty.call(t, k)) return false;
  return true;
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

class Rules {
  /** Process group names as flyctl lists them (sorted; ['app'] when none). */
  readonly groups: string[];
  /** Number of [processes] entries (0 when none). */
  readonly processCount: number;
  readonly defaultGroup: string;
  readonly groupSet: Set<string>;

  constructor(
    private readonly l: Linter,
    private readonly data: TomlTable,
  ) {
    const p = data.processes;
    let names: string[] = [];
    if (isTable(p)) names = Object.keys(p);
    else if (Array.isArray(p)) for (const it of p) if (isTable(it) && it.name !== undefined) names.push(goFormat(it.name));
    names = [...new Set(names)].sort();
    this.processCount = names.length;
    this.groups = names.length ? names : ['app'];
    this.defaultGroup = this.groups.includes('app') ? 'app' : this.groups[0];
    this.groupSet = new Set(this.groups);
  }

  private loc(obj: object, key: string | number): Loc | undefined {
    return this.l.loc(obj, key);
  }

  /** Where to point for a table: its header key, else its value. */
  private where(loc: Loc | undefined): Span | null {
    return loc ? (loc.keys[0] ?? loc.value) : null;
  }

  /** The tables under root keys (aliases merged, in flyctl's order), single or array form. */
  private items(...keys: string[]): Item[] {
    const out: Item[] = [];
    for (const k of keys) {
      const v = this.data[k];
      if (isTable(v)) out.push(new Item(v, this.l, this.data, k));
      else if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (isTable(x)) out.push(new Item(x, this.l, v, i));
        }
      }
    }
    return out;
  }

  private table(obj: TomlTable, key: string): TomlTable | null {
    const v = obj[key];
    return isTable(v) ? v : null;
  }

  private str(obj: TomlTable, key: string): { v: string; span: Span } | null {
    const v = obj[key];
    const loc = this.loc(obj, key);
    return typeof v === 'string' && loc ? { v, span: loc.value } : null;
  }

  /** The groups a `processes` list applies to, as flyctl's Flatten matches them: the named existing groups, or the default group for an empty list. */
  private groupsOf(processes: unknown): string[] {
    const ps = stringList(processes);
    return ps.length === 0 ? [this.defaultGroup] : [...new Set(ps)].filter((p) => this.groupSet.has(p)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  build(): void {
    const b = this.table(this.data, 'build');
    if (!b) return;
    const found: string[] = [];
    const s = (k: string): string => (typeof b[k] === 'string' ? b[k] : '');
    if (s('image')) found.push(`the "${s('image')}" docker image`);
    if (s('builder') || (Array.isArray(b.buildpacks) && b.buildpacks.length > 0)) found.push('a buildpack');
    const target = s('build-target') || s('build_target');
    if (s('dockerfile')) found.push(`the "${urlForDisplay(s('dockerfile'))}" dockerfile`);
    else if (target) found.push('a dockerfile');
    if (s('builtin')) found.push(`the "${s('builtin')}" builtin image`);
    if (found.length > 1) this.l.add('build-strategies', 'warning', `more than one build configuration found: [${found.join(', ')}]`, this.where(this.loc(this.data, 'build')));
  }

  deploy(): void {
    const d = this.table(this.data, 'deploy');
    if (!d) return;
    const rc = this.str(d, 'release_command');
    if (rc && shlexError(rc.v)) this.l.add('release-command-split', 'error', `Can't shell split release command: '${rc.v}' (${shlexError(rc.v)})`, rc.span);
    const s = this.str(d, 'strategy');
    if (s && s.v !== '') {
      if (!(DEPLOY_STRATEGIES as readonly string[]).includes(s.v)) {
        const best = closest(s.v, DEPLOY_STRATEGIES);
        this.l.add(
          'deploy-strategy',
          'error',
          `unsupported deployment strategy '${s.v}'; Apps v2 supports the following strategies: ${DEPLOY_STRATEGIES.join(', ')}`,
          s.span,
          best ? [this.l.fix(`Change to "${best.key}"`, s.span, JSON.stringify(best.key), best.close)] : [],
        );
      }
      if (s.v === 'canary' && this.items('mount', 'mounts').length > 0)
        this.l.add('canary-with-mounts', 'error', 'error canary deployment strategy is not supported when using mounted volumes', s.span, [
          this.l.fix('Change to "rolling"', s.span, '"rolling"'),
        ]);
    }
  }

  /** Named top-level checks: `[checks.NAME]` or `[[checks]]` with `name`. */
  private topChecks(): Array<{ name: string; item: Item }> {
    const c = this.data.checks;
    const out: Array<{ name: string; item: Item }> = [];
    if (isTable(c)) {
      for (const [name, v] of Object.entries(c)) if (isTable(v)) out.push({ name, item: new Item(v, this.l, c, name) });
    } else if (Array.isArray(c)) {
      c.forEach((v, i) => {
        if (isTable(v) && typeof v.name === 'string') out.push({ name: v.name, item: new Item(v, this.l, c, i) });
      });
    }
    return out;
  }

  /** A duration as flyctl reads it at a patched place (bare numbers in `unitNs`), or null. */
  private durationNs(v: unknown, unitNs: number): number | null {
    if (typeof v === 'number') return Math.trunc(v) * unitNs;
    if (typeof v === 'string' && v !== '') {
      const d = parseGoDuration(v);
      return 'ns' in d ? d.ns : null;
    }
    return null;
  }

  checks(): void {
    for (const { name, item } of this.topChecks()) {
      const obj = item.obj;
      const t = obj.type;
      if (typeof t !== 'string' || (t !== 'http' && t !== 'tcp')) {
        const tl = this.loc(obj, 'type');
        const fixes: Fix[] = [];
        if (typeof t === 'string' && tl) {
          const best = closest(t, ['http', 'tcp']);
          if (best) fixes.push(this.l.fix(`Change to "${best.key}"`, tl.value, JSON.stringify(best.key), best.close));
        }
        this.l.add('check-type', 'error', `Can't process top level check '${name}': Missing or invalid check type, must be 'http' or 'tcp'`, tl ? tl.value : this.where(item.loc), fixes);
      }
      const interval = this.durationNs(obj.interval, 1e6);
      if (interval !== null && interval < 2e9)
        this.l.add('check-interval', 'error', `Check '${name}' interval is too short: ${formatGoDuration(interval)}, minimum is 2 seconds`, this.loc(obj, 'interval')?.value);
      const timeout = this.durationNs(obj.timeout, 1e6);
      if (timeout !== null && timeout > 60e9)
        this.l.add('check-timeout', 'error', `Check '${name}' timeout is too long: ${formatGoDuration(timeout)}, maximum is 60 seconds`, this.loc(obj, 'timeout')?.value);
    }
  }

  /** [http_service] and [[services]], as flyctl's AllServices lists them. */
  private allServices(): Item[] {
    const out: Item[] = [];
    const h = this.data.http_service;
    if (isTable(h)) out.push(new Item(h, this.l, this.data, 'http_service', true));
    // flyctl's patch drops a [[services]] table with no keys at all.
    for (const s of this.items('services')) if (!isEmpty(s.obj)) out.push(s);
    return out;
  }

  services(): void {
    for (const s of this.allServices()) {
      const ps = stringList(s.obj.processes);
      if (ps.length === 0 && this.processCount > 0) {
        const pl = this.loc(s.obj, 'processes');
        this.l.add(
          'service-processes-missing',
          'error',
          `Service has no processes set but app has ${this.processCount} processes defined; update fly.toml to set processes for each service`,
          pl ? pl.value : this.where(s.loc),
        );
      } else if (Array.isArray(s.obj.processes)) {
        s.obj.processes.forEach((p, i) => {
          if (typeof p !== 'string' || this.groupSet.has(p)) return;
          this.l.add(
            'service-process-unknown',
            'error',
            `Service specifies '${p}' as one of its processes, but no processes are defined with that name; update fly.toml [processes] to add '${p}' process or remove it from service's processes list`,
            this.loc(s.obj.processes as unknown[], i)?.value,
          );
        });
      }
      if (s.http) continue;
      const ports = s.obj.ports;
      if (!(isTable(ports) || (Array.isArray(ports) && ports.length > 0)))
        this.l.add(
          'service-no-ports',
          'warning',
          'WARNING: Service must expose at least one port. Add a [[services.ports]] section to fly.toml; Check docs at https://fly.io/docs/reference/configuration/#services-ports',
          this.where(s.loc),
        );
      for (const [kind, proto] of SERVICE_CHECK_KINDS) {
        const v = s.obj[kind];
        if (isTable(v)) this.serviceCheckDurations(v, proto);
        else if (Array.isArray(v)) for (const c of v) if (isTable(c)) this.serviceCheckDurations(c, proto);
      }
    }
  }

  private serviceCheckDurations(c: TomlTable, proto: string): void {
    for (const [key, what, zeroOk] of SERVICE_CHECK_DURATIONS) {
      const d = this.durationNs(c[key], 1e6);
      if (d === null) continue;
      let msg: string | null = null;
      if (zeroOk && d !== 0 && d < 1e9) msg = `Service ${proto} check has ${what} that is non-zero and less than 1 second (${formatGoDuration(d)}); this will be raised to 1 second`;
      else if (!zeroOk && d < 1e9) msg = `Service ${proto} check has ${what} less than 1 second (${formatGoDuration(d)}); this will be raised to 1 second`;
      else if (d > 60e9) msg = `Service ${proto} check has ${what} greater than 1 minute (${formatGoDuration(d)}); this will be lowered to 1 minute`;
      if (msg !== null) this.l.add('service-check-duration', 'warning', msg, this.loc(c, key)?.value);
    }
  }

  processes(): void {
    const p = this.data.processes;
    if (!isTable(p)) return;
    for (const [name, cmd] of Object.entries(p)) {
      if (typeof cmd !== 'string' || cmd === '') continue;
      const err = shlexError(cmd);
      if (err)
        this.l.add('process-command-split', 'error', `Could not parse command for '${name}' process group; check [processes] section: ${err}`, this.loc(p, name)?.value);
    }
  }

  console(): void {
    const c = this.str(this.data, 'console_command');
    if (c && shlexError(c.v)) this.l.add('console-command-split', 'error', `Can't shell split console command: '${c.v}' (${shlexError(c.v)})`, c.span);
  }

  mounts(): void {
    const mounts = this.items('mount', 'mounts');
    // Per group, as `fly deploy` validates each flattened group.
    // One pass over the mounts (groups x mounts would be quadratic on big files).
    const seen = new Set<string>();
    for (const m of mounts) {
      for (const g of this.groupsOf(m.obj.processes)) {
        if (seen.has(g)) this.l.add('mounts-per-group', 'error', `group '${g}' has more than one [[mounts]] section defined`, this.where(m.loc));
        seen.add(g);
      }
    }
    for (const m of mounts) {
      const src = typeof m.obj.source === 'string' ? m.obj.source : '';
      const size = m.obj.initial_size;
      if (size !== undefined && typeof size !== 'object') {
        const s = goFormat(size, this.loc(m.obj, 'initial_size')?.kind);
        if (s !== '') {
          const span = this.loc(m.obj, 'initial_size')?.value;
          const r = parseVolumeGb(s);
          if ('error' in r) this.l.add('mount-initial-size', 'error', `mount '${src}' with initial_size '${s}' will fail because of: ${r.error}`, span);
          else if (r.value < 1) this.l.add('mount-initial-size', 'error', `mount '${src}' has an initial_size '${s}' value which is smaller than 1GB`, span);
        }
      }
      const ret = m.obj.snapshot_retention;
      if (typeof ret === 'number' && Number.isInteger(ret) && (ret < 1 || ret > 60))
        this.l.add('mount-snapshot-retention', 'error', `mount '${src}' has a snapshot_retention value which is not between 1 and 60 days inclusive`, this.loc(m.obj, 'snapshot_retention')?.value);
      this.autoExtend(m, src);
    }
  }

  private autoExtend(m: Item, src: string): void {
    const o = m.obj;
    const th = typeof o.auto_extend_size_threshold === 'number' && Number.isInteger(o.auto_extend_size_threshold) ? o.auto_extend_size_threshold : 0;
    const sizeOf = (key: string): number => {
      const v = o[key];
      if (typeof v !== 'string' || v === '') return 0;
      const span = this.loc(o, key)?.value;
      const r = parseVolumeGb(v);
      if ('error' in r) {
        this.l.add('mount-auto-extend', 'error', `mount '${src}' with ${key} '${v}' will fail because of: ${r.error}`, span);
        return 0;
      }
      if (r.value < 1) this.l.add('mount-auto-extend', 'error', `mount '${src}' has an ${key} '${v}' value which is smaller than 1GB`, span);
      return r.value;
    };
    const inc = sizeOf('auto_extend_size_increment');
    const limit = sizeOf('auto_extend_size_limit');
    if (th === 0 && inc === 0 && limit === 0) return;
    const span = (k: string): Span | null => this.loc(o, k)?.value ?? this.where(m.loc);
    if (th !== 0 && inc === 0 && limit === 0)
      this.l.add('mount-auto-extend', 'error', `mount '${src}' auto_extend_size_threshold, auto_extend_size_increment and auto_extend_size_limit must be all defined or none`, span('auto_extend_size_threshold'));
    if (th < 50 || th > 99) this.l.add('mount-auto-extend', 'error', `mount '${src}' auto_extend_size_threshold must be between 50 and 99`, span('auto_extend_size_threshold'));
    if (inc < 1 || inc > 100) this.l.add('mount-auto-extend', 'error', `mount '${src}' auto_extend_size_increment must be between 1GB and 100GB`, span('auto_extend_size_increment'));
    if (limit !== 0 && (limit < 1 || limit > 500)) this.l.add('mount-auto-extend', 'error', `mount '${src}' auto_extend_size_limit must be between 1GB and 500GB`, span('auto_extend_size_limit'));
  }

  restart(): void {
    for (const r of this.items('restart')) {
      if (Array.isArray(r.obj.processes)) {
        r.obj.processes.forEach((p, i) => {
          if (typeof p !== 'string' || this.groupSet.has(p)) return;
          this.l.add(
            'restart-process-unknown',
            'error',
            `Restart policy specifies '${p}' as one of its processes, but no processes are defined with that name; update fly.toml [processes] to add '${p}' process or remove it from restart policy's processes list`,
            this.loc(r.obj.processes as unknown[], i)?.value,
          );
        });
      }
      const p = r.obj.policy;
      if (p !== undefined && typeof p !== 'string') continue; // a type error, already reported
      const policy = p ?? '';
      if (!(RESTART_POLICIES as readonly string[]).includes(policy)) {
        const pl = this.loc(r.obj, 'policy');
        const best = policy === 'no' ? { key: 'never', close: true } : closest(policy, RESTART_POLICIES);
        const fixes = pl && best && policy ? [this.l.fix(`Change to "${best.key}"`, pl.value, JSON.stringify(best.key), best.close)] : [];
        this.l.add('restart-policy', 'error', `invalid restart policy: ${policy}${policy ? '' : ' (policy is missing)'}`, pl ? pl.value : this.where(r.loc), fixes);
      }
    }
  }

  compression(): void {
    const b = this.table(this.data, 'build');
    if (!b) return;
    const c = this.str(b, 'compression');
    if (c && c.v !== '' && c.v !== 'gzip' && c.v !== 'zstd') {
      const best = closest(c.v, ['gzip', 'zstd']);
      this.l.add('compression', 'error', `Invalid value '${c.v}' for compression. Valid options are 'gzip', 'zstd', or leave unset.`, c.span, best ? [this.l.fix(`Change to "${best.key}"`, c.span, JSON.stringify(best.key), best.close)] : []);
    }
    const lvl = b.compression_level;
    if (typeof lvl === 'number' && Number.isInteger(lvl) && (lvl < 0 || lvl > 9))
      this.l.add('compression-level', 'error', `Invalid value '${lvl}' for compression level. Must be an integer between 0 and 9.`, this.loc(b, 'compression_level')?.value);
  }

  /** What `fly deploy` finds converting each group to a machine config (validate's check is dead code). */
  machines(): void {
    const vms = this.items('compute', 'computes', 'vm');
    const releaseVm = this.table(this.table(this.data, 'deploy') ?? {}, 'release_command_vm');
    for (const vm of [...vms.map((x) => x.obj), ...(releaseVm ? [releaseVm] : [])]) {
      const size = this.str(vm, 'size');
      if (size && size.v !== '' && !(VM_SIZES as readonly string[]).includes(size.v)) {
        const kind = size.v.startsWith('shared') ? 'shared' : size.v.startsWith('performance') ? 'performance' : null;
        const msg = kind
          ? `'${size.v}' is an invalid machine size, choose one of: [${VM_SIZES.filter((s) => s.startsWith(kind)).sort().join(' ')}]`
          : `invalid machine preset requested, '${size.v}', expected to start with 'shared' or 'performance'`;
        const best = closest(size.v, kind ? VM_SIZES.filter((s) => s.startsWith(kind)) : VM_SIZES);
        this.l.add('vm-size', 'error', msg, size.span, best ? [this.l.fix(`Change to "${best.key}"`, size.span, JSON.stringify(best.key), best.close)] : []);
      }
      const mem = vm.memory;
      if (mem !== undefined && (typeof mem === 'string' || typeof mem === 'number' || typeof mem === 'boolean')) {
        const s = goFormat(mem, this.loc(vm, 'memory')?.kind);
        const span = this.loc(vm, 'memory')?.value;
        if (s !== '') {
          const r = parseMemoryMb(s);
          if ('error' in r) this.l.add('invalid-value', 'error', `memory '${s}' is not a size such as "512mb" or "2gb" (flyctl: ${r.error})`, span);
          else if (r.value === 0) this.l.add('memory-zero', 'error', `memory cannot be zero ('${s}' is less than 1 MB)`, span);
        }
      }
    }
    // Which [[vm]] a group gets: the first naming it, else the first naming no group.
    const ignoredFor = new Map<Item, string[]>();
    const named = new Map<string, Item[]>();
    const global: Item[] = [];
    for (const v of vms) {
      const all = stringList(v.obj.processes);
      if (all.length === 0) global.push(v);
      for (const p of new Set(all)) {
        if (!this.groupSet.has(p)) continue;
        // Appended in place: copying the list per [[vm]] was quadratic in the [[vm]]s naming a group.
        const list = named.get(p);
        if (list) list.push(v);
        else named.set(p, [v]);
      }
    }
    for (const g of this.groups) {
      const mine = named.get(g);
      for (const v of mine ? mine.slice(1) : global.slice(1)) {
        const gs = ignoredFor.get(v);
        if (gs) gs.push(g);
        else ignoredFor.set(v, [g]);
      }
    }
    for (const [v, gs] of ignoredFor) {
      const which = gs.map((g) => `'${g}'`).join(', ');
      this.l.add(
        'compute-per-group',
        'warning',
        `${gs.length > 1 ? 'groups' : 'group'} ${which} ${gs.length > 1 ? 'have' : 'has'} more than one [[vm]] section; flyctl uses only the first one and ignores this one`,
        this.where(v.loc),
      );
    }
    // Checks without a port take [http_service] internal_port, when the service covers the group.
    const http = this.table(this.data, 'http_service');
    const httpGroups = new Set(http ? this.groupsOf(http.processes) : []);
    for (const c of this.topChecks()) {
      const obj = c.item.obj;
      if (obj.port !== undefined) continue;
      if (obj.type !== 'http' && obj.type !== 'tcp') continue; // reported as check-type
      for (const g of this.groupsOf(obj.processes)) {
        if (httpGroups.has(g)) continue;
        this.l.add(
          'check-no-port',
          'error',
          `Check '${c.name}' for process group '${g}' has no port set and the group has no http_service to take it from`,
          this.where(c.item.loc),
        );
      }
    }
  }

  secrets(): void {
    const env = this.data.env;
    const tables = isTable(env) ? [env] : Array.isArray(env) ? env.filter(isTable) : [];
    for (const t of tables) {
      for (const [name, v] of Object.entries(t)) {
        const loc = this.loc(t, name);
        if (!loc || loc.via !== 'kv') continue;
        const value = goFormat(v, loc.kind);
        const byName = SECRET_NAMES.includes(name.toUpperCase());
        const byShape = typeof v === 'string' && FAUNA_KEY.test(v);
        if (!byName && !byShape) continue;
        if (byName && value === '') continue; // an empty placeholder holds no secret
        const why = byName ? `${name} is a Fauna secret` : `the value of ${name} looks like a Fauna key`;
        const del = deletionSpan(this.l.text, loc.entry);
        const action = { kind: 'push-secret' as const, name, value: '' };
        // The value rides along for the host to push, but never into JSON output or logs.
        Object.defineProperty(action, 'value', { value, enumerable: false });
        const fix: Fix = {
          title: `Move ${name} to Fly secrets (remove it from fly.toml)`,
          edits: [{ range: this.l.sm.lines.range(del[0], del[1]), newText: '' }],
          isPreferred: true,
          action,
        };
        this.l.add(
          'secret-in-env',
          'error',
          `${why} in plain [env]: it is stored in fly.toml and readable in every machine's config; keep it in Fly secrets instead (flyctl secrets set ${name}=- reads it from stdin)`,
          loc.keys[0],
          [fix],
        );
      }
    }
  }
}

const SECRET_NAMES = ['FAUNA_SECRET', 'FAUNA_SECRET_KEY', 'FAUNA_KEY'];
/** A Fauna key: "fn" then 38+ base64 / base64url characters. */
const FAUNA_KEY = /^fn[A-Za-z0-9+/_-]{38,}={0,2}$/;

