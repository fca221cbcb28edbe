import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseDotenv } from '../../../../src/core/fauna/dotenv';
import { endpointInfo } from '../../../../src/core/fauna/endpoint';
import { parseIni } from '../../../../src/core/fauna/ini';
import type { FaunaSettingsInput } from '../../../../src/core/fauna/settings';
import {
  groupOfDatabasePath,
  normalizeRegionGroup,
  resolveFaunaSettings,
} from '../../../../src/core/fauna/settings';

const input = (over: Partial<FaunaSettingsInput>): FaunaSettingsInput => ({
  flags: {},
  files: [],
  env: {},
  flyEnv: {},
  ...over,
});
const yaml = (text: string) => ({ name: 'fauna.config.yaml', text });
const dotenv = (text: string) => ({ name: '.env', text });
const project = (text: string) => ({ name: '.fauna-project', text });

describe('fauna settings: Region Group sources', () => {
  const table: Array<
    [string, Partial<FaunaSettingsInput>, { value: string; source: string } | null]
  > = [
    ['nothing', {}, null],
    ['--group', { flags: { group: 'eu' } }, { value: 'eu', source: '--group eu' }],
    [
      '--group alias us-std',
      { flags: { group: 'us-std' } },
      { value: 'us', source: '--group us-std' },
    ],
    [
      '--group alias classic',
      { flags: { group: 'classic' } },
      { value: 'global', source: '--group classic' },
    ],
    [
      'a setting, labelled',
      { flags: { group: 'eu' }, flagLabels: { group: 'setting flyFauna.fauna.regionGroup' } },
      { value: 'eu', source: 'setting flyFauna.fauna.regionGroup (eu)' },
    ],
    [
      'the only profile',
      { files: [yaml('dev:\n  database: eu/shop\n')] },
      { value: 'eu', source: "fauna.config.yaml profile 'dev' (database eu/shop)" },
    ],
    [
      'profile named default',
      { files: [yaml('a:\n  database: us/x\ndefault:\n  database: eu-std/y/z\n')] },
      { value: 'eu', source: "fauna.config.yaml profile 'default' (database eu-std/y/z)" },
    ],
    [
      '--profile',
      {
        flags: { profile: 'a' },
        files: [yaml('a:\n  database: us/x\ndefault:\n  database: eu/y\n')],
      },
      { value: 'us', source: "fauna.config.yaml profile 'a' (database us/x)" },
    ],
    [
      'FAUNA_PROFILE',
      {
        env: { FAUNA_PROFILE: 'a' },
        files: [yaml('a:\n  database: us/x\ndefault:\n  database: eu/y\n')],
      },
      { value: 'us', source: "fauna.config.yaml profile 'a' (database us/x)" },
    ],
    [
      'a JSON config',
      { files: [{ name: 'fauna.config.json', text: '{"dev": {"database": "global/db"}}' }] },
      { value: 'global', source: "fauna.config.json profile 'dev' (database global/db)" },
    ],
    [
      'a hidden config',
      { files: [{ name: '.fauna.config.yml', text: 'dev:\n  database: us/db\n' }] },
      { value: 'us', source: ".fauna.config.yml profile 'dev' (database us/db)" },
    ],
    [
      'FAUNA_ENDPOINT in fly.toml',
      { flyEnv: { FAUNA_ENDPOINT: 'https://db.eu.fauna.com' } },
      { value: 'eu', source: 'FAUNA_ENDPOINT in fly.toml [env] (db.eu.fauna.com)' },
    ],
    [
      'FAUNA_ENDPOINT in the environment',
      { env: { FAUNA_ENDPOINT: 'https://db.us.fauna.com:443/' } },
      { value: 'us', source: 'FAUNA_ENDPOINT in the environment (db.us.fauna.com)' },
    ],
    [
      'FAUNA_URL in .env',
      { files: [dotenv('FAUNA_URL=db.eu.fauna.com\n')] },
      { value: 'eu', source: 'FAUNA_URL in .env (db.eu.fauna.com)' },
    ],
    ['db.fauna.com names no group', { env: { FAUNA_ENDPOINT: 'https://db.fauna.com' } }, null],
    [
      'a self-hosted endpoint names no group',
      { env: { FAUNA_ENDPOINT: 'http://localhost:8443' } },
      null,
    ],
    [
      '.fauna-project',
      { files: [project('default=dev\n[environment.dev]\nendpoint=cloud\ndatabase=us/app\n')] },
      { value: 'us', source: ".fauna-project environment 'dev' (database us/app)" },
    ],
    [
      '.fauna-project with one environment',
      { files: [project('[environment.prod]\ndatabase=eu-std/app\n')] },
      { value: 'eu', source: ".fauna-project environment 'prod' (database eu-std/app)" },
    ],
    [
      '.fauna-project without a region prefix',
      { files: [project('[environment.prod]\ndatabase=app\n')] },
      null,
    ],
  ];
  for (const [name, over, want] of table) {
    it(name, () => assert.deepEqual(resolveFaunaSettings(input(over)).group, want));
  }
});

