import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { stripAnsi } from '../../../src/core/flyctl/ansi';
import {
  deployArgs,
  scaleCountArgs,
  secretsSetFromStdinArgs,
  shellQuote,
} from '../../../src/core/flyctl/argv';
import {
  classifyFlyctlFailure,
  flyctlErrorLine,
  type FlyctlFailure,
} from '../../../src/core/flyctl/errors';

const argv = ['machines', 'list', '--json', '-a', 'my-app'];

describe('core/flyctl errors: classifyFlyctlFailure', () => {
  // Messages as flyctl prints them (research/fly.md §3.0, §3.1, §3.8, §2.4).
  const table: Array<[string, Partial<FlyctlFailure>, string, RegExp, RegExp]> = [
    [
      'ENOENT',
      { spawnErrorCode: 'ENOENT', flyctlPath: '/opt/x/flyctl' },
      'not-installed',
      /not found at '\/opt\/x\/flyctl'/,
      /Install flyctl.*flyFauna\.flyctlPath.*--flyctl/,
    ],
    [
      'EACCES',
      { spawnErrorCode: 'EACCES' },
      'not-executable',
      /cannot be executed \(EACCES\)/,
      /chmod \+x/,
    ],
    [
      'aborted',
      { aborted: true, exitCode: null },
      'cancelled',
      /flyctl machines list was cancelled/,
      /again/,
    ],
    [
      'timed out',
      { timedOut: true, timeoutMs: 20000 },
      'timeout',
      /did not finish within 20 s/,
      /network/,
    ],
    [
      'no access token',
      {
        exitCode: 1,
        stderr: "Error: no access token available. Please login with 'flyctl auth login'\n",
      },
      'not-logged-in',
      /^no access token available\. Please login with 'flyctl auth login'$/,
      /fly auth login.*FLY_API_TOKEN/,
    ],
    [
      'no complete releases',
      {
        exitCode: 1,
        stderr:
          'Error: this app has no complete releases. Run `fly deploy` to create one and rerun this command\n',
      },
      'no-releases',
      /^this app has no complete releases/,
      /[Dd]eploy first/,
    ],
    [
      'machines API app not found',
      { exitCode: 1, stderr: 'Error: failed to list VMs: app not found (Request ID: 01J-iad)\n' },
      'app-not-found',
      /^failed to list VMs: app not found/,
      /--app/,
    ],
    [
      'GraphQL app not found',
      { exitCode: 1, stderr: 'Error: Could not find App "shop"\n' },
      'app-not-found',
      /^Could not find App "shop"$/,
      /fly\.toml/,
    ],
    [
      'missing app name',
      {
        exitCode: 1,
        stderr:
          'Error: the config for your app is missing an app name, add an app field to the fly.toml file or specify with the -a flag\n',
      },
      'app-not-found',
      /missing an app name/,
      /--app/,
    ],
    [
      'capacity, by suggestion line',
      {
        exitCode: 1,
        stderr:
          'Error: failed to launch VM: aborted: insufficient resources available to fulfill request\n\nTry choosing a different region for machine creation\n',
      },
      'insufficient-capacity',
      /^failed to launch VM/,
      /another region/,
    ],
    [
      'capacity, by status',
      {
        exitCode: 1,
        stderr:
          'Error: failed to launch VM: {"error":"no room","status":"insufficient_capacity"}\n',
      },
      'insufficient-capacity',
      /failed to launch VM/,
      /another region/,
    ],
    [
      'flyctl interrupted (127)',
      { exitCode: 127, stderr: 'Error: context canceled\n' },
      'cancelled',
      /^context canceled$/,
      /again/,
    ],
    [
      'flyctl deadline (126)',
      { exitCode: 126, stderr: 'Error: context deadline exceeded\n' },
      'timeout',
      /^context deadline exceeded$/,
      /network/,
    ],
    [
      'shim: command not found (127)',
      { exitCode: 127, stderr: '/usr/local/bin/fly: line 2: flyctl: command not found\n' },
      'not-installed',
      /command not found/,
      /Install flyctl/,
    ],
    [
      'shim: permission denied (126)',
      { exitCode: 126, stderr: 'env: ‘flyctl’: Permission denied\n' },
      'not-executable',
      /Permission denied/,
      /chmod/,
    ],
    [
      'crash',
      { exitCode: 3, stderr: 'panic: runtime error: invalid memory address\n' },
      'failed',
      /crashed \(exit code 3\)/,
      /update it/,
    ],
    [
      'other error',
      { exitCode: 1, stderr: 'WARN something\nError: unknown flag: --frob\n' },
      'failed',
      /^unknown flag: --frob$/,
      /--debug/,
    ],
    [
      'no Error: line',
      { exitCode: 1, stderr: 'something odd\nlast words\n' },
      'failed',
      /^last words$/,
      /--debug/,
    ],
    [
      'silent failure',
      { exitCode: 1, stderr: '' },
      'failed',
      /flyctl machines list failed with exit code 1/,
      /--debug/,
    ],
    [
      'bad output',
      { exitCode: 0, badOutput: { detail: "it printed 'hello'" } },
      'bad-output',
      /it printed 'hello'/,
      /upgrade/,
    ],
    [
      'coloured Error:',
      {
        exitCode: 1,
        stderr:
          "\u001b[31mError:\u001b[0m no access token available. Please login with 'flyctl auth login'\n",
      },
      'not-logged-in',
      /^no access token/,
      /login/,
    ],
  ];
  for (const [name, failure, kind, message, next] of table) {
    it(name, () => {
      const c = classifyFlyctlFailure({ argv, ...failure });
      assert.equal(c.kind, kind);
      assert.match(c.message, message);
      assert.match(c.nextStep, next);
      assert.ok(!c.message.includes('\u001b') && !c.message.includes('\n'), c.message);
    });
  }

  it('never throws, always one line', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.integer({ min: -1, max: 255 })), (stderr, exitCode) => {
        const c = classifyFlyctlFailure({ argv, stderr, exitCode });
        assert.ok(c.message.length > 0 && !/[\n\r]/.test(c.message));
      }),
    );
  });

  it('names the command by its words before the first flag', () => {
    const name = (a: string[]) => classifyFlyctlFailure({ argv: a, aborted: true }).message;
    assert.equal(name(['deploy', '-c', '/p/fly.toml', '-a', 'x']), 'flyctl deploy was cancelled');
    assert.equal(name(['machines', 'list', '--json']), 'flyctl machines list was cancelled');
    assert.equal(
      name(['scale', 'count', '1', '--region', 'lhr']),
      'flyctl scale count was cancelled',
    );
  });

  it('flyctlErrorLine takes the first Error: line', () => {
    assert.equal(
      flyctlErrorLine('x\nError: one (Request ID: 1)\nError: two\n'),
      'one (Request ID: 1)',
    );
    assert.equal(flyctlErrorLine('no error here'), null);
  });
});

