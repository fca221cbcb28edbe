import { strict as assert } from 'node:assert';
import {
  MalformedResponse,
  changedFiles,
  changesText,
  errorMessage,
  multipartBody,
  parseDiff,
  parseFileContent,
  parseFileList,
  parseStagedStatus,
  parseVersion,
  resolveSchemaDir,
} from '../../../../src/core/fauna/schema';

describe('core schema: folder discovery', () => {
  const f = (name: string, text: string) => ({ name: `/p/${name}`, text });
  it('--dir wins over every file', () => {
    const r = resolveSchemaDir({
      flag: 'mine',
      files: [f('.fauna-project', 'schema_directory=fsl\n')],
    });
    assert.deepEqual(r, { dir: 'mine', source: '--dir' });
  });
  it('.fauna-project schema_directory (Fauna CLI v3)', () => {
    const r = resolveSchemaDir({
      files: [f('.fauna-project', 'schema_directory=fsl\ndefault=dev\n')],
    });
    assert.deepEqual(r, { dir: 'fsl', source: '.fauna-project schema_directory=fsl' });
  });
  it('a fauna.config.yaml profile fsl-directory (default, the only one, or the one named)', () => {
    const yaml = 'dev:\n  fsl-directory: ./db\nprod:\n  dir: ./prod-db\n';
    assert.equal(resolveSchemaDir({ files: [f('fauna.config.yaml', yaml)] }).dir, 'schema');
    assert.deepEqual(resolveSchemaDir({ files: [f('fauna.config.yaml', yaml)], profile: 'prod' }), {
      dir: './prod-db',
      source: "fauna.config.yaml profile 'prod' (dir: ./prod-db)",
    });
    const one = resolveSchemaDir({ files: [f('fauna.config.yml', 'dev:\n  fslDirectory: x\n')] });
    assert.equal(one.dir, 'x');
    const def = resolveSchemaDir({
      files: [f('fauna.config.json', '{"default":{"directory":"d"},"b":{"dir":"e"}}')],
    });
    assert.equal(def.dir, 'd');
  });
  it('defaults to schema/ (also for broken files)', () => {
    for (const files of [[], [f('fauna.config.yaml', ': : [')], [f('.fauna-project', '[x\n')]]) {
      assert.deepEqual(resolveSchemaDir({ files }), { dir: 'schema', source: 'default (schema/)' });
    }
  });
});

describe('core schema: API responses', () => {
  it('parses the file list, a file, a diff, a version and the staged status', () => {
    assert.deepEqual(parseFileList({ version: 5, files: [{ filename: 'main.fsl' }] }), {
      version: 5,
      files: ['main.fsl'],
    });
    assert.deepEqual(parseFileContent({ version: 5, content: 'x' }), { version: 5, content: 'x' });
    assert.deepEqual(parseDiff({ version: 5, diff: '' }), { version: 5, diff: '' });
    assert.equal(parseVersion({ version: 9 }), 9);
    assert.deepEqual(parseStagedStatus({ version: 1, status: 'none' }), {
      version: 1,
      status: 'none',
      pendingSummary: '',
      diff: '',
    });
    assert.equal(
      parseStagedStatus({ version: 1, status: 'pending', pending_summary: 's', diff: 'd' })
        .pendingSummary,
      's',
    );
  });
  it('throws MalformedResponse for other shapes', () => {
    const bad: Array<[(b: unknown) => unknown, unknown]> = [
      [parseFileList, null],
      [parseFileList, { version: 1 }],
      [parseFileList, { version: 1, files: [{}] }],
      [parseFileList, { files: [] }],
      [parseFileContent, { version: 1 }],
      [parseDiff, { version: '1', diff: '' }],
      [parseVersion, []],
      [parseStagedStatus, { version: 1, status: 'done' }],
    ];
    for (const [fn, body] of bad)
      assert.throws(() => fn(body), MalformedResponse, JSON.stringify(body));
  });
  it('reads the error message of {error:{message}} only', () => {
    assert.equal(
      errorMessage({ error: { message: 'Stale schema version provided' } }),
      'Stale schema version provided',
    );
    assert.equal(errorMessage({ error: 'x' }), null);
    assert.equal(errorMessage('x'), null);
  });
});

describe('core schema: changes and the upload body', () => {
  it('lists added, changed and removed files, sorted; CRLF equals LF', () => {
    const local = [
      { name: 'b.fsl', content: 'x\r\n' },
      { name: 'a.fsl', content: 'new' },
      { name: 'c.fsl', content: 'same' },
    ];
    const remote = [
      { name: 'b.fsl', content: 'x\n' },
      { name: 'c.fsl', content: 'other' },
      { name: 'd.fsl', content: 'gone' },
    ];
    const changes = changedFiles(local, remote);
    assert.deepEqual(changes, [
      { name: 'a.fsl', kind: 'added' },
      { name: 'c.fsl', kind: 'changed' },
      { name: 'd.fsl', kind: 'removed' },
    ]);
    assert.equal(changesText(changes), '+ a.fsl\n~ c.fsl\n- d.fsl\n');
  });
  it('builds one form-data part per file, named by its path', () => {
    const body = multipartBody(
      [
        { name: 'main.fsl', content: 'collection A {}' },
        { name: 'app/b.fsl', content: 'function b() { 1 }' },
      ],
      'B',
    );
    assert.equal(
      body,
      '--B\r\nContent-Disposition: form-data; name="main.fsl"; filename="main.fsl"\r\nContent-Type: application/octet-stream\r\n\r\ncollection A {}\r\n' +
        '--B\r\nContent-Disposition: form-data; name="app/b.fsl"; filename="app/b.fsl"\r\nContent-Type: application/octet-stream\r\n\r\nfunction b() { 1 }\r\n--B--\r\n',
    );
  });
});
