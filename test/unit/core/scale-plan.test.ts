import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  computeScalePlan,
  describeStep,
  scalePlanFor,
  stepArgv,
  unmetSteps,
  type ScalePlanInput,
} from '../../../src/core/scale-plan';

const EU = ['lhr', 'arn', 'fra'];
const cmd = (n: number, r: string, g?: string) => [
  'scale',
  'count',
  String(n),
  '--region',
  r,
  '-a',
  'shop',
  '-y',
  ...(g ? ['--process-group', g] : []),
];

describe('core/scale-plan computeScalePlan', () => {
  const table: Array<{
    name: string;
    input: Omit<ScalePlanInput, 'app'>;
    steps: string[][];
    kept?: Array<[string, string, number]>;
  }> = [
    {
      name: 'a US app moving to EU: adds first, keeps US machines without --remove-extra',
      input: {
        footprint: EU,
        deployed: { app: { sjc: 1, ord: 1, iad: 1 } },
        processGroups: ['app'],
      },
      steps: [cmd(1, 'lhr'), cmd(1, 'arn'), cmd(1, 'fra')],
      kept: [
        ['app', 'iad', 1],
        ['app', 'ord', 1],
        ['app', 'sjc', 1],
      ],
    },
    {
      name: 'a US app moving to EU with --remove-extra: removals last',
      input: {
        footprint: EU,
        deployed: { app: { sjc: 2, iad: 1 } },
        processGroups: ['app'],
        removeExtra: true,
      },
      steps: [cmd(1, 'lhr'), cmd(1, 'arn'), cmd(1, 'fra'), cmd(0, 'iad'), cmd(0, 'sjc')],
      kept: [],
    },
    {
      name: 'a partly covered footprint keeps what is there',
      input: { footprint: EU, deployed: { app: { lhr: 3, fra: 1 } }, processGroups: ['app'] },
      steps: [cmd(1, 'arn')],
    },
    {
      name: '--per-region raises every footprint region to at least N, never lowers',
      input: {
        footprint: EU,
        deployed: { app: { lhr: 3, fra: 1 } },
        processGroups: ['app'],
        perRegion: 2,
      },
      steps: [cmd(2, 'arn'), cmd(2, 'fra')],
    },
    {
      name: 'several process groups, the non-default one named with --process-group',
      input: {
        footprint: EU,
        deployed: { app: { lhr: 1 }, worker: { lhr: 1, sjc: 1 } },
        processGroups: ['app', 'worker'],
        removeExtra: true,
      },
      steps: [
        cmd(1, 'arn'),
        cmd(1, 'fra'),
        cmd(1, 'arn', 'worker'),
        cmd(1, 'fra', 'worker'),
        cmd(0, 'sjc', 'worker'),
      ],
    },
    {
      name: 'only the group asked for (--process-group worker)',
      input: {
        footprint: EU,
        deployed: { app: { sjc: 1 }, worker: { lhr: 1 } },
        processGroups: ['worker'],
      },
      steps: [cmd(1, 'arn', 'worker'), cmd(1, 'fra', 'worker')],
    },
    {
      name: 'a custom footprint',
      input: {
        footprint: ['ams', 'cdg'],
        deployed: { app: { ams: 1, lhr: 1 } },
        processGroups: ['app'],
        removeExtra: true,
      },
      steps: [cmd(1, 'cdg'), cmd(0, 'lhr')],
    },
    {
      name: 'nothing to do',
      input: {
        footprint: EU,
        deployed: { app: { lhr: 1, arn: 2, fra: 1 } },
        processGroups: ['app'],
        removeExtra: true,
      },
      steps: [],
      kept: [],
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const plan = computeScalePlan({ app: 'shop', ...t.input });
      assert.ok(plan.ok, JSON.stringify(plan));
      assert.deepEqual(
        plan.steps.map((s) => s.args),
        t.steps,
      );
      if (t.kept)
        assert.deepEqual(
          plan.keptExtra.map((k) => [k.group, k.region, k.count]),
          t.kept,
        );
    });
  }

  it('an app with no machines: deploy first', () => {
    const plan = computeScalePlan({
      app: 'shop',
      footprint: EU,
      deployed: {},
      processGroups: ['app'],
    });
    assert.equal(plan.ok, false);
    assert.ok(!plan.ok && plan.reason === 'no-machines' && /deploy first/.test(plan.message));
  });

  it('no footprint (Global group) and bad --per-region are refused', () => {
    const a = computeScalePlan({
      app: 'shop',
      footprint: [],
      deployed: { app: { lhr: 1 } },
      processGroups: ['app'],
    });
    assert.ok(!a.ok && a.reason === 'no-footprint');
    for (const perRegion of [0, -1, 1.5, 1000]) {
      const b = computeScalePlan({
        app: 'shop',
        footprint: EU,
        deployed: { app: { lhr: 1 } },
        processGroups: ['app'],
        perRegion,
      });
      assert.ok(!b.ok && b.reason === 'bad-input', String(perRegion));
    }
  });

  it('describes steps and builds full argv', () => {
    const plan = computeScalePlan({
      app: 'shop',
      footprint: ['lhr'],
      deployed: { app: { sjc: 1 } },
      processGroups: ['app'],
      removeExtra: true,
    });
    assert.ok(plan.ok);
    assert.deepEqual(plan.steps.map(describeStep), [
      '+1 app in lhr (0 → 1)',
      '-1 app in sjc (1 → 0)',
    ]);
    assert.deepEqual(stepArgv('/bin/flyctl', plan.steps[0]), ['/bin/flyctl', ...cmd(1, 'lhr')]);
  });

  it('unmetSteps compares the targets with what machines list shows', () => {
    const plan = computeScalePlan({
      app: 'shop',
      footprint: EU,
      deployed: { app: { sjc: 1 } },
      processGroups: ['app'],
      removeExtra: true,
    });
    assert.ok(plan.ok);
    assert.equal(unmetSteps(plan.steps, { app: { sjc: 1 } }).length, 4);
    assert.equal(unmetSteps(plan.steps, { app: { lhr: 1, arn: 1, fra: 1 } }).length, 0);
    assert.deepEqual(
      unmetSteps(plan.steps, { app: { lhr: 1, arn: 1, fra: 1, sjc: 1 } }).map((s) => s.region),
      ['sjc'],
    );
  });

  it('property: applying the plan per region covers the footprint and adds always come before removes', () => {
    const region = fc.constantFrom('lhr', 'arn', 'fra', 'sjc', 'ord', 'iad', 'ams');
    fc.assert(
      fc.property(
        fc.dictionary(region, fc.integer({ min: 0, max: 4 })),
        fc.uniqueArray(region, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        (counts, footprint, removeExtra, perRegion) => {
          const plan = computeScalePlan({
            app: 'a',
            footprint,
            deployed: { app: counts },
            processGroups: ['app'],
            removeExtra,
            perRegion,
          });
          const total = Object.values(counts).reduce((a, b) => a + b, 0);
          if (total === 0) return assert.ok(!plan.ok);
          assert.ok(plan.ok);
          const after: Record<string, number> = { ...counts };
          for (const s of plan.steps) after[s.region] = s.to;
          for (const r of footprint) assert.ok((after[r] ?? 0) >= (perRegion ?? 1));
          for (const [r, n] of Object.entries(after))
            if (!(footprint as string[]).includes(r) && removeExtra) assert.equal(n, 0);
          const firstRemove = plan.steps.findIndex((s) => s.to < s.from);
          if (firstRemove >= 0)
            assert.ok(plan.steps.slice(firstRemove).every((s) => s.to < s.from));
          assert.equal(unmetSteps(plan.steps, { app: after }).length, 0);
        },
      ),
    );
  });
});

