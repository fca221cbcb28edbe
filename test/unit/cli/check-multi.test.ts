import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import '../../../src/cli/commands/index';
import { run } from '../../../src/cli/run';
import { memoryIo } from '../../helpers/io';

const repo = path.resolve(__dirname, '../../..');

/** apps/ok (clean, warning only), apps/bad (an error finding), as a monorepo has them. */
function monorepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-multi-'));
  const write = (p: string, t: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), t);
  };
  write('apps/ok/fly.toml', 'app = "ok"\nprimary_region = "lhr"\n');
  write('apps/bad/fly.toml', 'app = "bad"\nprimary_region = "zzz"\n');
  return dir;
}

async function check(args: string[], cwd: string) {
  const io = memoryIo({ env: {}, cwd });
  const code = await run(['check', '--offline', '--group', 'eu', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('cli check: several paths', () => {
  it('json prints an array in the order given; the exit code is the worst', async () => {
    const dir = monorepo();
    const res = await check(['apps/ok', 'apps/bad', '--format', 'json'], dir);
    assert.equal(res.code, 1);
    const docs = JSON.parse(res.out) as Array<{ file: string; findings: Array<{ code: string }> }>;
    assert.deepEqual(
      docs.map((d) => d.file),
      ['apps/ok/fly.toml', 'apps/bad/fly.toml'],
    );
    assert.deepEqual(docs[0].findings, []);
    assert.deepEqual(
      docs[1].findings.map((f) => f.code),
      ['region-unknown'],
    );
    // Each alone: the same documents, one object each.
    const one = await check(['apps/ok', '--format', 'json'], dir);
    assert.equal(one.code, 0);
    assert.deepEqual(JSON.parse(one.out), docs[0]);
  });

  it('an unreadable path exits 2 and the others are still checked', async () => {
    const dir = monorepo();
    const res = await check(['apps/ok', 'apps/missing', 'apps/bad', '--format', 'json'], dir);
    assert.equal(res.code, 2);
    assert.match(res.err, /^fly-fauna check: apps\/missing does not exist\n$/);
    const docs = JSON.parse(res.out) as Array<{ file: string }>;
    assert.deepEqual(
      docs.map((d) => d.file),
      ['apps/ok/fly.toml', 'apps/bad/fly.toml'],
    );
  });

  it('text prints one report per path; github one line per finding of every path', async () => {
    const dir = monorepo();
    const text = await check(['apps/ok', 'apps/bad'], dir);
    assert.equal(text.code, 1);
    assert.match(
      text.out,
      /^fly-fauna check apps\/ok\/fly.toml\n[\s\S]*\nfly-fauna check apps\/bad\/fly.toml\n/,
    );
    assert.match(text.out, /^apps\/bad\/fly.toml:2:18 error region-unknown /m);
    const gh = await check(['apps/ok', 'apps/bad', '--format', 'github'], dir);
    assert.equal(gh.code, 1);
    assert.match(
      gh.out,
      /^::error file=apps\/bad\/fly.toml,line=2,col=18,endLine=2,endColumn=23,title=region-unknown::/,
    );
    assert.equal(gh.out.trim().split('\n').length, 1);
  });

  it('--app with several paths is a usage error (one name cannot be every app)', async () => {
    const dir = monorepo();
    const res = await check(['apps/ok', 'apps/bad', '--app', 'x'], dir);
    assert.equal(res.code, 2);
    assert.match(res.err, /^fly-fauna check: --app names one app; with several paths/);
    assert.equal(res.out, '');
  });

  it('plan says it takes one PATH', async () => {
    const io = memoryIo({ env: {}, cwd: repo });
    assert.equal(await run(['plan', 'a', 'b'], io), 2);
    assert.match(io.err(), /^fly-fauna plan: plan takes one PATH \(got 2\); run it once per app/);
  });
});

describe('the $fly-fauna problem matcher', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
    contributes: {
      problemMatchers: Array<{
        name: string;
        owner: string;
        pattern: {
          regexp: string;
          file: number;
          line: number;
          column: number;
          severity: number;
          code: number;
          message: number;
        };
      }>;
    };
  };
  const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'fly-fauna');

  it('matches every placed finding of the real text output, 1-based, and nothing else', async () => {
    assert.ok(matcher, 'package.json contributes the fly-fauna problem matcher');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-matcher-'));
    fs.writeFileSync(
      path.join(dir, 'fly.toml'),
      'app = "m"\nprimary_region = "zzz"\nkill_signal = "SIGFOO"\n[http_service]\n  internal_port = "80"\n  bogus = 1\n',
    );
    const text = await check(['.'], dir);
    const json = JSON.parse((await check(['.', '--format', 'json'], dir)).out) as {
      file: string;
      findings: Array<{
        code: string;
        severity: string;
        message: string;
        range: { start: { line: number; character: number } } | null;
      }>;
    };
    const re = new RegExp(matcher.pattern.regexp);
    const p = matcher.pattern;
    const matched = text.out.split('\n').flatMap((line) => {
      const m = re.exec(line);
      return m
        ? [
            {
              file: m[p.file],
              line: Number(m[p.line]),
              column: Number(m[p.column]),
              severity: m[p.severity],
              code: m[p.code],
              message: m[p.message],
            },
          ]
        : [];
    });
    const expected = json.findings
      .filter((f) => f.range !== null)
      .map((f) => ({
        file: json.file,
        line: f.range!.start.line + 1,
        column: f.range!.start.character + 1,
        severity: f.severity,
        code: f.code,
        message: f.message,
      }));
    assert.ok(expected.length >= 4, `findings: ${expected.length}`);
    assert.deepEqual(matched, expected);
  });
});