describe('fauna settings: precedence and conflicts', () => {
  const all: Partial<FaunaSettingsInput> = {
    flags: { group: 'us' },
    files: [
      yaml('dev:\n  database: eu/shop\n'),
      dotenv('FAUNA_ENDPOINT=https://db.us.fauna.com\n'),
      project('[environment.a]\ndatabase=global/x\n'),
    ],
    flyEnv: { FAUNA_ENDPOINT: 'https://db.eu.fauna.com' },
  };
  it('flags beat everything, and the others are listed in order', () => {
    const s = resolveFaunaSettings(input(all));
    assert.deepEqual(s.group, { value: 'us', source: '--group us' });
    assert.deepEqual(
      s.groupCandidates.map((c) => [c.value, c.origin, c.inFlyToml ?? null]),
      [
        ['us', 'flag', null],
        ['eu', 'config', null],
        ['eu', 'endpoint', true],
        ['us', 'endpoint', false],
        ['global', 'fauna-project', null],
      ],
    );
    assert.deepEqual(s.warnings, [
      "EU Region Group from fauna.config.yaml profile 'dev' (database eu/shop) is overridden by US Region Group from --group us",
      "Global Region Group from .fauna-project environment 'a' (database global/x) is overridden by US Region Group from --group us",
    ]);
  });
  it('the config profile beats endpoints and .fauna-project', () => {
    const s = resolveFaunaSettings(input({ ...all, flags: {} }));
    assert.equal(s.group?.source, "fauna.config.yaml profile 'dev' (database eu/shop)");
  });
  it('fly.toml [env] beats the environment, which beats .env', () => {
    const s = resolveFaunaSettings(
      input({
        flyEnv: { FAUNA_URL: 'https://db.eu.fauna.com' },
        env: { FAUNA_ENDPOINT: 'https://db.us.fauna.com' },
        files: [dotenv('FAUNA_ENDPOINT=https://db.us.fauna.com')],
      }),
    );
    assert.deepEqual(s.group, {
      value: 'eu',
      source: 'FAUNA_URL in fly.toml [env] (db.eu.fauna.com)',
    });
    assert.deepEqual(s.endpoint, {
      value: 'https://db.eu.fauna.com',
      source: 'FAUNA_URL in fly.toml [env] (db.eu.fauna.com)',
    });
    const s2 = resolveFaunaSettings(
      input({
        env: { FAUNA_ENDPOINT: 'https://db.us.fauna.com' },
        files: [dotenv('FAUNA_ENDPOINT=https://db.eu.fauna.com')],
      }),
    );
    assert.equal(s2.group?.value, 'us');
  });
  it('endpoints come from --endpoint, then a profile url or local, then the variables', () => {
    assert.deepEqual(
      resolveFaunaSettings(
        input({
          flags: { endpoint: 'http://localhost:8443' },
          env: { FAUNA_ENDPOINT: 'https://db.fauna.com' },
        }),
      ).endpoint,
      {
        value: 'http://localhost:8443',
        source: '--endpoint localhost',
      },
    );
    assert.deepEqual(
      resolveFaunaSettings(
        input({
          files: [yaml('dev:\n  url: https://fauna.example.com:8443\n')],
          env: { FAUNA_ENDPOINT: 'https://db.fauna.com' },
        }),
      ).endpoint,
      {
        value: 'https://fauna.example.com:8443',
        source: "fauna.config.yaml profile 'dev' url (fauna.example.com)",
      },
    );
    assert.deepEqual(
      resolveFaunaSettings(input({ files: [yaml('dev:\n  local: true\n')] })).endpoint,
      {
        value: 'http://0.0.0.0:8443',
        source: "fauna.config.yaml profile 'dev' local (0.0.0.0)",
      },
    );
  });
  it('footprint: a custom list wins over the group, the group gives its own, global gives none', () => {
    assert.deepEqual(
      resolveFaunaSettings(input({ flags: { group: 'eu', footprint: ['LHR, fra', 'lhr'] } }))
        .footprint,
      { value: ['lhr', 'fra'], source: '--footprint lhr,fra' },
    );
    assert.deepEqual(resolveFaunaSettings(input({ flags: { group: 'eu' } })).footprint, {
      value: ['lhr', 'arn', 'fra'],
      source: '--group eu',
    });
    assert.equal(resolveFaunaSettings(input({ flags: { group: 'global' } })).footprint, null);
    assert.equal(resolveFaunaSettings(input({})).footprint, null);
  });
  it('database: the profile, else .fauna-project', () => {
    assert.deepEqual(
      resolveFaunaSettings(input({ files: [project('[environment.a]\ndatabase=shop\n')] }))
        .database,
      { value: 'shop', source: ".fauna-project environment 'a' (database shop)" },
    );
    assert.equal(
      resolveFaunaSettings(
        input({
          files: [yaml('a:\n  database: eu/x\n'), project('[environment.a]\ndatabase=shop\n')],
        }),
      ).database?.value,
      'eu/x',
    );
  });
});

