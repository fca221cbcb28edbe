/**
 * Every finding that needs only fly.toml: TOML syntax, unknown keys at any depth, values
 * flyctl cannot read (its JSON decode and patches), values the Machines API rejects,
 * bare numbers read as nanoseconds, Fauna secrets in [env], and flyctl's own checks from
 * `fly config validate` and `fly deploy` (fly.md §1.4). Codes: ./README.md.
 */
import type { Finding, Fix, Severity } from '../types';
import { redactText } from '../redact';
import { entryIn, entryOf, locOf, parseFlyToml, sourceMapOf, toLoc } from './parse';
import type { FlyTomlDocument, Loc, LocEntry, Span, SourceMap, TomlKind, TomlTable } from './parse';
import { ROOT, KILL_SIGNALS } from './schema';
import type { TableSpec, ValueSpec } from './schema';
import { runRules } from './rules';
import { closest } from './suggest';
import { deletionSpan, goFormat } from './query';
import { parseGoDuration } from './values';
import { legacyKey } from './legacy';
import type { LegacyKey } from './legacy';

/** Every finding that needs only the file, ordered by position. Never throws. */
export function lintFlyToml(doc: FlyTomlDocument): Finding[] {
  if (doc.syntaxError) return [doc.syntaxError];
  if (!doc.data) return [];
  const lint = new Linter(doc, sourceMapOf(doc));
  lint.table(doc.data, ROOT, []);
  runRules(lint);
  return lint.sorted();
}

export function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A path segment for messages: a key or an array index. */
export type Seg = string | number;

/** `http_service.checks[0].interval` */
export function pathName(path: readonly Seg[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += (out ? '.' : '') + (/^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s));
  }
  return out;
}

const KIND_TEXT: Record<TomlKind, string> = {
  string: 'a string',
  integer: 'an integer',
  float: 'a float',
  boolean: 'a boolean',
  datetime: 'a date-time',
  array: 'an array',
  'inline-table': 'a table',
  table: 'a table',
  'array-of-tables': 'an array of tables',
};

/** The JSON type flyctl's re-encoded value has, for Go's "cannot unmarshal X" messages. */
const JSON_TYPE: Record<TomlKind, string> = {
  string: 'string',
  integer: 'number',
  float: 'number',
  boolean: 'bool',
  datetime: 'string',
  array: 'array',
  'inline-table': 'object',
  table: 'object',
  'array-of-tables': 'array',
};

/** The Go type go-toml decodes a value to, for flyctl's `%T` messages. */
export const GO_TYPE: Record<TomlKind, string> = {
  string: 'string',
  integer: 'int64',
  float: 'float64',
  boolean: 'bool',
  datetime: 'time.Time',
  array: '[]interface {}',
  'inline-table': 'map[string]interface {}',
  table: 'map[string]interface {}',
  'array-of-tables': '[]interface {}',
};

/** Re-parses allowed per lint pass to check that a rename onto an existing table parses. */
const MAX_REPARSES = 4;

export class Linter {
  readonly findings: Finding[] = [];
  private reparses = 0;
  readonly text: string;

  constructor(
    readonly doc: FlyTomlDocument,
    readonly sm: SourceMap,
  ) {
    this.text = doc.text;
  }

  loc(container: object, key: Seg): Loc | undefined {
    return locOf(this.sm, container, key);
  }

  /** Like `loc`, but a `key = value` entry stays its AST node until `toLoc` is asked. */
  entry(container: object, key: Seg): LocEntry | undefined {
    return entryOf(this.sm, container, key);
  }

  add(code: string, severity: Severity, message: string, span: Span | null | undefined, fixes?: Fix[]): void {
    // Every message passes here: values quoted back lose URL credentials and Fauna keys.
    const f: Finding = { code, severity, message: redactText(message), range: span ? this.sm.lines.range(span[0], span[1]) : null };
    if (fixes && fixes.length) f.fixes = fixes;
    this.findings.push(f);
  }

  /** Replace a span's text: a one-edit fix. */
  fix(title: string, span: Span, newText: string, isPreferred = false): Fix {
    const f: Fix = { title: redactText(title), edits: [{ range: this.sm.lines.range(span[0], span[1]), newText }] };
    if (isPreferred) f.isPreferred = true;
    return f;
  }

