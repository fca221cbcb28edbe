import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/**
 * The CLI as a user gets it: build, `npm pack`, install the tarball in an empty project
 * (dependencies from the npm registry), run `npx fly-fauna check` there. Slow (a real
 * npm install), hence its own file and timeout.
 */
describe('npm pack: the installed fly-fauna CLI', function () {
  this.timeout(300_000);
  let installDir = '';

  before(() => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: repo, stdio: 'pipe' });
    const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-pack-'));
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', packDir], {
      cwd: repo,
      encoding: 'utf8',
    });
    const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
    installDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-install-'));
    execFileSync(npm, ['init', '-y'], { cwd: installDir, stdio: 'pipe' });
    execFileSync(
      npm,
      ['install', '--no-audit', '--no-fund', path.join(packDir, path.basename(filename))],
      { cwd: installDir, stdio: 'pipe' },
    );
  });

  it('ships the CLI bundle, no sources or tests, with an executable bin', () => {
    const pkgDir = path.join(installDir, 'node_modules', 'fly-fauna');
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: pkgDir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    assert.deepEqual(files, ['./LICENSE', './README.md', './dist/cli.js', './package.json']);
    assert.ok(!fs.existsSync(path.join(pkgDir, 'src')));
    assert.ok(!fs.existsSync(path.join(pkgDir, 'test')));
    assert.ok(
      fs.statSync(path.join(pkgDir, 'dist/cli.js')).mode & 0o111,
      'dist/cli.js is executable',
    );
    for (const dep of ['fauna', 'yaml', 'toml-eslint-parser'])
      assert.ok(fs.existsSync(path.join(installDir, 'node_modules', dep)), `${dep} installed`);
  });

  it('npx fly-fauna check works outside the repo', () => {
    fs.writeFileSync(
      path.join(installDir, 'fly.toml'),
      'app = "packed"\nprimary_region = "sjc"\n[env]\n  FAUNA_ENDPOINT = "https://db.eu.fauna.com"\n',
    );
    const res = spawnSync(
      npx,
      ['--no-install', 'fly-fauna', 'check', 'fly.toml', '--offline', '--format', 'json'],
      {
        cwd: installDir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    assert.equal(res.status, 0, res.stderr);
    const doc = JSON.parse(res.stdout) as {
      file: string;
      app: string;
      footprint: string[];
      findings: Array<{ code: string }>;
    };
    assert.equal(doc.file, 'fly.toml');
    assert.equal(doc.app, 'packed');
    assert.deepEqual(doc.footprint, ['lhr', 'arn', 'fra']);
    assert.deepEqual(
      doc.findings.map((f) => f.code),
      ['region-outside-group'],
    );
    const bad = spawnSync(npx, ['--no-install', 'fly-fauna', 'check', 'nowhere', '--offline'], {
      cwd: installDir,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
  });
});
