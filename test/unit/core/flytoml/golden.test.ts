/**
 * Golden tests: each test/fixtures/fly-toml/<case>.toml → <case>.findings.json.
 * `UPDATE_GOLDEN=1 npx mocha ...` rewrites the goldens; review the diff. The assertions
 * after the golden comparison hold the goldens to flyctl's behaviour, so a wrong golden
 * cannot pass.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFlyToml, parseFlyToml } from '../../../../src/core/flytoml';
import type { Finding } from '../../../../src/core/types';

const dir = path.join(__dirname, '../../../fixtures/fly-toml');
const cases = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.toml'))
  .map((f) => f.slice(0, -5))
  .sort();

function lint(name: string): Finding[] {
  return lintFlyToml(parseFlyToml(fs.readFileSync(path.join(dir, `${name}.toml`), 'utf8')));
}

/** What a golden records: the finding without its edits (fix titles only). */
function goldenOf(fs2: Finding[]): unknown[] {
  return fs2.map((f) => ({
    code: f.code,
    severity: f.severity,
    range: f.range,
    message: f.message,
    ...(f.fixes ? { fixes: f.fixes.map((x) => x.title) } : {}),
  }));
}

const codes = (fs2: Finding[]): string[] => fs2.map((f) => f.code);
const errors = (fs2: Finding[]): Finding[] => fs2.filter((f) => f.severity === 'error');

describe('flytoml: golden findings', () => {
  for (const name of cases) {
    it(name, () => {
      const got = goldenOf(lint(name));
      const file = path.join(dir, `${name}.findings.json`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, JSON.stringify(got, null, 2) + '\n');
      assert.ok(fs.existsSync(file), `missing golden ${name}.findings.json (run with UPDATE_GOLDEN=1)`);
      assert.deepEqual(got, JSON.parse(fs.readFileSync(file, 'utf8')));
    });
  }
});

