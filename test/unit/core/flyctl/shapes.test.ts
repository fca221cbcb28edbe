import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { MachineSummary } from '../../../../src/core/flyctl/shapes';
import {
  deployedByGroup,
  deployedFromScaleShow,
  parseDeployed,
  parseMachinesList,
  parseScaleShow,
  parseStatus,
} from '../../../../src/core/flyctl/shapes';

const fixtures = path.join(__dirname, '../../../fixtures/flyctl');
const readJson = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

const machine = (
  region: string,
  group: string | null,
  state = 'started',
  platformVersion: string | null = 'v2',
): MachineSummary => ({
  id: `${region}-${group}-${state}`,
  name: null,
  state,
  region,
  processGroup: group,
  platformVersion,
});

describe('flyctl shapes: machines list', () => {
  it('reads `machines list --json` (synthesized from fly-go tags)', () => {
    const r = parseMachinesList(readJson('machines-list.synthesized.json'));
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((m) => [m.id, m.state, m.region, m.processGroup, m.platformVersion]),
      [
        ['148e21dc574589', 'started', 'lhr', 'app', 'v2'],
        ['3d8d9e1c0e1e78', 'stopped', 'fra', 'app', 'v2'],
        ['e784e903f09e18', 'started', 'sjc', 'app', 'v2'],
      ],
    );
    assert.deepEqual(deployedByGroup(r.value), {
      groups: { app: { fra: 1, lhr: 1, sjc: 1 } },
      skipped: { internal: 0, gone: 0, unmanaged: 0 },
    });
  });
  it('leaves out machines Fly Launch does not manage (Machines API docs example)', () => {
    const r = parseMachinesList(readJson('machines-api-list.from-fly-docs.json'));
    assert.ok(r.ok);
    assert.equal(r.value.length, 2);
    assert.deepEqual(deployedByGroup(r.value), {
      groups: {},
      skipped: { internal: 0, gone: 0, unmanaged: 2 },
    });
  });
  it('falls back to metadata.process_group', () => {
    const r = parseMachinesList([
      {
        id: 'a',
        region: 'LHR',
        state: 'started',
        config: { metadata: { process_group: 'web', fly_platform_version: 'v2' } },
      },
    ]);
    assert.ok(r.ok);
    assert.equal(r.value[0].processGroup, 'web');
    assert.equal(r.value[0].region, 'lhr');
  });
  it('skips elements without an id or region, and rejects a non-array', () => {
    const r = parseMachinesList([
      { id: 'a' },
      { region: 'lhr' },
      5,
      null,
      { id: 'b', region: 'fra' },
    ]);
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((m) => [m.id, m.state, m.processGroup]),
      [['b', 'unknown', null]],
    );
    for (const bad of [null, {}, 'x', { Machines: [] }])
      assert.equal(parseMachinesList(bad).ok, false);
  });
});

describe('flyctl shapes: deployedByGroup', () => {
  it('counts per group and region, leaving out internal groups, gone machines and unmanaged ones', () => {
    const d = deployedByGroup([
      machine('lhr', 'app'),
      machine('lhr', 'app', 'stopped'),
      machine('fra', 'app', 'suspended'),
      machine('sjc', 'worker'),
      machine('ord', null),
      machine('iad', 'fly_app_release_command'),
      machine('iad', 'fly_app_console'),
      machine('iad', 'fly_app_test_machine_command', 'stopped'),
      machine('arn', 'app', 'destroyed'),
      machine('arn', 'app', 'destroying'),
      machine('ams', 'app', 'started', null),
      machine('ams', 'app', 'started', 'detached'),
    ]);
    assert.deepEqual(d, {
      groups: { app: { fra: 1, lhr: 2, ord: 1 }, worker: { sjc: 1 } },
      skipped: { internal: 3, gone: 2, unmanaged: 2 },
    });
  });
});

describe('flyctl shapes: status and scale show', () => {
  it('reads `status --json`', () => {
    const r = parseStatus(readJson('status.synthesized.json'));
    assert.ok(r.ok);
    assert.equal(r.value.deployed, true);
    assert.equal(typeof r.value.name, 'string');
    assert.deepEqual(deployedByGroup(r.value.machines).groups, { app: { fra: 1, lhr: 1, sjc: 1 } });
    for (const bad of [null, [], { Machines: 'x' }]) assert.equal(parseStatus(bad).ok, false);
  });
  it('reads `scale show --json`', () => {
    const r = parseScaleShow(readJson('scale-show.synthesized.json'));
    assert.deepEqual(r, {
      ok: true,
      value: [{ process: 'app', count: 3, regions: { fra: 1, lhr: 1, sjc: 1 } }],
    });
    assert.deepEqual(deployedFromScaleShow(r.ok ? r.value : []), {
      groups: { app: { fra: 1, lhr: 1, sjc: 1 } },
      skipped: { internal: 0, gone: 0, unmanaged: 0 },
    });
  });
  it('ignores bad counts in `scale show` and rejects a non-array', () => {
    const r = parseScaleShow([
      { Process: 'web', Regions: { LHR: 2, fra: -1, sjc: 'x', ord: 0.5 } },
      { Count: 2 },
    ]);
    assert.deepEqual(r, { ok: true, value: [{ process: 'web', count: 2, regions: { lhr: 2 } }] });
    assert.equal(parseScaleShow({}).ok, false);
  });
  it('no parser throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const p of [parseMachinesList, parseStatus, parseScaleShow]) p(v);
        return true;
      }),
    );
  });
});

describe('flyctl shapes: parseDeployed recognises each shape', () => {
  const table: Array<[string, string]> = [
    ['machines-list.synthesized.json', 'machines list'],
    ['status.synthesized.json', 'status'],
    ['scale-show.synthesized.json', 'scale show'],
  ];
  for (const [file, shape] of table) {
    it(file, () => {
      const r = parseDeployed(readJson(file));
      assert.ok(r.ok);
      assert.equal(r.value.shape, shape);
      assert.deepEqual(r.value.byGroup.groups, { app: { fra: 1, lhr: 1, sjc: 1 } });
    });
  }
  it('an empty list is a machines list with nothing deployed; other values are errors', () => {
    assert.deepEqual(parseDeployed([]), {
      ok: true,
      value: {
        shape: 'machines list',
        byGroup: { groups: {}, skipped: { internal: 0, gone: 0, unmanaged: 0 } },
      },
    });
    assert.equal(parseDeployed('x').ok, false);
    assert.equal(parseDeployed({ Name: 'x' }).ok, false);
  });
});