describe('core/scale-plan scalePlanFor (project level)', () => {
  const eu = { kind: 'group' as const, group: 'eu', regions: EU };
  const deployed = { app: { sjc: 1 }, worker: { sjc: 1 }, empty: {} };
  const table: Array<[string, Partial<Parameters<typeof scalePlanFor>[0]>, string[]]> = [
    ['serving groups from fly.toml', { servingGroups: ['worker'] }, ['worker']],
    ['no service declared: every deployed group', { servingGroups: null }, ['app', 'worker']],
    ['--process-group wins', { servingGroups: ['worker'], processGroup: 'app' }, ['app']],
  ];
  for (const [name, over, groups] of table) {
    it(name, () => {
      const plan = scalePlanFor({
        app: 'shop',
        footprint: eu,
        servingGroups: null,
        deployed,
        ...over,
      });
      assert.deepEqual(plan.groups, groups);
      assert.ok(plan.ok);
      assert.deepEqual([...new Set(plan.steps.map((s) => s.group))], groups);
    });
  }
  it('Global and unknown groups: nothing to scale to, with the way out', () => {
    const g = scalePlanFor({
      app: 'shop',
      footprint: { kind: 'group', group: 'global', regions: [] },
      servingGroups: null,
      deployed,
    });
    assert.ok(
      !g.ok &&
        g.reason === 'no-footprint' &&
        /Global Region Group has no single footprint/.test(g.message),
    );
    const n = scalePlanFor({
      app: 'shop',
      footprint: null,
      servingGroups: null,
      deployed,
      howToSetFootprint: 'run Choose Region Group',
    });
    assert.ok(
      !n.ok &&
        /no Fauna Region Group or footprint is known: run Choose Region Group/.test(n.message),
    );
  });
});