describe('core/flyctl ansi', () => {
  const cases: Array<[string, string]> = [
    ['\u001b[32m✓\u001b[0m Configuration is valid', '✓ Configuration is valid'],
    ['\u001b[1;31mError:\u001b[22;39m bad', 'Error: bad'],
    ['\u001b]8;;https://fly.io\u0007link\u001b]8;;\u0007', 'link'],
    ['\u001b[2K\u001b[1Gprogress', 'progress'],
    ['plain text', 'plain text'],
    ['\u009b31mred', 'red'],
  ];
  for (const [input, want] of cases)
    it(JSON.stringify(input), () => assert.equal(stripAnsi(input), want));
});

describe('core/flyctl argv', () => {
  it('scale count: one region, -y, optional group', () => {
    assert.deepEqual(scaleCountArgs({ app: 'a', region: 'lhr', count: 2 }), [
      'scale',
      'count',
      '2',
      '--region',
      'lhr',
      '-a',
      'a',
      '-y',
    ]);
    assert.deepEqual(scaleCountArgs({ app: 'a', region: 'fra', count: 0, processGroup: 'web' }), [
      'scale',
      'count',
      '0',
      '--region',
      'fra',
      '-a',
      'a',
      '-y',
      '--process-group',
      'web',
    ]);
    assert.throws(() => scaleCountArgs({ app: 'a', region: 'lhr,fra', count: 1 }), /region/);
    assert.throws(() => scaleCountArgs({ app: 'a', region: 'lhr', count: -1 }), /whole number/);
  });
  it('secrets set reads from stdin', () => {
    assert.deepEqual(secretsSetFromStdinArgs({ name: 'FAUNA_SECRET', app: 'a' }), [
      'secrets',
      'set',
      'FAUNA_SECRET=-',
      '-a',
      'a',
    ]);
    assert.throws(() => secretsSetFromStdinArgs({ name: 'A=B', app: 'a' }));
  });
  it('deploy', () => {
    assert.deepEqual(
      deployArgs({ config: '/p/fly.toml', app: 'a', extra: ['--strategy', 'immediate'] }),
      ['deploy', '-c', '/p/fly.toml', '-a', 'a', '--strategy', 'immediate'],
    );
  });
  it('shellQuote', () => {
    assert.equal(
      shellQuote(['/usr/bin/flyctl', 'scale', 'count', '1', '--region', 'lhr']),
      '/usr/bin/flyctl scale count 1 --region lhr',
    );
    assert.equal(shellQuote(['/My Apps/fly', "it's", '']), `'/My Apps/fly' 'it'\\''s' ''`);
  });
});

describe('core/flyctl shellQuote through a real POSIX shell', () => {
  it('the shell reads back exactly the argv (what plan prints can be pasted)', () => {
    // One sh per sample keeps it honest; 25 samples keep it quick.
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\u0000')),
          { maxLength: 6 },
        ),
        (args) => {
          const r = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${shellQuote(args)}`], {
            encoding: 'utf8',
          });
          assert.equal(r.status, 0, r.stderr);
          const back = args.length ? r.stdout.split('\u0000').slice(0, -1) : [];
          assert.deepEqual(back, args);
        },
      ),
      { numRuns: 25 },
    );
  });
});
