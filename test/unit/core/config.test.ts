import { strict as assert } from 'node:assert';
import { CONFIG_KEYS, defaultConfig, parseConfig } from '../../../src/core/config';

describe('parseConfig (flyFauna.* settings)', () => {
  it('gives every default when nothing is set', () => {
    assert.deepEqual(parseConfig({}), {
      config: {
        regionGroup: null,
        footprint: [],
        flyctlPath: '',
        diagnosticsEnabled: true,
        faunaEndpoint: '',
        faunaProfile: '',
        queryTimeoutMs: 5000,
        queryTypecheck: false,
      },
      warnings: [],
    });
    assert.deepEqual(defaultConfig(), parseConfig({}).config);
  });

  const cases: Array<{
    name: string;
    raw: Record<string, unknown>;
    field: string;
    value: unknown;
    warning?: RegExp;
  }> = [
    { name: 'a group', raw: { regionGroup: 'eu' }, field: 'regionGroup', value: 'eu' },
    {
      name: 'a group alias, any case',
      raw: { regionGroup: ' US-STD ' },
      field: 'regionGroup',
      value: 'us',
    },
    {
      name: 'classic is global',
      raw: { regionGroup: 'classic' },
      field: 'regionGroup',
      value: 'global',
    },
    { name: 'empty group = unset', raw: { regionGroup: '' }, field: 'regionGroup', value: null },
    {
      name: 'an unknown group',
      raw: { regionGroup: 'asia' },
      field: 'regionGroup',
      value: null,
      warning: /flyFauna\.regionGroup "asia" is not a Region Group/,
    },
    {
      name: 'a group of the wrong type',
      raw: { regionGroup: 3 },
      field: 'regionGroup',
      value: null,
      warning: /regionGroup 3 is not/,
    },
    {
      name: 'a footprint, normalised',
      raw: { footprint: [' LHR', 'fra', 'lhr'] },
      field: 'footprint',
      value: ['lhr', 'fra'],
    },
    {
      name: 'footprint items that are no code',
      raw: { footprint: ['lhr', 'london'] },
      field: 'footprint',
      value: ['lhr'],
      warning: /"london" is not a Fly region code/,
    },
    {
      name: 'a footprint that is no list',
      raw: { footprint: 'lhr,fra' },
      field: 'footprint',
      value: [],
      warning: /should be a list/,
    },
    {
      name: 'flyctl path trimmed',
      raw: { flyctlPath: ' /opt/fly/flyctl ' },
      field: 'flyctlPath',
      value: '/opt/fly/flyctl',
    },
    {
      name: 'flyctl path of the wrong type',
      raw: { flyctlPath: ['x'] },
      field: 'flyctlPath',
      value: '',
      warning: /flyctlPath should be a string/,
    },
    {
      name: 'diagnostics off',
      raw: { 'diagnostics.enabled': false },
      field: 'diagnosticsEnabled',
      value: false,
    },
    {
      name: 'diagnostics as a string',
      raw: { 'diagnostics.enabled': 'no' },
      field: 'diagnosticsEnabled',
      value: true,
      warning: /should be true or false/,
    },
    { name: 'a timeout', raw: { 'query.timeoutMs': 1500 }, field: 'queryTimeoutMs', value: 1500 },
    {
      name: 'a negative timeout',
      raw: { 'query.timeoutMs': -1 },
      field: 'queryTimeoutMs',
      value: 5000,
      warning: /from 1 to 600000/,
    },
    {
      name: 'a fractional timeout',
      raw: { 'query.timeoutMs': 1.5 },
      field: 'queryTimeoutMs',
      value: 5000,
      warning: /whole number/,
    },
    {
      name: 'typecheck on',
      raw: { 'query.typecheck': true },
      field: 'queryTypecheck',
      value: true,
    },
    {
      name: 'an endpoint',
      raw: { 'fauna.endpoint': 'http://localhost:8443' },
      field: 'faunaEndpoint',
      value: 'http://localhost:8443',
    },
    { name: 'a profile', raw: { 'fauna.profile': 'dev' }, field: 'faunaProfile', value: 'dev' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { config, warnings } = parseConfig(c.raw);
      assert.deepEqual((config as unknown as Record<string, unknown>)[c.field], c.value);
      if (c.warning) {
        assert.equal(warnings.length, 1, JSON.stringify(warnings));
        assert.match(warnings[0], c.warning);
      } else assert.deepEqual(warnings, []);
    });
  }

  it('undefined means unset; unknown keys are ignored', () => {
    assert.deepEqual(parseConfig({ regionGroup: undefined, 'no.such': 1 }), parseConfig({}));
  });

  it('never throws, whatever the values', () => {
    const odd: unknown[] = [
      null,
      undefined,
      0,
      NaN,
      '',
      'x',
      [],
      {},
      [null],
      { toString: null },
      Symbol('s'),
      () => 1,
      10n,
    ];
    for (const key of CONFIG_KEYS)
      for (const v of odd)
        assert.doesNotThrow(() => parseConfig({ [key]: v }), `${key}=${String(typeof v)}`);
  });
});
