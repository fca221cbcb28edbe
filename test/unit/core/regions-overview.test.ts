import { strict as assert } from 'node:assert';
import { runCheck, type FlyctlProblem } from '../../../src/core/check';
import { resolveFaunaSettings } from '../../../src/core/fauna/settings';
import { parseFlyToml } from '../../../src/core/flytoml';
import { bundledCatalog } from '../../../src/core/regions';
import { regionsOverview } from '../../../src/core/regions-overview';

const catalog = bundledCatalog();

function overview(opts: {
  toml?: string;
  group?: string;
  footprint?: string[];
  deployed?: Record<string, Record<string, number>> | null;
  problem?: FlyctlProblem;
}) {
  const doc = parseFlyToml(
    opts.toml ?? 'app = "shop"\nprimary_region = "lhr"\n\n[http_service]\n  internal_port = 8080\n',
  );
  const settings = resolveFaunaSettings({
    flags: {
      ...(opts.group ? { group: opts.group } : {}),
      ...(opts.footprint ? { footprint: opts.footprint } : {}),
    },
    files: [],
    env: {},
    flyEnv: {},
  });
  const result = runCheck({
    file: 'fly.toml',
    doc,
    settings,
    catalog,
    app: 'shop',
    deployed: opts.deployed
      ? {
          source: 'flyctl machines list',
          byGroup: { groups: opts.deployed, skipped: { internal: 0, gone: 0, unmanaged: 0 } },
        }
      : null,
    flyctl: opts.problem ?? null,
  });
  return regionsOverview(result, catalog, 'fly.toml');
}

const rows = (o: ReturnType<typeof overview>) => o.rows.map((r) => [r.kind, r.label, r.state]);

describe('core/regions-overview', () => {
  it('EU group, machines in lhr and sjc: arn and fra missing, sjc outside with its round trip', () => {
    const o = overview({ group: 'eu', deployed: { app: { lhr: 2, sjc: 1 } } });
    assert.equal(o.label, 'shop');
    assert.equal(o.status, '2 missing, 1 outside');
    assert.equal(o.state, 'warning');
    assert.deepEqual(rows(o), [
      ['footprint', 'Footprint: EU Region Group', 'info'],
      ['primary', 'primary_region lhr', 'ok'],
      ['region', 'lhr', 'ok'],
      ['region', 'arn', 'warning'],
      ['region', 'fra', 'warning'],
      ['extra', 'sjc', 'warning'],
    ]);
    assert.match(o.rows[2].description, /^London.* · 2 machines$/);
    assert.match(o.rows[3].description, / · no machine$/);
    assert.match(o.rows[5].description, /outside the footprint · 1 machine · ~\d+ ms to lhr$/);
  });

  it('matches, before and after a check', () => {
    const before = overview({ group: 'eu' });
    assert.equal(before.status, 'machines not checked');
    assert.equal(before.rows.at(-1)?.action, 'check');
    assert.ok(
      before.rows
        .filter((r) => r.kind === 'region')
        .every((r) => r.state === 'unknown' && r.description.endsWith('not checked')),
    );
    const after = overview({ group: 'eu', deployed: { app: { lhr: 1, arn: 1, fra: 1 } } });
    assert.equal(after.status, 'matches the footprint');
    assert.equal(after.state, 'ok');
    assert.ok(!after.rows.some((r) => r.kind === 'problem'));
  });

  it('primary_region outside the footprint is flagged with the finding', () => {
    const o = overview({ group: 'us', deployed: { app: { sjc: 1, ord: 1, iad: 1 } } });
    const primary = o.rows.find((r) => r.kind === 'primary')!;
    assert.equal(primary.state, 'warning');
    assert.match(primary.description, /not next to the US Region Group/);
  });

  it('no group known, the Global group, and a custom footprint', () => {
    const none = overview({});
    assert.equal(none.status, 'no footprint');
    assert.equal(none.rows[0].action, 'choose-group');
    const global = overview({ group: 'global' });
    assert.match(global.rows[0].label, /no single footprint/);
    const custom = overview({ footprint: ['ams', 'cdg'], deployed: { app: { ams: 1 } } });
    assert.deepEqual(
      custom.rows.filter((r) => r.kind === 'region').map((r) => [r.label, r.state]),
      [
        ['ams', 'ok'],
        ['cdg', 'warning'],
      ],
    );
  });

  it('says why the machines are unknown when flyctl failed', () => {
    const o = overview({
      group: 'eu',
      problem: {
        kind: 'not-logged-in',
        message: "no access token available. Please login with 'flyctl auth login'",
        nextStep: 'Run `fly auth login`.',
      },
    });
    const p = o.rows.find((r) => r.kind === 'problem')!;
    assert.equal(p.label, 'Machines not read');
    assert.match(p.description, /no access token available/);
    assert.equal(p.action, undefined);
  });
});
