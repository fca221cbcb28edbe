/**
 * `fly-fauna check [PATH...] [--group us|eu|global] [--footprint lhr,fra] [--app NAME]
 *                  [--offline] [--flyctl PATH] [--format text|json|sarif|github]`
 *
 * Exit 0: no error finding; 1: an error finding; 2: bad usage or unreadable input.
 * Several paths: each is checked, the exit code is the worst; json prints an array
 * (one path: one object, as the contract says); sarif is one log, github one line per
 * finding of every path.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult } from '../../core/check';
import { checkExitCode, resolveApp, runCheck } from '../../core/check';
import { resolveFaunaSettings } from '../../core/fauna/settings';
import { envEntries, parseFlyToml } from '../../core/flytoml';
import type { RegionCatalog } from '../../core/regions';
import {
  bundledCatalog,
  describeFootprint,
  normalizeRegionGroup,
  parseFootprintList,
  REGION_GROUPS,
} from '../../core/regions';
import { toGithubCommands } from '../../core/report/github';
import { toSarif } from '../../core/report/sarif';
import type { Finding } from '../../core/types';
import { DEFAULT_JSON_TIMEOUT_MS, FlyctlClient, locateFlyctl } from '../../node/flyctl';
import type { FlyState } from '../../node/project';
import { ProjectError, readFlyState, readProject } from '../../node/project';
import { flag, list, parse, str } from '../args';
import type { CliIo } from '../io';
import { styles, UsageError, useColor } from '../io';
import { VERSION } from '../version';

const OPTIONS = {
  group: { type: 'string' },
  footprint: { type: 'string', multiple: true },
  app: { type: 'string' },
  offline: { type: 'boolean' },
  flyctl: { type: 'string' },
  format: { type: 'string' },
} as const;

/** Reads `--group`; a bad value is a usage error (exit 2). */
export function groupOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (normalizeRegionGroup(value) === null) {
    throw new UsageError(
      `--group must be us, eu or global (or us-std, eu-std, classic), not '${value}'`,
    );
  }
  return value;
}

const NOT_INSTALLED = {
  kind: 'not-installed',
  message:
    'flyctl was not found (looked for flyctl and fly on PATH, $FLYCTL_INSTALL/bin and ~/.fly/bin)',
  nextStep:
    'Install flyctl (https://fly.io/docs/flyctl/install/), or pass --flyctl PATH; use --offline to skip the deployed check.',
};

/** The flyctl timeout: FLY_FAUNA_FLYCTL_TIMEOUT_MS (tests) or flyctl's default for reads. */
function flyctlTimeout(env: CliIo['env']): number {
  const raw = env.FLY_FAUNA_FLYCTL_TIMEOUT_MS;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_JSON_TIMEOUT_MS;
}

type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

/** `--format text|json|sarif|github` (check only; the other commands take text|json). */
function checkFormat(value: string | undefined): CheckFormat {
  const f = value ?? 'text';
  if (f !== 'text' && f !== 'json' && f !== 'sarif' && f !== 'github')
    throw new UsageError(`--format must be text, json, sarif or github, not '${f}'`);
  return f;
}

interface CheckOptions {
  group: string | undefined;
  footprintArgs: string[];
  offline: boolean;
  app: string | undefined;
  located: Promise<string | null>;
}

