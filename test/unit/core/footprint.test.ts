import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkExitCode, resolveApp, runCheck } from '../../../src/core/check';
import type { FaunaSettingsInput } from '../../../src/core/fauna/settings';
import { resolveFaunaSettings } from '../../../src/core/fauna/settings';
import type { DeployedByGroup } from '../../../src/core/flyctl/shapes';
import { envEntries, parseFlyToml } from '../../../src/core/flytoml';
import { checkFootprint, footprintOf } from '../../../src/core/footprint';
import { bundledCatalog } from '../../../src/core/regions';
import type { Finding } from '../../../src/core/types';

function settingsFor(text: string, over: Partial<FaunaSettingsInput> = {}) {
  const doc = parseFlyToml(text);
  const flyEnv: Record<string, string> = {};
  for (const e of envEntries(doc)) flyEnv[e.name] = e.value;
  return {
    doc,
    settings: resolveFaunaSettings({ flags: {}, files: [], env: {}, flyEnv, ...over }),
  };
}
const deployed = (groups: DeployedByGroup['groups']): DeployedByGroup => ({
  groups,
  skipped: { internal: 0, gone: 0, unmanaged: 0 },
});
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const r = (line: number, a: number, b: number) => ({
  start: { line, character: a },
  end: { line, character: b },
});

describe('footprint: primary_region', () => {
  const table: Array<{
    name: string;
    toml: string;
    flags?: FaunaSettingsInput['flags'];
    want: Array<Partial<Finding>>;
  }> = [
    {
      name: 'in the group: nothing to say',
      toml: 'app = "a"\nprimary_region = "lhr"\n',
      flags: { group: 'eu' },
      want: [],
    },
    {
      name: 'outside the group, exactly as PRODUCT.md words it',
      toml: 'app = "a"\nprimary_region = "sjc"\n',
      flags: { group: 'eu' },
      want: [
        {
          code: 'region-outside-group',
          severity: 'warning',
          message:
            'primary_region "sjc" is not next to the EU Region Group (lhr, arn, fra); nearest: lhr',
          range: r(1, 17, 22),
          fixes: [
            {
              title: 'Change primary_region to "lhr", next to the EU Region Group',
              edits: [{ range: r(1, 17, 22), newText: '"lhr"' }],
              isPreferred: true,
            },
          ],
        },
      ],
    },
    {
      name: 'outside a custom footprint, single quotes kept',
      toml: "primary_region = 'iad'\n",
      flags: { footprint: ['fra,ams'] },
      want: [
        {
          code: 'region-outside-group',
          message:
            'primary_region "iad" is not next to the custom footprint (fra, ams); nearest: ams',
          fixes: [
            {
              title: 'Change primary_region to "ams", next to the custom footprint',
              edits: [{ range: r(0, 17, 22), newText: "'ams'" }],
              isPreferred: true,
            },
          ],
        },
      ],
    },
    {
      name: 'unknown region with suggestions',
      toml: 'primary_region = "lhx"\n',
      flags: { group: 'eu' },
      want: [
        {
          code: 'region-unknown',
          severity: 'error',
          message: 'primary_region "lhx" is not a Fly region; did you mean lax, lhr?',
          range: r(0, 17, 22),
          fixes: [
            {
              title: 'Change primary_region to "lax" (Los Angeles, California (US))',
              edits: [{ range: r(0, 17, 22), newText: '"lax"' }],
            },
            {
              title: 'Change primary_region to "lhr" (London, United Kingdom)',
              edits: [{ range: r(0, 17, 22), newText: '"lhr"' }],
            },
          ],
        },
      ],
    },
    {
      name: 'unknown region without suggestions',
      toml: 'primary_region = "qqqqqqq"\n',
      want: [
        {
          code: 'region-unknown',
          message: 'primary_region "qqqqqqq" is not a Fly region',
          fixes: [],
        },
        { code: 'region-group-unset' },
      ],
    },
    {
      name: 'retired region whose replacement is in the group',
      toml: 'primary_region = "otp"\n',
      flags: { group: 'eu' },
      want: [
        {
          code: 'region-deprecated',
          severity: 'warning',
          message:
            'primary_region "otp" (Bucharest, Romania) is a retired Fly region; Fly moves it to fra (Frankfurt, Germany)',
          fixes: [
            {
              title: 'Change primary_region to "fra"',
              edits: [{ range: r(0, 17, 22), newText: '"fra"' }],
              isPreferred: true,
            },
          ],
        },
      ],
    },
    {
      name: 'retired region outside the group: both findings, the replacement preferred',
      toml: 'primary_region = """sea"""\n',
      flags: { group: 'eu' },
      want: [
        {
          code: 'region-deprecated',
          fixes: [
            {
              title: 'Change primary_region to "sjc"',
              edits: [{ range: r(0, 17, 26), newText: '"""sjc"""' }],
              isPreferred: true,
            },
          ],
        },
        // Over the pole, Seattle is nearer Stockholm than London.
        {
          code: 'region-outside-group',
          message:
            'primary_region "sea" is not next to the EU Region Group (lhr, arn, fra); nearest: arn',
          fixes: [
            {
              title: 'Change primary_region to "arn", next to the EU Region Group',
              edits: [{ range: r(0, 17, 26), newText: '"""arn"""' }],
            },
          ],
        },
      ],
    },
    {
      name: 'no group known: how to set one',
      toml: 'primary_region = "lhr"\n',
      want: [{ code: 'region-group-unset', severity: 'info', range: null }],
    },
    {
      name: 'global group: no single footprint, never guessed',
      toml: 'primary_region = "sjc"\n',
      flags: { group: 'classic' },
      want: [{ code: 'region-group-unset', severity: 'info', range: null }],
    },
    {
      name: 'empty primary_region says nothing about it',
      toml: 'primary_region = ""\n',
      flags: { group: 'us' },
      want: [],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const { doc, settings } = settingsFor(c.toml, { flags: c.flags ?? {} });
      const res = checkFootprint({ doc, settings, catalog: bundledCatalog(), deployed: null });
      assert.equal(res.findings.length, c.want.length, JSON.stringify(res.findings));
      c.want.forEach((w, i) => {
        const got = res.findings[i] as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries(w))
          assert.deepEqual(got[k], v, `${k} of ${String(got.code)}`);
      });
    });
  }
  it('the global message says there is no single footprint', () => {
    const { doc, settings } = settingsFor('', { flags: { group: 'global' } });
    const f = checkFootprint({ doc, settings, catalog: bundledCatalog(), deployed: null })
      .findings[0];
    assert.match(f.message, /^The Global Region Group has no single footprint/);
    const none = settingsFor('');
    assert.match(
      checkFootprint({
        doc: none.doc,
        settings: none.settings,
        catalog: bundledCatalog(),
        deployed: null,
        howToSetGroup: 'set flyFauna.fauna.regionGroup',
      }).findings[0].message,
      /No Fauna Region Group is known.*set flyFauna\.fauna\.regionGroup$/,
    );
  });
});

