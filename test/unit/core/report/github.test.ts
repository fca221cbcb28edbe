import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import '../../../../src/cli/commands/index';
import { run } from '../../../../src/cli/run';
import type { CheckReport } from '../../../../src/core/check';
import { escapeData, escapeProperty, toGithubCommands } from '../../../../src/core/report/github';
import { memoryIo } from '../../../helpers/io';

const repo = path.resolve(__dirname, '../../../..');
const base: Omit<CheckReport, 'findings' | 'file'> = {
  app: null,
  primaryRegion: null,
  regionGroup: null,
  footprint: [],
  deployed: null,
  missingRegions: [],
  extraRegions: [],
};

describe('check --format github', () => {
  it('escapes data and properties as actions/toolkit does', () => {
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeData('a:b,c'), 'a:b,c');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  });

  it('one command per finding, severity per level, 1-based place, escaped', () => {
    const out = toGithubCommands([
      {
        ...base,
        file: 'apps/a,b/fly.toml',
        findings: [
          {
            code: 'toml-syntax',
            severity: 'error',
            message: 'bad\nline: 100%',
            range: { start: { line: 0, character: 4 }, end: { line: 1, character: 0 } },
          },
          {
            code: 'unknown-key',
            severity: 'warning',
            message: 'w',
            range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
          },
          { code: 'region-group-unset', severity: 'info', message: 'set one', range: null },
        ],
      },
    ]);
    assert.equal(
      out,
      '::error file=apps/a%2Cb/fly.toml,line=1,col=5,endLine=2,endColumn=1,title=toml-syntax::bad%0Aline: 100%25\n' +
        '::warning file=apps/a%2Cb/fly.toml,line=3,col=1,endLine=3,endColumn=6,title=unknown-key::w\n' +
        '::notice file=apps/a%2Cb/fly.toml,title=region-group-unset::set one\n',
    );
  });

  it('the CLI prints the example project findings as workflow commands', async () => {
    const io = memoryIo({ env: {}, cwd: repo });
    const code = await run(['check', 'examples/demo', '--offline', '--format', 'github'], io);
    assert.equal(code, 0);
    assert.equal(
      io.out(),
      '::warning file=examples/demo/fly.toml,line=6,col=18,endLine=6,endColumn=23,title=region-outside-group::primary_region "sjc" is not next to the EU Region Group (lhr, arn, fra); nearest: lhr\n',
    );
  });
});