  sorted(): Finding[] {
    const key = (f: Finding): number => (f.range ? f.range.start.line * 1e7 + f.range.start.character : -1);
    return this.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => key(a.f) - key(b.f) || a.i - b.i)
      .map((x) => x.f);
  }

  private typeError(at: LocEntry, path: readonly Seg[], expected: string, goType: string, detail?: string): void {
    const msg =
      detail ??
      `${pathName(path)} must be ${expected}, not ${KIND_TEXT[toLoc(at).kind]} (flyctl: json: cannot unmarshal ${JSON_TYPE[toLoc(at).kind]} into Go struct field of type ${goType})`;
    this.add('invalid-type', 'error', msg, toLoc(at).value);
  }

  /**
   * Checks the keys of a table against its spec, then each value. `path` is one array
   * pushed and popped along the walk (messages read it at once), which keeps the walk
   * from allocating a path per key.
   */
  table(obj: TomlTable, spec: TableSpec, path: Seg[], extraKeys?: readonly string[]): void {
    const locs = this.sm.locs.get(obj);
    for (const key of Object.keys(obj)) {
      // The stored entry, not a `Loc`: a location is made only for a finding, so a clean
      // file's walk never reads the AST nodes (on large files those reads miss the cache).
      const at = entryIn(locs, key);
      if (!at) continue;
      const def = Object.prototype.hasOwnProperty.call(spec.keys, key) ? spec.keys[key] : undefined;
      if (!def) {
        if (extraKeys?.includes(key)) continue;
        const legacy = legacyKey(path, key);
        if (legacy) {
          this.legacyKey(obj, key, toLoc(at), legacy, path);
          continue;
        }
        this.unknownKey(obj, key, toLoc(at), spec, path, extraKeys);
        continue;
      }
      path.push(key);
      this.value(obj[key], def.spec, at, path);
      path.pop();
    }
  }

  /** An Apps V1 key (./legacy.ts): information, faded in the editor, removed by Fix All. */
  private legacyKey(obj: TomlTable, key: string, loc: Loc, legacy: LegacyKey, path: readonly Seg[]): void {
    const where = path.length ? `[${pathName(path)}]` : 'the top level';
    let msg = `"${key}" in ${where} is an Apps V1 (Nomad) key that flyctl ignores since Apps V2`;
    if (legacy.instead) msg += `; ${legacy.instead}`;
    const spans: Span[] = [];
    if (loc.via === 'kv') spans.push(deletionSpan(this.text, loc.entry));
    else if (loc.via === 'header') {
      // `[table]` or every `[[table]]` section, each header with its body.
      const v = obj[key];
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item = this.loc(v, i);
          if (item) spans.push(deletionSpan(this.text, item.entry));
        }
      } else if (loc.keys.length === 1) spans.push(deletionSpan(this.text, loc.entry));
    }
    const fixes: Fix[] = spans.length ? [{ title: `Remove "${key}"`, edits: spans.map((s) => ({ range: this.sm.lines.range(s[0], s[1]), newText: '' })), isPreferred: true }] : [];
    this.add('legacy-key', 'info', msg, loc.keys[0] ?? loc.value, fixes);
  }

  private unknownKey(obj: TomlTable, key: string, loc: Loc, spec: TableSpec, path: readonly Seg[], extraKeys?: readonly string[]): void {
    const known = [...Object.keys(spec.keys).filter((k) => !spec.keys[k].aliasOf && !spec.keys[k].legacy), ...(extraKeys ?? [])];
    const where = path.length ? `[${pathName(path)}]` : 'the top level';
    const best = this.renameTarget(obj, key, loc, known);
    const fixes: Fix[] = [];
    let msg = `Unknown key "${key}" in ${where}: flyctl ignores it`;
    if (best) {
      msg += best.close ? `; did you mean "${best.key}"?` : `; closest known key: "${best.key}"`;
      const title = `Rename to "${best.key}"`;
      fixes.push({
        title,
        edits: loc.keys.map((k) => ({ range: this.sm.lines.range(k[0], k[1]), newText: best.key })),
        ...(best.close ? { isPreferred: true } : {}),
      });
    }
    if (loc.via === 'kv') {
      const del = deletionSpan(this.text, loc.entry);
      fixes.push(this.fix(`Remove "${key}"`, del, ''));
    }
    this.add('unknown-key', 'warning', msg, loc.keys[0] ?? loc.value, fixes);
  }

  /**
   * The closest known key to rename to. A key the table already has is taken only when
   * the renamed file still parses (tables may merge; a value would be defined twice).
   */
  private renameTarget(obj: TomlTable, key: string, loc: Loc, known: string[]): { key: string; close: boolean } | null {
    let candidates = known;
    for (let attempt = 0; attempt < 3; attempt++) {
      const best = closest(key, candidates);
      if (!best) return null;
      if (!Object.prototype.hasOwnProperty.call(obj, best.key)) return best;
      // A value written twice never parses; a table may merge. Re-parsing is bounded per
      // pass so a file full of unknown keys stays linear.
      if (loc.via !== 'kv' && this.reparses < MAX_REPARSES) {
        this.reparses++;
        let text = this.text;
        for (const k of [...loc.keys].sort((a, b) => b[0] - a[0])) text = text.slice(0, k[0]) + best.key + text.slice(k[1]);
        if (parseFlyToml(text).syntaxError === null) return best;
      }
      candidates = candidates.filter((c) => c !== best.key);
    }
    return null;
  }

  /** Checks one value against its spec. */
  value(v: unknown, spec: ValueSpec, at: LocEntry, path: Seg[]): void {
    if (typeof v === 'number' && !Number.isFinite(v) && spec.t !== 'env') {
      // flyctl re-encodes the file as JSON, which has no inf or nan.
      this.add('invalid-value', 'error', `${pathName(path)} = ${this.text.slice(toLoc(at).value[0], toLoc(at).value[1])} cannot be read (flyctl: json: unsupported value: ${goFormat(v)})`, toLoc(at).value);
      return;
    }
    switch (spec.t) {
      case 'any':
        return;
      case 'string':
        if (typeof v !== 'string') return this.typeError(at, path, 'a string', 'string');
        if (spec.values && spec.enforce && !spec.values.includes(v)) {
          // Fly's docs list SIGSTOP although the Machines API enum does not: warn, do not fail.
          if (spec.values === KILL_SIGNALS && v === 'SIGSTOP')
            this.add('invalid-value', 'warning', `${pathName(path)} = "SIGSTOP" is listed in Fly's docs but not in the Machines API's stop signals (${KILL_SIGNALS.join(', ')})`, toLoc(at).value);
          else this.enumError(v, spec.values, at, pathName(path));
        }
        return;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          if (typeof v === 'number')
            return this.typeError(at, path, 'an integer', 'int', `${pathName(path)} must be an integer, not ${v} (flyctl: json: cannot unmarshal number ${v} into Go struct field of type int)`);
          return this.typeError(at, path, 'an integer', 'int');
        }
        this.intRange(v, spec.min, spec.max, at, path);
        return;
      case 'float':
        if (typeof v !== 'number') this.typeError(at, path, 'a number', 'float64');
        return;
      case 'bool':
        if (typeof v !== 'boolean') this.typeError(at, path, 'true or false', 'bool');
        return;
      case 'string[]':
        this.stringList(v, at, path);
        return;
      case 'string-or-list':
        if (typeof v === 'string') return;
        if (Array.isArray(v)) {
          this.stringList(v, at, path, (i, el) => `could not cast ${String(el)} of type ${GO_TYPE[i.kind]} to string on ${String(path[path.length - 1])}`);
          return;
        }
        this.add('invalid-type', 'error', `${pathName(path)} must be a string or a list of strings (flyctl: could not cast ${String(v)} of type ${GO_TYPE[toLoc(at).kind]} to []string on ${String(path[path.length - 1])})`, toLoc(at).value);
        return;
      case 'duration':
        this.duration(v, spec.bare, at, path);
        return;
      case 'memory':
      case 'volume-size':
        // Both are strings after flyctl's patches (integers are stringified); checked by the rules.
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return;
        this.typeError(at, path, spec.t === 'memory' ? 'a size such as "512mb" or an integer' : 'a size such as "10gb" or an integer', 'string');
        return;
      case 'autostop':
        if (typeof v === 'boolean') return;
        if (typeof v === 'string') {
          if (!['off', 'stop', 'suspend'].includes(v)) this.enumError(v, ['off', 'stop', 'suspend'], at, pathName(path), `invalid autostop string value "${v}"`);
          return;
        }
        this.add('invalid-type', 'error', `${pathName(path)} must be true, false, "off", "stop" or "suspend" (flyctl: autostop value is not a valid bool or string)`, toLoc(at).value);
        return;
      case 'port-lenient': {
        let n: number | null;
        if (typeof v === 'number') n = Math.trunc(v);
        else if (typeof v === 'string') {
          n = /^[+-]?\d+$/.test(v) ? Number(v) : null;
          if (n === null) {
            this.add('invalid-type', 'error', `${pathName(path)} must be a port number (flyctl: Can not convert '${v}' to integer: strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax)`, toLoc(at).value);
            return;
          }
        } else {
          this.typeError(at, path, 'a port number', 'int');
          return;
        }
        this.intRange(n, 1, 65535, at, path);
        return;
      }
      case 'concurrency-lenient':
        if (isTable(v)) return this.table(v, spec.table, path);
        if (typeof v === 'string') {
          const parts = v.split(',');
          if (parts.length < 2) {
            this.add('invalid-type', 'error', `${pathName(path)}: Unknown value '${v}' for concurrency limits (write "soft,hard" or a [${pathName(path)}] table)`, toLoc(at).value);
          } else {
            const rest = parts.slice(1).join(',');
            if (!/^[+-]?\d+$/.test(parts[0]) || !/^[+-]?\d+$/.test(rest)) {
              const badPart = /^[+-]?\d+$/.test(parts[0]) ? rest : parts[0];
              this.add('invalid-type', 'error', `${pathName(path)}: Can not convert '${v}': strconv.Atoi: parsing ${JSON.stringify(badPart)}: invalid syntax`, toLoc(at).value);
            }
          }
          return;
        }
        this.add('invalid-type', 'error', `Unknown type for service concurrency: ${GO_TYPE[toLoc(at).kind]} (${pathName(path)} must be a table with type, soft_limit and hard_limit)`, toLoc(at).value);
        return;
      case 'table':
        if (!isTable(v)) return this.typeError(at, path, 'a table', 'struct');
        this.table(v, spec, path);
        return;
      case 'tables':
        this.tables(v, spec.item, spec.single, at, path);
        return;
      case 'map':
        if (!isTable(v)) return this.typeError(at, path, `a table of ${spec.label}s`, 'map');
        for (const k of Object.keys(v)) {
          const l = this.entry(v, k);
          if (l) {
            path.push(k);
            this.value(v[k], spec.value, l, path);
            path.pop();
          }
        }
        return;
      case 'env':
        this.env(v, at, path);
        return;
      case 'processes':
        this.processes(v, at, path);
        return;
      case 'headers-lenient':
        this.headers(v, at, path);
        return;
      case 'checks':
        this.checks(v, spec.item, at, path);
        return;
    }
  }

  private enumError(v: string, values: readonly string[], at: LocEntry, name: string, flyctl?: string): void {
    const best = closest(v, values);
    const fixes = best ? [this.fix(`Change to "${best.key}"`, toLoc(at).value, JSON.stringify(best.key), best.close)] : [];
    const list = values.map((x) => `"${x}"`).join(', ');
    this.add('invalid-value', 'error', `${name} = "${v}" is not one of ${list}${flyctl ? ` (flyctl: ${flyctl})` : ''}`, toLoc(at).value, fixes);
  }

  private intRange(n: number, min: number | undefined, max: number | undefined, at: LocEntry, path: readonly Seg[]): void {
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
      this.add('invalid-value', 'error', `${pathName(path)} = ${n} is out of range: it must be ${range}`, toLoc(at).value);
    }
  }

  private stringList(v: unknown, at: LocEntry, path: readonly Seg[], itemMsg?: (l: Loc, el: unknown) => string): void {
    if (!Array.isArray(v)) {
      if (typeof v === 'string')
        return this.add(
          'invalid-type',
          'error',
          `${pathName(path)} must be a list of strings, not a string (flyctl: json: cannot unmarshal string into Go struct field of type []string); write [${JSON.stringify(v)}]`,
          toLoc(at).value,
          [this.fix(`Write [${JSON.stringify(v)}]`, toLoc(at).value, `[${this.text.slice(toLoc(at).value[0], toLoc(at).value[1])}]`, true)],
        );
      return this.typeError(at, path, 'a list of strings', '[]string');
    }
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] === 'string') continue;
      const l = this.loc(v, i);
      if (!l) continue;
      const msg = itemMsg
        ? `${pathName(path)}[${i}]: ${itemMsg(l, v[i])}`
        : `${pathName(path)}[${i}] must be a string, not ${KIND_TEXT[l.kind]} (flyctl: json: cannot unmarshal ${JSON_TYPE[l.kind]} into Go struct field of type string)`;
      this.add('invalid-type', 'error', msg, l.value);
    }
  }

  private duration(v: unknown, bare: 'ns' | 'ms' | 's', at: LocEntry, path: readonly Seg[]): void {
    // flyctl's patches rescale bare numbers (and drop other types and "") where `bare` is
    // ms or s; nowhere else is patched, so there Go's Duration decoding decides.
    const patched = bare !== 'ns';
    if (typeof v === 'string') {
      if (v === '' && patched) return;
      const d = parseGoDuration(v);
      if ('error' in d) this.add('invalid-value', 'error', `${pathName(path)} = ${JSON.stringify(v)} is not a duration such as "30s" or "1m30s" (flyctl: ${d.error})`, toLoc(at).value, this.durationFixes(v, at));
      return;
    }
    if (typeof v === 'number') {
      if (bare === 'ns' && v !== 0) this.nanoseconds(v, at, path);
      return;
    }
    if (patched) return;
    this.add('invalid-type', 'error', `${pathName(path)} must be a duration such as "30s" (flyctl: unknown duration type: ${GO_TYPE[toLoc(at).kind]})`, toLoc(at).value);
  }

  /** Offer a unit for a string that is only a number ("600" → "600s"). */
  private durationFixes(v: string, at: LocEntry): Fix[] {
    if (/^\d+(\.\d+)?$/.test(v)) return [this.fix(`Write "${v}s"`, toLoc(at).value, `"${v}s"`, true)];
    return [];
  }

  private nanoseconds(n: number, at: LocEntry, path: readonly Seg[]): void {
    const last = String(path[path.length - 1]);
    // What the writer most likely meant: in a check, numbers of 1000 and more follow
    // the [[services]] checks convention (milliseconds); every other bare number here
    // is read as seconds, like top-level kill_timeout. See README.md.
    const isCheck = path.includes('checks') && ['interval', 'timeout', 'grace_period'].includes(last);
    const asMs = (x: number): string => (x % 1000 === 0 ? `${x / 1000}s` : `${x}ms`);
    const likely = isCheck && Math.abs(n) >= 1000 ? asMs(n) : `${n}s`;
    const other = isCheck && Math.abs(n) >= 1000 ? `${n}s` : asMs(n);
    const fixes = [this.fix(`Write "${likely}"`, toLoc(at).value, JSON.stringify(likely), true)];
    if (other !== likely) fixes.push(this.fix(`Write "${other}"`, toLoc(at).value, JSON.stringify(other)));
    this.add(
      'duration-nanoseconds',
      'warning',
      `${pathName(path)} = ${n} is read as ${n} nanoseconds: flyctl reads a bare number here as nanoseconds; write the unit, e.g. "${likely}"`,
      toLoc(at).value,
      fixes,
    );
  }

  private tables(v: unknown, item: TableSpec, single: boolean, at: LocEntry, path: Seg[]): void {
    if (isTable(v)) {
      if (single) return this.table(v, item, path);
      this.add(
        'invalid-type',
        'error',
        `${pathName(path)} must be written [[${pathName(path)}]] (an array of tables), not [${pathName(path)}] (flyctl: json: cannot unmarshal object into Go struct field of type []${pathName(path)})`,
        toLoc(at).keys[0] ?? toLoc(at).value,
      );
      return;
    }
    if (!Array.isArray(v)) {
      this.typeError(at, path, `[[${pathName(path)}]] tables`, 'array');
      return;
    }
    for (let i = 0; i < v.length; i++) {
      const l = this.loc(v, i);
      if (!l) continue;
      const el: unknown = v[i];
      if (!isTable(el)) {
        this.add('invalid-type', 'error', `${pathName(path)}[${i}] must be a table, not ${KIND_TEXT[l.kind]}`, l.value);
        continue;
      }
      path.push(i);
      this.table(el, item, path);
      path.pop();
    }
  }

  private env(v: unknown, at: LocEntry, path: Seg[]): void {
    // flyctl stringifies any value in [env] (fmt %v) and merges [[env]] tables.
    if (isTable(v)) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const l = this.loc(v, i);
        if (l && !isTable(v[i])) this.add('invalid-type', 'error', `env[${i}] must be a table (flyctl: Do not know how to process 'env' section of type: ${GO_TYPE[l.kind]})`, l.value);
      }
      return;
    }
    this.add('invalid-type', 'error', `${pathName(path)} must be a table of NAME = value (flyctl: Do not know how to process 'env' section of type: ${GO_TYPE[toLoc(at).kind]})`, toLoc(at).value);
  }

  private processes(v: unknown, at: LocEntry, path: Seg[]): void {
    if (isTable(v)) {
      for (const k of Object.keys(v)) {
        const l = this.entry(v, k);
        if (l && typeof v[k] !== 'string') {
          path.push(k);
          this.typeError(l, path, 'a command string', 'string');
          path.pop();
        }
      }
      return;
    }
    if (Array.isArray(v)) {
      // Legacy [[processes]] with name/command; flyctl skips items that are not tables.
      for (let i = 0; i < v.length; i++) {
        const el: unknown = v[i];
        if (!isTable(el)) continue;
        path.push(i);
        this.table(el, LEGACY_PROCESS, path);
        path.pop();
      }
      return;
    }
    this.add('invalid-type', 'error', `processes must be a table of group = "command" (flyctl: Unknown processes type: ${GO_TYPE[toLoc(at).kind]})`, toLoc(at).value);
  }

  private headers(v: unknown, at: LocEntry, path: Seg[]): void {
    if (isTable(v)) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const el: unknown = v[i];
        const l = this.loc(v, i);
        if (!l) continue;
        if (!isTable(el)) this.add('invalid-type', 'error', `${pathName(path)}[${i}] must be a table with name and value (flyctl: Can't cast into map[string]any)`, l.value);
        else if (!('name' in el)) this.add('invalid-type', 'error', `${pathName(path)}[${i}] needs a name (flyctl: Unsupported headers format)`, l.value);
        else {
          path.push(i);
          this.table(el, HEADER_ITEM, path);
          path.pop();
        }
      }
      return;
    }
    this.add('invalid-type', 'error', `${pathName(path)} must be a table of header = value (flyctl: Unsupported headers format)`, toLoc(at).value);
  }

  private checks(v: unknown, item: TableSpec, at: LocEntry, path: Seg[]): void {
    if (isTable(v)) {
      for (const name of Object.keys(v)) {
        const e = this.entry(v, name);
        if (!e) continue;
        const c: unknown = v[name];
        if (!isTable(c)) {
          const l = toLoc(e);
          this.add('invalid-type', 'error', `checks.${pathName(path)} must be a table (flyctl: 'checks' section of unknown type: ${GO_TYPE[l.kind]})`, l.value);
          continue;
        }
        path.push(name);
        this.table(c, item, path);
        path.pop();
      }
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const el: unknown = v[i];
        const l = this.loc(v, i);
        if (!l) continue;
        if (!isTable(el)) {
          this.add('invalid-type', 'error', `checks[${i}] must be a table (flyctl: check item of unknown type: ${GO_TYPE[l.kind]})`, l.value);
          continue;
        }
        if (typeof el.name !== 'string') {
          this.add('invalid-type', 'error', `checks[${i}] needs a string name (flyctl: check item name not a string)`, l.keys[0] ?? l.value);
        }
        path.push(i);
        this.table(el, item, path, ['name']);
        path.pop();
      }
      return;
    }
    this.add('invalid-type', 'error', `checks must be a table of named checks (flyctl: 'checks' section of unknown type: ${GO_TYPE[toLoc(at).kind]})`, toLoc(at).value);
  }
}

const LEGACY_PROCESS: TableSpec = {
  t: 'table',
  keys: {
    name: { spec: { t: 'any' }, doc: 'Process group name.' },
    command: { spec: { t: 'any' }, doc: 'Command.' },
  },
};

const HEADER_ITEM: TableSpec = {
  t: 'table',
  keys: {
    name: { spec: { t: 'any' }, doc: 'Header name.' },
    value: { spec: { t: 'any' }, doc: 'Header value.' },
  },
};