describe('flytoml: findings match flyctl', () => {
  it('files flyctl accepts give no error', () => {
    for (const name of ['old-format', 'format-quirks', 'mounts-array', 'env-list', 'processes-multi', 'legacy-forms', 'validate-groups']) {
      assert.deepEqual(errors(lint(name)), [], name);
    }
  });

  it('full-reference: parses cleanly; the only errors are the ones fly config validate itself reports', () => {
    // flyctl uses full-reference.toml as a parse fixture only. Its validate would reject
    // strategy "rolling-eyes", the [http_service] without processes while [processes]
    // defines two, and [[services]] processes = ["app"] which [processes] lacks.
    const f = lint('full-reference');
    assert.deepEqual(codes(errors(f)).sort(), ['deploy-strategy', 'service-process-unknown', 'service-processes-missing']);
    assert.ok(f.every((x) => !['invalid-type', 'invalid-value', 'unknown-key', 'toml-syntax'].includes(x.code)));
    // and the warnings flyctl prints for it: four build strategies, a 1m21s HTTP check interval.
    assert.deepEqual(codes(f.filter((x) => x.severity === 'warning')).sort(), ['build-strategies', 'service-check-duration']);
  });

  it('none of SchemaStore\'s false positives is reported', () => {
    assert.deepEqual(lint('schemastore-false-positives'), []);
    assert.deepEqual(lint('schemastore-false-positives-legacy'), []);
  });

  const has = (name: string, code: string, text: string, severity: string): void => {
    const f = lint(name).filter((x) => x.code === code && x.message.includes(text));
    assert.equal(f.length > 0, true, `${name}: no ${code} with "${text}" in ${JSON.stringify(lint(name), null, 1)}`);
    for (const x of f) assert.equal(x.severity, severity, `${name} ${code}`);
  };

  it('validate-* fixtures give flyctl\'s messages', () => {
    has('validate-mounts', 'mount-initial-size', "has an initial_size '15Mb' value which is smaller than 1GB", 'error');
    has('validate-mounts', 'mounts-per-group', "group 'app' has more than one [[mounts]] section defined", 'error');
    has('validate-services', 'service-processes-missing', 'Service has no processes set', 'error');
    has('validate-services', 'service-no-ports', 'Service must expose at least one port', 'warning');
    has('validate-groups-canary', 'canary-with-mounts', 'error canary deployment strategy is not supported when using mounted volumes', 'error');
  });

  it('always-invalid-v2 gives flyctl\'s type error', () => {
    has('always-invalid-v2', 'invalid-type', 'Unknown type for service concurrency: int64', 'error');
  });

  it('strict-validate-real-world: every key flyctl --strict reports, with a suggestion', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'strict-validate-real-world.expected.json'), 'utf8'));
    const f = lint('strict-validate-real-world').filter((x) => x.code === 'unknown-key');
    const want: string[] = [...expected.UnrecognizedSections.map((s: string) => `the top level:${s}`)];
    for (const [section, keys] of Object.entries(expected.UnrecognizedKeys as Record<string, string[]>)) for (const k of keys) want.push(`[${section}]:${k}`);
    const got = f.map((x) => {
      const m = /^Unknown key "([^"]+)" in (.+?): flyctl/.exec(x.message)!;
      return `${m[2]}:${m[1]}`;
    });
    assert.deepEqual(got.sort(), want.sort());
    // A suggestion, unless every key of that table is already there (a rename would define one twice).
    const suggestion = (x: Finding): string | undefined => /(?:did you mean|closest known key:) "([a-z_]+)"/.exec(x.message)?.[1];
    assert.deepEqual(
      f.map((x) => [/"([^"]+)" in/.exec(x.message)![1], suggestion(x) ?? null, x.fixes?.[0].title ?? null]),
      // (close suggestions are preferred fixes; far ones are offered, not preferred, beside "Remove")
      [
        ['processes', 'wait_timeout', 'Rename to "wait_timeout"'],
        ['processes', 'headers', 'Rename to "headers"'],
        ['http_machine', 'http_service', 'Rename to "http_service"'],
        ['processes', null, 'Remove "processes"'],
        ['grace_period', null, 'Remove "grace_period"'],
        ['processes', null, 'Remove "processes"'],
        ['xyz', 'compress', 'Rename to "compress"'],
        ['invalid_key', 'interval', 'Rename to "interval"'],
      ],
    );
  });

  it('unknown keys where flyctl --strict does not look, each with the closest key', () => {
    const f = lint('unknown-keys-nested');
    const got = f.map((x) => [x.code, /"([^"]+)" in \[(.+)\]: flyctl/.exec(x.message)?.slice(1).join(' @ '), x.fixes?.[0].title, x.fixes?.[0].isPreferred]);
    assert.deepEqual(got, [
      ['unknown-key', 'intenal_port @ services[0]', 'Rename to "internal_port"', true],
      ['unknown-key', 'hanlders @ services[0].ports[0]', 'Rename to "handlers"', true],
      ['unknown-key', 'intervl @ services[0].tcp_checks[0]', 'Rename to "interval"', true],
      ['unknown-key', 'pth @ services[0].http_checks[0]', 'Rename to "path"', true],
      ['unknown-key', 'memroy @ vm[0]', 'Rename to "memory"', true],
      ['unknown-key', 'cpu_kinds @ vm[0]', 'Rename to "cpu_kind"', true],
      ['unknown-key', 'destinaton @ mounts[0]', 'Rename to "destination"', true],
      ['unknown-key', 'prot @ metrics[0]', 'Rename to "port"', true],
    ]);
  });

  it('each flyctl rule fires on its fixture with flyctl\'s severity', () => {
    const table: Array<[string, string, 'error' | 'warning']> = [
      ['rules-commands', 'release-command-split', 'error'],
      ['rules-commands', 'console-command-split', 'error'],
      ['rules-commands', 'process-command-split', 'error'],
      ['rules-commands', 'deploy-strategy', 'error'],
      ['rules-checks', 'check-type', 'error'],
      ['rules-checks', 'check-interval', 'error'],
      ['rules-checks', 'check-timeout', 'error'],
      ['rules-checks', 'check-no-port', 'error'],
      ['rules-checks', 'service-check-duration', 'warning'],
      ['rules-mounts', 'canary-with-mounts', 'error'],
      ['rules-mounts', 'mount-initial-size', 'error'],
      ['rules-mounts', 'mount-snapshot-retention', 'error'],
      ['rules-mounts', 'mount-auto-extend', 'error'],
      ['rules-mounts', 'mounts-per-group', 'error'],
      ['rules-machines', 'vm-size', 'error'],
      ['rules-machines', 'memory-zero', 'error'],
      ['rules-machines', 'compute-per-group', 'warning'],
      ['rules-restart-build', 'restart-policy', 'error'],
      ['rules-restart-build', 'restart-process-unknown', 'error'],
      ['rules-restart-build', 'compression', 'error'],
      ['rules-restart-build', 'compression-level', 'error'],
      ['rules-restart-build', 'build-strategies', 'warning'],
      ['rules-restart-build', 'service-process-unknown', 'error'],
      ['validate-services', 'service-no-ports', 'warning'],
      ['durations-ns', 'duration-nanoseconds', 'warning'],
      ['secrets-env', 'secret-in-env', 'error'],
    ];
    for (const [name, code, severity] of table) {
      const f = lint(name).filter((x) => x.code === code);
      assert.ok(f.length > 0, `${name}: ${code}`);
      for (const x of f) assert.equal(x.severity, severity, `${name}: ${code}`);
    }
  });

  it('bare nanosecond numbers are warned exactly where flyctl does not rescale them', () => {
    const f = lint('durations-ns').filter((x) => x.code === 'duration-nanoseconds');
    assert.deepEqual(
      f.map((x) => x.message.split(' =')[0]),
      ['deploy.wait_timeout', 'deploy.release_command_timeout', 'http_service.checks[0].interval', 'http_service.checks[0].timeout', 'http_service.machine_checks[0].kill_timeout'],
    );
  });

  it('secret-in-env: names and key-shaped values, never the value in the message', () => {
    const text = fs.readFileSync(path.join(dir, 'secrets-env.toml'), 'utf8');
    const f = lint('secrets-env').filter((x) => x.code === 'secret-in-env');
    assert.deepEqual(
      f.map((x) => x.message.split(' ')[0] === 'the' ? x.message.split(' ')[3] : x.message.split(' ')[0]),
      ['FAUNA_SECRET', 'FAUNA_SECRET_KEY', 'fauna_key', 'DB_TOKEN'],
    );
    for (const x of f) {
      for (const v of ['fnAFxyzzy', 'fnAE0000', 'anything-at-all', 'fnAEqwerty']) assert.ok(!x.message.includes(v));
      assert.ok(!JSON.stringify(x).includes('fnA'), 'a finding serialised to JSON carries no secret');
      assert.equal(x.fixes![0].action!.kind, 'push-secret');
    }
    assert.ok(text.includes('fnAFxyzzy'));
    assert.equal(f[0].fixes![0].action!.value, 'fnAFxyzzy0123456789abcdefghijklmnopqrstuv');
    assert.equal(f[0].fixes![0].action!.name, 'FAUNA_SECRET');
  });
});