/** Checks one PATH: the result and the catalogue it used. Unreadable input: UsageError. */
async function checkOne(
  pathArg: string,
  o: CheckOptions,
  io: CliIo,
): Promise<{ result: CheckResult; catalog: RegionCatalog; warnings: string[] }> {
  let project;
  try {
    project = await readProject(pathArg, io.cwd, io.env);
  } catch (err) {
    if (err instanceof ProjectError) throw new UsageError(err.message);
    throw err;
  }

  const doc = parseFlyToml(project.flyTomlText);
  const app = resolveApp(o.app, io.env, doc);

  // Start flyctl as soon as the app name is known; the settings are read while it runs.
  let flyPromise: Promise<FlyState> = Promise.resolve({
    deployed: null,
    catalog: bundledCatalog(),
    problem: null,
  });
  if (!o.offline) {
    const flyctlPath = await o.located;
    const dir = project.dir;
    flyPromise =
      flyctlPath === null
        ? Promise.resolve({ deployed: null, catalog: bundledCatalog(), problem: NOT_INSTALLED })
        : readFlyState({
            client: new FlyctlClient({ path: flyctlPath, env: io.env }),
            app: app?.value ?? null,
            timeoutMs: flyctlTimeout(io.env),
            cwd: dir,
            ...(io.signal ? { signal: io.signal } : {}),
          });
  }

  const flyEnv: Record<string, string> = {};
  for (const e of envEntries(doc)) flyEnv[e.name] = e.value;
  const settings = resolveFaunaSettings({
    flags: {
      ...(o.group !== undefined ? { group: o.group } : {}),
      ...(o.footprintArgs.length ? { footprint: o.footprintArgs } : {}),
    },
    files: project.faunaFiles,
    env: io.env,
    flyEnv,
  });
  const fly = await flyPromise;

  const result = runCheck({
    file: project.displayPath,
    doc,
    settings,
    catalog: fly.catalog,
    app: app?.value ?? null,
    deployed: fly.deployed,
    flyctl: fly.problem,
  });
  return { result, catalog: fly.catalog, warnings: [...project.warnings, ...result.warnings] };
}

