import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import '../../../../src/cli/commands/index';
import { run } from '../../../../src/cli/run';
import type { CheckReport } from '../../../../src/core/check';
import { FINDING_CODES } from '../../../../src/core/report/codes';
import { artifactLocation, sarifRules, toSarif } from '../../../../src/core/report/sarif';
import { memoryIo } from '../../../helpers/io';

const repo = path.resolve(__dirname, '../../../..');
const schema = JSON.parse(
  fs.readFileSync(path.join(repo, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'),
) as Record<string, unknown>;
// The official schema is draft-07. strict off: it carries keywords strict mode rejects;
// unicodeRegExp off: its `language` pattern has a stray `]` that the u flag refuses;
// formats (uri, date-time) are not checked (ajv needs ajv-formats for that).
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  validateFormats: false,
  unicodeRegExp: false,
});
const validate = ajv.compile(schema);

function assertValid(doc: unknown): void {
  const ok = validate(doc);
  assert.ok(ok, `SARIF is not valid: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

/** A temp folder holding a broken fly.toml: TOML error on line 3, and a project with several findings. */
function brokenProjects(): { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-sarif-'));
  fs.mkdirSync(path.join(dir, 'syntax'));
  fs.writeFileSync(path.join(dir, 'syntax/fly.toml'), 'app = "x"\nprimary_region = "lhr"\n[env\n');
  fs.mkdirSync(path.join(dir, 'many'));
  fs.writeFileSync(
    path.join(dir, 'many/fly.toml'),
    'app = "y"\nprimary_region = "zzz"\nkill_signal = "SIGFOO"\n[http_service]\n  internal_port = "80"\n  bogus = 1\n',
  );
  return { dir };
}

async function cli(args: string[], cwd: string) {
  const io = memoryIo({ env: {}, cwd });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('check --format sarif', () => {
  it('the real CLI output for two broken projects validates against the SARIF 2.1.0 schema', async () => {
    const { dir } = brokenProjects();
    const res = await cli(['check', 'syntax', 'many', '--offline', '--format', 'sarif'], dir);
    assert.equal(res.code, 1);
    const sarif = JSON.parse(res.out) as {
      version: string;
      runs: Array<{
        tool: {
          driver: {
            name: string;
            version: string;
            informationUri: string;
            rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }>;
          };
        };
        columnKind: string;
        originalUriBaseIds: Record<string, { uri: string }>;
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId?: string };
              region?: Record<string, number>;
            };
          }>;
        }>;
      }>;
    };
    assertValid(sarif);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'fly-fauna');
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.ok(run0.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file://'));
    // Every result names its rule by id and by index, and the JSON report's findings map 1:1.
    const json = JSON.parse(
      (await cli(['check', 'syntax', 'many', '--offline', '--format', 'json'], dir)).out,
    ) as CheckReport[];
    const findings = json.flatMap((r) => r.findings.map((f) => ({ file: r.file, f })));
    assert.equal(run0.results.length, findings.length);
    findings.forEach(({ file, f }, i) => {
      const res = run0.results[i];
      assert.equal(res.ruleId, f.code);
      assert.equal(run0.tool.driver.rules[res.ruleIndex].id, f.code);
      assert.equal(res.level, { error: 'error', warning: 'warning', info: 'note' }[f.severity]);
      assert.equal(res.message.text, f.message);
      const loc = res.locations[0].physicalLocation;
      assert.deepEqual(loc.artifactLocation, { uri: file, uriBaseId: '%SRCROOT%' });
      if (f.range === null) assert.equal(loc.region, undefined);
      else
        assert.deepEqual(loc.region, {
          startLine: f.range.start.line + 1,
          startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
        });
    });
    // The TOML error (unclosed `[env` header, reported where the parser stopped) is placed.
    const syntax = run0.results.find((r) => r.ruleId === 'toml-syntax');
    assert.ok((syntax?.locations[0].physicalLocation.region?.startLine ?? 0) >= 3);
    assert.equal(syntax?.locations[0].physicalLocation.artifactLocation.uri, 'syntax/fly.toml');
    // A finding without a place (no group known) has only the artifact.
    assert.ok(
      run0.results.some(
        (r) => r.ruleId === 'region-group-unset' && !r.locations[0].physicalLocation.region,
      ),
    );
  });

  it('has one rule per registered code, with its README anchor and level', () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const headings = new Set([...readme.matchAll(/^### `([a-z0-9-]+)`$/gm)].map((m) => m[1]));
    const rules = sarifRules([]);
    assert.deepEqual(
      rules.map((r) => r.id),
      Object.keys(FINDING_CODES),
    );
    for (const r of rules) {
      assert.ok(headings.has(r.id), `README has no ### \`${r.id}\` heading`);
      assert.equal(r.helpUri, `https://github.com/fly-fauna/fly-fauna#${r.id}`);
      const sev = FINDING_CODES[r.id].severity;
      assert.equal(r.defaultConfiguration.level, sev === 'info' ? 'note' : sev);
      assert.ok(r.fullDescription.text.length > 10);
    }
  });

  it('a code not in the registry still gets a rule (a new engine code needs no SARIF change)', () => {
    const report: CheckReport = {
      file: 'fly.toml',
      app: null,
      primaryRegion: null,
      regionGroup: null,
      footprint: [],
      deployed: null,
      missingRegions: [],
      extraRegions: [],
      findings: [{ code: 'brand-new-code', severity: 'info', message: 'x is old', range: null }],
    };
    const sarif = toSarif([report], { version: '1.2.3' }) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
        results: Array<{ ruleIndex: number }>;
      }>;
    };
    assertValid(sarif);
    const rules = sarif.runs[0].tool.driver.rules;
    const rule = rules[sarif.runs[0].results[0].ruleIndex];
    assert.equal(rule.id, 'brand-new-code');
    assert.equal(rule.defaultConfiguration.level, 'note');
  });

  it('artifact URIs: relative against %SRCROOT%, encoded; absolute as file URIs', () => {
    assert.deepEqual(artifactLocation('apps/my web/fly.toml'), {
      uri: 'apps/my%20web/fly.toml',
      uriBaseId: '%SRCROOT%',
    });
    assert.deepEqual(artifactLocation('apps\\api\\fly.toml'), {
      uri: 'apps/api/fly.toml',
      uriBaseId: '%SRCROOT%',
    });
    assert.deepEqual(artifactLocation('/tmp/x y/fly.toml'), { uri: 'file:///tmp/x%20y/fly.toml' });
    assert.deepEqual(artifactLocation('C:\\a\\fly.toml'), { uri: 'file:///C:/a/fly.toml' });
  });
});