describe('fauna settings: secrets', () => {
  const table: Array<[string, Partial<FaunaSettingsInput>, string | null, string | null]> = [
    ['none', {}, null, null],
    [
      'FAUNA_SECRET in the environment',
      { env: { FAUNA_SECRET: 'fnEnv' }, files: [dotenv('FAUNA_SECRET=fnDot')] },
      'fnEnv',
      'FAUNA_SECRET in the environment',
    ],
    [
      'FAUNA_SECRET in .env',
      { files: [dotenv('FAUNA_SECRET="fnDot"')] },
      'fnDot',
      'FAUNA_SECRET in .env',
    ],
    [
      'the starter kit FAUNA_SECRET_KEY',
      { files: [dotenv('FAUNA_SECRET_KEY="fnKey"')] },
      'fnKey',
      'FAUNA_SECRET_KEY in .env',
    ],
    [
      'FAUNA_SECRET beats FAUNA_SECRET_KEY',
      { env: { FAUNA_SECRET_KEY: 'fnKey' }, files: [dotenv('FAUNA_SECRET=fnDot')] },
      'fnDot',
      'FAUNA_SECRET in .env',
    ],
    ['an empty variable is no secret', { env: { FAUNA_SECRET: '' } }, null, null],
    [
      'a profile secret, last',
      { files: [yaml('dev:\n  secret: fnProfile\n')] },
      'fnProfile',
      "fauna.config.yaml profile 'dev' (secret)",
    ],
  ];
  for (const [name, over, value, source] of table) {
    it(name, () => {
      const s = resolveFaunaSettings(input(over));
      assert.deepEqual(s.secret, value === null ? null : { value, source });
    });
  }
  it('warns about a secret in a plain config file, without the secret', () => {
    const s = resolveFaunaSettings(
      input({ files: [yaml('dev:\n  secret: fnProfileSECRET\n')], env: { FAUNA_SECRET: 'fnEnv' } }),
    );
    assert.equal(s.secret?.value, 'fnEnv');
    assert.deepEqual(s.warnings, [
      "fauna.config.yaml profile 'dev' holds a secret in a plain file; prefer FAUNA_SECRET in the environment",
    ]);
  });
  it('no warning ever holds a secret, whatever the files', () => {
    const SECRET = 'fnSECRETSECRET';
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        const s = resolveFaunaSettings(
          input({
            files: [
              yaml(`${a}\nx:\n  secret: ${SECRET}${b}\n  url: ${SECRET}\n${c}`),
              dotenv(`${a}${SECRET}\nFAUNA_URL=${SECRET}\n${b}`),
              project(`${SECRET}\n${c}`),
            ],
            env: { FAUNA_ENDPOINT: `https://${SECRET}@` },
            flyEnv: { FAUNA_ENDPOINT: `${SECRET}:x` },
          }),
        );
        return [...s.warnings, s.group?.source ?? '', s.endpoint?.source ?? ''].every(
          (w) => !w.includes(SECRET),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('fauna settings: bad input gives warnings', () => {
  const table: Array<[string, Partial<FaunaSettingsInput>, string[]]> = [
    [
      'a bad --group',
      { flags: { group: 'asia' } },
      ["--group 'asia' is not a Region Group (us, eu, global); ignored"],
    ],
    [
      'invalid YAML',
      { files: [yaml('dev:\n  database: [eu\n')] },
      ['fauna.config.yaml is not valid YAML/JSON (line 3, column 1); it was ignored'],
    ],
    [
      'a config that is a list',
      { files: [yaml('- a\n- b\n')] },
      ['fauna.config.yaml should map profile names to settings; it was ignored'],
    ],
    [
      'two config files',
      { files: [yaml('a:\n  database: eu/x\n'), { name: 'fauna.config.json', text: '{}' }] },
      [
        'found fauna.config.yaml and fauna.config.json: the Fauna CLI refuses more than one config file, so none is used; keep one',
      ],
    ],
    [
      'several profiles, none chosen',
      { files: [yaml('a:\n  database: eu/x\nb:\n  database: us/y\n')] },
      [
        "fauna.config.yaml has profiles 'a', 'b' and none is chosen: pass --profile or set FAUNA_PROFILE",
      ],
    ],
    [
      'a missing profile',
      { flags: { profile: 'prod' }, files: [yaml('a:\n  database: eu/x\n')] },
      ["--profile names profile 'prod', which fauna.config.yaml does not have (it has 'a')"],
    ],
    [
      'a bad endpoint',
      { flyEnv: { FAUNA_ENDPOINT: 'not a url' } },
      ['FAUNA_ENDPOINT in fly.toml [env] is not an http(s) URL; ignored'],
    ],
    [
      'bad .env lines',
      { files: [dotenv('GOOD=1\nthis is not\n=x\n')] },
      ['.env line 2, 3 is not KEY=VALUE; ignored'],
    ],
    [
      'a .fauna-project default without its section',
      { files: [project('default=prod\n')] },
      [".fauna-project default 'prod' has no [environment.prod] section"],
    ],
  ];
  for (const [name, over, want] of table) {
    it(name, () => {
      const s = resolveFaunaSettings(input(over));
      assert.deepEqual(s.warnings, want);
      assert.equal(s.group, null);
    });
  }
  it('never throws on any file text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        resolveFaunaSettings(
          input({
            files: [yaml(a), dotenv(b), project(c)],
            flags: { group: a, footprint: [b] },
            env: { FAUNA_ENDPOINT: c },
          }),
        );
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('fauna settings: helpers', () => {
  it('normalizeRegionGroup is re-exported', () =>
    assert.equal(normalizeRegionGroup('EU-STD'), 'eu'));
  const paths: Array<[string, string | null]> = [
    ['eu/shop', 'eu'],
    ['us-std/a/b', 'us'],
    ['classic/x', 'global'],
    ['shop', null],
    ['eu', null],
    ['asia/x', null],
    ['/eu/x', 'eu'],
  ];
  for (const [p, g] of paths)
    it(`groupOfDatabasePath(${p}) = ${g}`, () => assert.equal(groupOfDatabasePath(p), g));

  const endpoints: Array<[string, ReturnType<typeof endpointInfo>]> = [
    ['https://db.eu.fauna.com', { ok: true, host: 'db.eu.fauna.com', group: 'eu' }],
    ['https://DB.US.FAUNA.COM:443/query/1', { ok: true, host: 'db.us.fauna.com', group: 'us' }],
    ['db.us.fauna.com', { ok: true, host: 'db.us.fauna.com', group: 'us' }],
    ['https://db.fauna.com', { ok: true, host: 'db.fauna.com', group: null }],
    ['http://localhost:8443', { ok: true, host: 'localhost', group: null }],
    ['https://user:pw@db.eu.fauna.com', { ok: true, host: 'db.eu.fauna.com', group: 'eu' }],
    ['http://[::1]:8443', { ok: true, host: '[::1]', group: null }],
    ['ftp://db.eu.fauna.com', { ok: false }],
    ['not a url', { ok: false }],
    ['https://host:99999', { ok: false }],
    ['', { ok: false }],
  ];
  for (const [e, want] of endpoints)
    it(`endpointInfo(${JSON.stringify(e)})`, () => assert.deepEqual(endpointInfo(e), want));

  it('parses .env like dotenv', () => {
    const text = [
      '# comment',
      'export A=1',
      'B = two words # comment',
      "C='single # not a comment'",
      'D="line\\nbreak \\"q\\""',
      'E="multi',
      'line"',
      'F=url#frag',
      'A=last wins',
      'EMPTY=',
      '\r',
    ].join('\r\n');
    assert.deepEqual(parseDotenv(text), {
      vars: {
        A: 'last wins',
        B: 'two words',
        C: 'single # not a comment',
        D: 'line\nbreak "q"',
        E: 'multi\nline',
        F: 'url#frag',
        EMPTY: '',
      },
      badLines: [],
    });
    assert.deepEqual(parseDotenv('X="unterminated\nY=1'), { vars: { Y: '1' }, badLines: [1] });
  });
  it('parses INI like the ini package writes it', () => {
    assert.deepEqual(
      parseIni(
        'schema_directory=schema\ndefault = dev\n; c\n[environment.dev]\nendpoint=cloud-us-std\ndatabase="my_app"\n[__proto__]\nx=1\n',
      ),
      {
        sections: {
          '': { schema_directory: 'schema', default: 'dev' },
          'environment.dev': { endpoint: 'cloud-us-std', database: 'my_app' },
          ['__proto__']: { x: '1' },
        },
        badLines: [],
      },
    );
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