export default async function check(argv: string[], io: CliIo): Promise<number> {
  const p = parse(argv, OPTIONS);
  const fmt = checkFormat(str(p, 'format'));
  const group = groupOption(str(p, 'group'));
  const footprintArgs = list(p, 'footprint');
  if (footprintArgs.length) {
    const fp = parseFootprintList(footprintArgs, bundledCatalog());
    if (!fp.ok) throw new UsageError(`--footprint: ${fp.error}`);
  }
  const offline = flag(p, 'offline');
  // A relative --flyctl path is relative to the working folder the CLI was given.
  const flyctlRaw = str(p, 'flyctl');
  const flyctlFlag =
    flyctlRaw !== undefined && /[\\/]/.test(flyctlRaw) && !flyctlRaw.startsWith('~')
      ? path.resolve(io.cwd, flyctlRaw)
      : flyctlRaw;

  // Locating flyctl (a few stats) overlaps reading the project.
  const located: Promise<string | null> = offline
    ? Promise.resolve(null)
    : locateFlyctl({
        ...(flyctlFlag !== undefined ? { explicit: flyctlFlag } : {}),
        env: io.env,
      }).catch(() => null);
  const opts: CheckOptions = { group, footprintArgs, offline, app: str(p, 'app'), located };
  const paths = p.positionals.length ? p.positionals : ['.'];
  const several = paths.length > 1;
  if (several && opts.app !== undefined)
    throw new UsageError(
      "--app names one app; with several paths each fly.toml's own app (or FLY_APP) is used",
    );

  // Several paths are checked one after the other (flyctl calls stay one app at a time);
  // an unreadable one is reported and counts as exit 2, the others still run.
  const done: Array<{ result: CheckResult; catalog: RegionCatalog }> = [];
  let worst = 0;
  for (const pathArg of paths) {
    let one;
    try {
      one = await checkOne(pathArg, opts, io);
    } catch (err) {
      if (!several || !(err instanceof UsageError)) throw err;
      io.stderr.write(`fly-fauna check: ${err.message}\n`);
      worst = 2;
      continue;
    }
    for (const w of one.warnings) io.stderr.write(`fly-fauna check: warning: ${w}\n`);
    done.push(one);
    worst = Math.max(worst, checkExitCode(one.result.report));
  }

  const reports = done.map((d) => d.result.report);
  if (fmt === 'json') {
    const doc = several ? reports : reports[0];
    io.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else if (fmt === 'sarif') {
    const sarif = toSarif(reports, { version: VERSION, srcRootUri: pathToFileURL(io.cwd).href });
    io.stdout.write(JSON.stringify(sarif, null, 2) + '\n');
  } else if (fmt === 'github') {
    io.stdout.write(toGithubCommands(reports));
  } else {
    const color = useColor(io.stdout, io.env);
    io.stdout.write(
      done.map((d) => renderText(d.result, { offline, catalog: d.catalog, color })).join('\n'),
    );
  }
  return worst;
}

/** The human report: a header, compiler-style finding lines, a footprint summary. */
function renderText(
  result: CheckResult,
  opts: { offline: boolean; catalog: RegionCatalog; color: boolean },
): string {
  const s = styles(opts.color);
  const r = result.report;
  const fp = result.footprint.footprint;
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`  ${s.dim(k.padEnd(15))}${v}`);
  lines.push(s.bold(`fly-fauna check ${r.file}`));
  row('app', r.app ?? s.dim('(unknown)'));
  row(
    'primary_region',
    r.primaryRegion ? regionText(r.primaryRegion, opts.catalog) : s.dim('(not set)'),
  );
  if (r.regionGroup) {
    const label =
      r.regionGroup.id === 'custom' ? 'custom footprint' : REGION_GROUPS[r.regionGroup.id].label;
    row('Fauna', `${label}, from ${r.regionGroup.source}`);
  } else row('Fauna', s.dim('no Region Group known'));
  row('footprint', r.footprint.length ? r.footprint.join(', ') : s.dim('(none)'));
  if (r.deployed) {
    const regions = Object.entries(r.deployed.regions).map(([code, n]) => `${code} ${n}`);
    const groups = result.footprint.comparedGroups;
    row(
      'deployed',
      `${regions.length ? regions.join(', ') : 'no machines'} ${s.dim(`(${r.deployed.source}; ${groups.length === 1 ? 'group' : 'groups'} ${groups.join(', ') || '-'})`)}`,
    );
  } else row('deployed', s.dim(opts.offline ? 'not read (--offline)' : 'not read (see below)'));
  lines.push('');

  for (const f of result.findings) lines.push(findingLine(r.file, f, s));
  if (result.findings.length) lines.push('');

  // One summary line for the footprint.
  if (!fp || fp.regions.length === 0) {
    lines.push(`${s.bold('footprint:')} not compared (no Region Group footprint known)`);
  } else if (!r.deployed) {
    lines.push(`${s.bold('footprint:')} ${describeFootprint(fp)}; deployed regions not read`);
  } else {
    const covered = fp.regions.filter((x) => !r.missingRegions.includes(x));
    const parts = [
      `${covered.length} of ${fp.regions.length} regions have machines${covered.length ? ` (${covered.join(', ')})` : ''}`,
    ];
    if (r.missingRegions.length) parts.push(`missing ${r.missingRegions.join(', ')}`);
    if (r.extraRegions.length) parts.push(`outside ${r.extraRegions.join(', ')}`);
    const ok = !r.missingRegions.length && !r.extraRegions.length;
    lines.push(
      `${s.bold('footprint:')} ${describeFootprint(fp)}: ${ok ? s.green(parts[0]) : parts.join('; ')}`,
    );
  }
  const count = (sev: string) => r.findings.filter((f) => f.severity === sev).length;
  const [e, w, i] = [count('error'), count('warning'), count('info')];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${plural(e, 'error')}, ${plural(w, 'warning')}, ${i} info`;
  lines.push(e ? s.red(summary) : w ? s.yellow(summary) : s.green(summary));
  return lines.join('\n') + '\n';
}

function regionText(code: string, catalog: RegionCatalog): string {
  const info = catalog.get(code);
  return info ? `${code} (${info.name})` : code;
}

/** `file:line:col severity code message` (1-based, as compilers print), or `file severity code message`. */
function findingLine(file: string, f: Finding, s: ReturnType<typeof styles>): string {
  const where = f.range ? `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}` : file;
  const sev =
    f.severity === 'error'
      ? s.red('error')
      : f.severity === 'warning'
        ? s.yellow('warning')
        : s.cyan('info');
  return `${s.bold(where)} ${sev} ${s.dim(f.code)} ${f.message}`;
}