describe('footprint: endpoint-group-mismatch', () => {
  it('is an error at the FAUNA_ENDPOINT value in [env]', () => {
    const toml = 'app = "a"\n[env]\n  FAUNA_ENDPOINT = "https://db.us.fauna.com"\n';
    const { doc, settings } = settingsFor(toml, { flags: { group: 'eu' } });
    const res = checkFootprint({ doc, settings, catalog: bundledCatalog(), deployed: null });
    assert.deepEqual(res.findings, [
      {
        code: 'endpoint-group-mismatch',
        severity: 'error',
        message:
          'FAUNA_ENDPOINT in fly.toml [env] (db.us.fauna.com) points at the US Region Group, but the database is in the EU Region Group (from --group eu)',
        range: r(2, 19, 44),
      },
    ]);
  });
  it('has no range when the endpoint is set outside fly.toml', () => {
    const { doc, settings } = settingsFor('', {
      flags: { group: 'eu' },
      env: { FAUNA_URL: 'db.us.fauna.com' },
    });
    const f = checkFootprint({ doc, settings, catalog: bundledCatalog(), deployed: null }).findings;
    assert.deepEqual(codes(f), ['endpoint-group-mismatch']);
    assert.equal(f[0].range, null);
  });
  it('says nothing for db.fauna.com, a matching endpoint, or no group', () => {
    for (const [flags, url] of [
      [{ group: 'eu' }, 'https://db.fauna.com'],
      [{ group: 'eu' }, 'https://db.eu.fauna.com'],
      [{}, 'https://db.us.fauna.com'],
    ] as const) {
      const { doc, settings } = settingsFor(
        `primary_region = "iad"\n[env]\nFAUNA_ENDPOINT = "${url}"\n`,
        { flags },
      );
      assert.deepEqual(
        codes(
          checkFootprint({ doc, settings, catalog: bundledCatalog(), deployed: null }).findings,
        ).filter((c) => c === 'endpoint-group-mismatch'),
        [],
      );
    }
  });
  it('flags the loser when two endpoints disagree', () => {
    const { doc, settings } = settingsFor('[env]\nFAUNA_ENDPOINT = "https://db.eu.fauna.com"\n', {
      env: { FAUNA_ENDPOINT: 'https://db.us.fauna.com' },
    });
    const f = checkFootprint({ doc, settings, catalog: bundledCatalog(), deployed: null }).findings;
    assert.deepEqual(codes(f), ['endpoint-group-mismatch']);
    assert.match(
      f[0].message,
      /^FAUNA_ENDPOINT in the environment \(db\.us\.fauna\.com\) points at the US Region Group, but the database is in the EU Region Group \(from FAUNA_ENDPOINT in fly\.toml \[env\]/,
    );
  });
});

describe('footprint: deployed regions', () => {
  const cases: Array<{
    name: string;
    toml: string;
    group?: string;
    footprint?: string[];
    deployed: DeployedByGroup['groups'];
    processGroup?: string;
    want: {
      compared: string[];
      regions: Record<string, number>;
      missing: string[];
      extra: string[];
      codes: string[];
    };
  }> = [
    {
      name: 'the starter kit scaled to sjc, ord, iad against the EU group',
      toml: 'primary_region = "lhr"\n[http_service]\ninternal_port = 3000\nprocesses = ["app"]\n',
      group: 'eu',
      deployed: { app: { sjc: 1, ord: 1, iad: 1 } },
      want: {
        compared: ['app'],
        regions: { iad: 1, ord: 1, sjc: 1 },
        missing: ['lhr', 'arn', 'fra'],
        extra: ['iad', 'ord', 'sjc'],
        codes: ['footprint-missing', 'footprint-extra'],
      },
    },
    {
      name: 'on the footprint: nothing to say',
      toml: 'primary_region = "lhr"\n[http_service]\ninternal_port = 3000\n',
      group: 'eu',
      deployed: { app: { lhr: 2, arn: 1, fra: 1 } },
      want: {
        compared: ['app'],
        regions: { arn: 1, fra: 1, lhr: 2 },
        missing: [],
        extra: [],
        codes: [],
      },
    },
    {
      name: 'only serving groups are compared (a worker elsewhere is fine)',
      toml: '[processes]\nweb = "x"\nworker = "y"\n[http_service]\ninternal_port = 3000\nprocesses = ["web"]\n',
      group: 'us',
      deployed: { web: { sjc: 1, ord: 1, iad: 1 }, worker: { lhr: 1 } },
      want: {
        compared: ['web'],
        regions: { iad: 1, ord: 1, sjc: 1 },
        missing: [],
        extra: [],
        codes: [],
      },
    },
    {
      name: 'every group when no service is declared',
      toml: '[processes]\nweb = "x"\nworker = "y"\n',
      group: 'us',
      deployed: { web: { sjc: 1, ord: 1 }, worker: { lhr: 1 } },
      want: {
        compared: ['web', 'worker'],
        regions: { lhr: 1, ord: 1, sjc: 1 },
        missing: ['iad'],
        extra: ['lhr'],
        codes: ['footprint-missing', 'footprint-extra'],
      },
    },
    {
      name: '--process-group picks one',
      toml: '[processes]\nweb = "x"\nworker = "y"\n',
      group: 'us',
      processGroup: 'worker',
      deployed: { web: { sjc: 1, ord: 1 }, worker: { lhr: 1 } },
      want: {
        compared: ['worker'],
        regions: { lhr: 1 },
        missing: ['sjc', 'ord', 'iad'],
        extra: ['lhr'],
        codes: ['footprint-missing', 'footprint-extra'],
      },
    },
    {
      name: 'a custom footprint',
      toml: '',
      footprint: ['lhr', 'ams'],
      deployed: { app: { lhr: 1 } },
      want: {
        compared: ['app'],
        regions: { lhr: 1 },
        missing: ['ams'],
        extra: [],
        codes: ['footprint-missing'],
      },
    },
    {
      name: 'nothing deployed',
      toml: '',
      group: 'eu',
      deployed: {},
      want: {
        compared: [],
        regions: {},
        missing: ['lhr', 'arn', 'fra'],
        extra: [],
        codes: ['footprint-missing'],
      },
    },
    {
      name: 'no footprint: deployed regions shown, nothing compared',
      toml: '',
      group: 'global',
      deployed: { app: { lhr: 1, sjc: 1 } },
      want: {
        compared: ['app'],
        regions: { lhr: 1, sjc: 1 },
        missing: [],
        extra: [],
        codes: ['region-group-unset'],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { doc, settings } = settingsFor(c.toml, {
        flags: {
          ...(c.group ? { group: c.group } : {}),
          ...(c.footprint ? { footprint: c.footprint } : {}),
        },
      });
      const res = checkFootprint({
        doc,
        settings,
        catalog: bundledCatalog(),
        deployed: deployed(c.deployed),
        ...(c.processGroup ? { processGroup: c.processGroup } : {}),
      });
      assert.deepEqual(
        {
          compared: res.comparedGroups,
          regions: res.deployedRegions,
          missing: res.missingRegions,
          extra: res.extraRegions,
          codes: codes(res.findings),
        },
        c.want,
      );
    });
  }
  it('words footprint-missing and footprint-extra with counts, distance and an estimated round trip', () => {
    const { doc, settings } = settingsFor('', { flags: { group: 'eu' } });
    const res = checkFootprint({
      doc,
      settings,
      catalog: bundledCatalog(),
      deployed: deployed({ app: { lhr: 1, sjc: 2 } }),
    });
    assert.deepEqual(
      res.findings.map((f) => [f.code, f.severity, f.message, f.range]),
      [
        [
          'footprint-missing',
          'warning',
          "2 regions of the EU Region Group (lhr, arn, fra) have no machine of process group 'app': arn, fra",
          null,
        ],
        [
          'footprint-extra',
          'warning',
          "Machines of process group 'app' run outside the EU Region Group (lhr, arn, fra): sjc (2 machines, 8631 km from lhr, ~131 ms round trip (estimate))",
          null,
        ],
      ],
    );
  });
});

describe('check report', () => {
  const toml = 'app = "shop"\nprimary_region = "sjc"\n[http_service]\ninternal_port = 3000\n';
  it('builds the contract document', () => {
    const { doc, settings } = settingsFor(toml, {
      files: [{ name: 'fauna.config.yaml', text: 'dev:\n  database: eu/shop\n' }],
    });
    const res = runCheck({
      file: 'fly.toml',
      doc,
      settings,
      catalog: bundledCatalog(),
      app: 'shop',
      deployed: { source: 'flyctl machines list', byGroup: deployed({ app: { lhr: 2, sjc: 1 } }) },
    });
    assert.deepEqual(res.report, {
      file: 'fly.toml',
      app: 'shop',
      primaryRegion: 'sjc',
      regionGroup: { id: 'eu', source: "fauna.config.yaml profile 'dev' (database eu/shop)" },
      footprint: ['lhr', 'arn', 'fra'],
      deployed: { source: 'flyctl machines list', regions: { lhr: 2, sjc: 1 } },
      missingRegions: ['arn', 'fra'],
      extraRegions: ['sjc'],
      findings: [
        {
          code: 'region-outside-group',
          severity: 'warning',
          message:
            'primary_region "sjc" is not next to the EU Region Group (lhr, arn, fra); nearest: lhr',
          range: r(1, 17, 22),
        },
        {
          code: 'footprint-missing',
          severity: 'warning',
          message:
            "2 regions of the EU Region Group (lhr, arn, fra) have no machine of process group 'app': arn, fra",
          range: null,
        },
        {
          code: 'footprint-extra',
          severity: 'warning',
          message:
            "Machines of process group 'app' run outside the EU Region Group (lhr, arn, fra): sjc (1 machine, 8631 km from lhr, ~131 ms round trip (estimate))",
          range: null,
        },
      ],
    });
    assert.equal(checkExitCode(res.report), 0);
    assert.ok(res.findings[0].fixes?.length);
  });
  it('a custom footprint shows as regionGroup id "custom"; flyctl problems become flyctl-unavailable', () => {
    const { doc, settings } = settingsFor(toml, { flags: { group: 'eu', footprint: ['sjc'] } });
    const res = runCheck({
      file: 'fly.toml',
      doc,
      settings,
      catalog: bundledCatalog(),
      app: 'shop',
      deployed: null,
      flyctl: {
        kind: 'not-logged-in',
        message: 'no access token available',
        nextStep: 'Run `fly auth login`.',
      },
    });
    assert.deepEqual(res.report.regionGroup, { id: 'custom', source: '--footprint sjc' });
    assert.deepEqual(res.report.footprint, ['sjc']);
    assert.deepEqual(res.report.deployed, null);
    assert.deepEqual(res.report.findings, [
      {
        code: 'flyctl-unavailable',
        severity: 'info',
        message:
          'Deployed regions could not be read (not-logged-in): no access token available. Run `fly auth login`.',
        range: null,
      },
    ]);
  });
  it('sorts findings by position, puts file-less ones last, and exits 1 on an error', () => {
    const { doc, settings } = settingsFor(
      'primary_region = "xx1"\n[env]\nFAUNA_SECRET = "fnAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"\n',
    );
    const res = runCheck({
      file: 'fly.toml',
      doc,
      settings,
      catalog: bundledCatalog(),
      app: null,
      deployed: null,
    });
    assert.deepEqual(codes(res.findings), [
      'region-unknown',
      'secret-in-env',
      'region-group-unset',
    ]);
    assert.equal(checkExitCode(res.report), 1);
    assert.ok(
      !JSON.stringify(res.report).includes('fnAAAAAAAA'),
      'the report never repeats a secret',
    );
  });
  it('a TOML syntax error is a toml-syntax error finding', () => {
    const { doc, settings } = settingsFor('app = "x"\nprimary_region = "lhr\n');
    const res = runCheck({
      file: 'fly.toml',
      doc,
      settings,
      catalog: bundledCatalog(),
      app: null,
      deployed: null,
    });
    assert.equal(res.report.findings[0].code, 'toml-syntax');
    assert.equal(res.report.findings[0].range?.start.line, 1);
    assert.equal(res.report.primaryRegion, null);
    assert.equal(checkExitCode(res.report), 1);
  });
  it('resolves the app like flyctl: --app, FLY_APP, fly.toml', () => {
    const doc = parseFlyToml('app = "from-file"\n');
    assert.deepEqual(resolveApp('flag', { FLY_APP: 'env' }, doc), {
      value: 'flag',
      source: '--app',
    });
    assert.deepEqual(resolveApp(undefined, { FLY_APP: 'env' }, doc), {
      value: 'env',
      source: 'FLY_APP',
    });
    assert.deepEqual(resolveApp(undefined, {}, doc), {
      value: 'from-file',
      source: 'fly.toml app',
    });
    assert.equal(resolveApp(undefined, {}, parseFlyToml('')), null);
  });
  it('footprintOf: custom when its source differs from the group', () => {
    assert.equal(
      footprintOf(resolveFaunaSettings({ flags: { group: 'eu' }, files: [], env: {}, flyEnv: {} }))
        ?.kind,
      'group',
    );
    assert.equal(
      footprintOf(
        resolveFaunaSettings({ flags: { footprint: ['lhr'] }, files: [], env: {}, flyEnv: {} }),
      )?.kind,
      'custom',
    );
    assert.equal(
      footprintOf(resolveFaunaSettings({ flags: {}, files: [], env: {}, flyEnv: {} })),
      null,
    );
  });
  it('never throws on any fly.toml text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('eu', 'us', 'global', ''), (text, group) => {
        const { doc, settings } = settingsFor(`primary_region = ${JSON.stringify(text)}\n${text}`, {
          flags: group ? { group } : {},
        });
        runCheck({
          file: 'f',
          doc,
          settings,
          catalog: bundledCatalog(),
          app: null,
          deployed: { source: 'flyctl machines list', byGroup: deployed({ app: { lhr: 1 } }) },
        });
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
