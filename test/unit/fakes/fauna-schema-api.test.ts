import { strict as assert } from 'node:assert';
import * as http2 from 'node:http2';
import { multipartBody } from '../../../src/core/fauna/schema';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';

/** The test server's schema API answers as the core does (SchemaEndpoint.scala). */
describe('test server: schema HTTP API', () => {
  let server: FaunaTestServer;
  before(async () => {
    server = await startFaunaServer();
  });
  after(() => server.close());

  function call(
    method: string,
    path: string,
    opts: { secret?: string; type?: string; body?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const s = http2.connect(server.url);
      s.on('error', reject);
      const headers: http2.OutgoingHttpHeaders = {
        ':method': method,
        ':path': path,
        authorization: `Bearer ${opts.secret ?? 'secret'}`,
      };
      if (opts.type) headers['content-type'] = opts.type;
      const req = s.request(headers);
      let status = 0;
      const chunks: Buffer[] = [];
      req.on('response', (h) => (status = Number(h[':status'])));
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        s.close();
        resolve({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      });
      req.end(opts.body);
    });
  }
  const upload = (path: string, files: Array<{ name: string; content: string }>, secret?: string) =>
    call('POST', path, {
      type: 'multipart/form-data; boundary=XX',
      body: multipartBody(files, 'XX'),
      ...(secret ? { secret } : {}),
    });

  it('seeds main.fsl per database and lists it with a version in micros', async () => {
    const r = await call('GET', '/schema/1/files');
    assert.equal(r.status, 200);
    const body = r.body as { version: number; files: unknown };
    assert.deepEqual(body.files, [{ filename: 'main.fsl' }]);
    assert.ok(body.version > 1.7e15);
    const child = await call('GET', '/schema/1/files/main.fsl', { secret: 'secret:staging:admin' });
    assert.match(
      (child.body as { content: string }).content,
      /^collection Product \{\n {2}history_days 0\n\}/,
    );
  });

  it('answers the core error shapes: 404, 405, 401, 403, 400 for a non-multipart body', async () => {
    assert.deepEqual(await call('GET', '/schema/1/files/nope.fsl'), {
      status: 404,
      body: { error: { message: 'Not found' } },
    });
    assert.equal((await call('GET', '/schema/1/update')).status, 405);
    assert.equal((await call('GET', '/schema/1/files', { secret: 'bad' })).status, 401);
    const ro = await upload('/schema/1/update', [], 'secret:server-readonly');
    assert.deepEqual(ro, { status: 403, body: { error: { message: 'Access denied' } } });
    const noBoundary = await call('POST', '/schema/1/diff', {
      type: 'multipart/form-data;',
      body: 'x',
    });
    assert.deepEqual(noBoundary, {
      status: 400,
      body: { error: { message: 'Request is not a valid multipart request' } },
    });
    const badName = await upload('/schema/1/diff', [{ name: 'x.txt', content: '' }]);
    assert.deepEqual(badName.body, { error: { message: 'Invalid filename `x.txt`' } });
  });

  it('checks the version: stale is 409, force skips it; update answers the new version', async () => {
    const v = (await call('GET', '/schema/1/files', { secret: 'secret:tenants:admin' })).body as {
      version: number;
    };
    const files = [{ name: 'main.fsl', content: 'collection A {}\n' }];
    const stale = await upload(
      `/schema/1/update?version=${v.version - 1}`,
      files,
      'secret:tenants:admin',
    );
    assert.deepEqual(stale, {
      status: 409,
      body: { error: { message: 'Stale schema version provided' } },
    });
    const ok = await upload(`/schema/1/update?version=${v.version}`, files, 'secret:tenants:admin');
    assert.equal(ok.status, 200);
    assert.ok((ok.body as { version: number }).version > v.version);
    const forced = await upload(
      '/schema/1/update?version=1&force=true',
      files,
      'secret:tenants:admin',
    );
    assert.equal(forced.status, 200);
  });

  it('renders FSL errors as the core does and a textual diff per file', async () => {
    const bad = await upload('/schema/1/diff', [
      { name: 'main.fsl', content: 'collection A {\n' },
      { name: 'foo.fsl', content: 'bar?' },
    ]);
    assert.equal(bad.status, 400);
    assert.equal(
      (bad.body as { error: { message: string } }).error.message,
      'error: Missing matching `}`\nat main.fsl:1:14\n  |\n1 | collection A {\n  |              ^\n  |\n' +
        'error: Invalid schema item `bar`\nat foo.fsl:1:1\n  |\n1 | bar?\n  | ^^^\n  |',
    );
    const d = await upload(
      '/schema/1/diff?format=textual',
      [{ name: 'b.fsl', content: 'function b() { 1 }' }],
      'secret:tenants/acme:admin',
    );
    assert.match(
      (d.body as { diff: string }).diff,
      /^b\.fsl\n@ line 1 to 1\n\+ function b\(\) \{ 1 \}\n\nmain\.fsl\n@ line 1 to 1\n- collection Invoice \{/,
    );
  });
});
