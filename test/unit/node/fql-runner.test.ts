import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import type { FaunaTestServer } from '../../fakes/fauna-server/server';
import { startFaunaServer } from '../../fakes/fauna-server/server';
import type { QueryOutcome } from '../../../src/node/fauna/runner';
import { FaunaRunner } from '../../../src/node/fauna/runner';
import { toPlain } from '../../../src/core/fql/value';

const SECRET = 'fnAE-very-secret-key-1234';

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function ok(o: QueryOutcome) {
  if (!o.ok) throw new Error(`expected success, got ${o.error.code}: ${o.error.message}`);
  return o.result;
}
function err(o: QueryOutcome) {
  if (o.ok) throw new Error('expected an error');
  return o.error;
}

describe('FaunaRunner against the Fauna test server', () => {
  let server: FaunaTestServer;
  let runner: FaunaRunner;
  let conn: { endpoint: string; secret: string };

  before(async () => {
    server = await startFaunaServer({ secrets: [SECRET], readonlySecrets: ['ro-secret'] });
    conn = { endpoint: server.url, secret: SECRET };
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    runner = new FaunaRunner({ maxBackoffSeconds: 0.01 });
    server.requests.length = 0;
  });
  afterEach(() => runner.close());

  it('runs raw text as a template and sends the wire headers', async () => {
    const r = ok(await runner.run(conn, { query: '1 + 1', typecheck: true, timeoutMs: 1234 }));
    assert.deepEqual(r.data, { t: 'int', v: 2, text: '2' });
    assert.equal(r.staticType, 'Int');
    assert.equal(typeof r.txnTs, 'number');
    assert.equal(r.stats.compute_ops, 1);
    const req = server.requests[0];
    assert.equal(req.path, '/query/1');
    assert.equal(req.authorized, true);
    assert.equal(req.headers['x-format'], 'tagged');
    assert.equal(req.headers['x-typecheck'], 'true');
    assert.equal(req.headers['x-query-timeout-ms'], '1234');
    assert.deepEqual(req.body, { query: { fql: ['1 + 1'] } });
  });

  it('keeps ${...}, quotes and comments verbatim and sends tagged arguments', async () => {
    const text = 'x // ${notInterpolated} "q"';
    const r = ok(
      await runner.run(conn, { query: text, arguments: { x: { a: 1, b: [1.5, 'z'] } } }),
    );
    assert.deepEqual(toPlain(r.data), { a: 1, b: [1.5, 'z'] });
    const body = server.requests[0].body as { query: unknown; arguments: unknown };
    assert.deepEqual(body.query, { fql: [text] });
    assert.deepEqual(body.arguments, { x: { a: { '@int': '1' }, b: [{ '@double': '1.5' }, 'z'] } });
    assert.equal(server.requests[0].headers['x-typecheck'], undefined);
  });

  it('sends x-last-txn-ts after the first answer', async () => {
    ok(await runner.run(conn, { query: '1 + 1' }));
    ok(await runner.run(conn, { query: '1 + 1' }));
    assert.equal(server.requests[0].headers['x-last-txn-ts'], undefined);
    assert.match(server.requests[1].headers['x-last-txn-ts'] ?? '', /^\d+$/);
  });

  it('decodes a set page with documents, and pages on with the after cursor', async () => {
    const first = ok(await runner.run(conn, { query: 'Product.all().pageSize(5)' }));
    assert.equal(first.staticType, 'Set<Product>');
    const page = first.data as { t: string; data: unknown[]; after: string };
    assert.equal(page.t, 'page');
    assert.equal(page.data.length, 5);
    assert.ok(first.after);
    const plain = toPlain(first.data) as { data: Array<Record<string, unknown>>; after: string };
    assert.deepEqual(Object.keys(plain.data[0]).slice(0, 4), ['id', 'coll', 'ts', 'name']);
    assert.equal(plain.data[0].coll, 'Product');
    assert.equal(plain.data[0].price, 100);
    assert.equal(plain.data[0].created, '2025-01-02T00:00:00.000Z');
    // Document ids are 64-bit: they stay exact strings.
    assert.deepEqual(plain.data.map((d) => d.id).slice(0, 2), [
      '400000000000000001',
      '400000000000000002',
    ]);
    const next = ok(await runner.loadMore(conn, first.after));
    const body = server.requests[1].body as { query: { fql: unknown[] } };
    assert.deepEqual(body.query.fql, ['Set.paginate(', { value: first.after }, ')']);
    const nextPlain = toPlain(next.data) as { data: Array<{ name: string }> };
    assert.equal(nextPlain.data[0].name, 'Product 6');
  });

  it('undoes @object escapes of user keys that start with @', async () => {
    const id = server.addDocument('Escaped', { meta: { '@weird': 1, plain: { '@int': '2' } } });
    const r = ok(await runner.run(conn, { query: `Escaped.byId("${id}")` }));
    assert.deepEqual((toPlain(r.data) as { meta: unknown }).meta, { '@weird': 1, plain: 2 });
  });

  it('reports a missing document as a null document reference', async () => {
    const r = ok(await runner.run(conn, { query: 'Product.byId("nope")' }));
    assert.deepEqual(toPlain(r.data), {
      id: 'nope',
      coll: 'Product',
      exists: false,
      cause: 'not found',
    });
  });

  it('reuses one client per endpoint and secret, and replaces it when they change', async () => {
    ok(await runner.run(conn, { query: '1 + 1' }));
    const otherServer = await startFaunaServer({ secrets: ['other'] });
    try {
      ok(await runner.run({ endpoint: otherServer.url, secret: 'other' }, { query: '1 + 1' }));
      // A new client: no x-last-txn-ts carried over from the first endpoint.
      assert.equal(otherServer.requests[0].headers['x-last-txn-ts'], undefined);
      ok(await runner.run({ endpoint: otherServer.url, secret: 'other' }, { query: '1 + 1' }));
      assert.ok(otherServer.requests[1].headers['x-last-txn-ts']);
    } finally {
      runner.close();
      await otherServer.close();
    }
  });

  it('cancels an in-flight query at once and leaves nothing pending', async () => {
    const ac = new AbortController();
    const p = runner.run(conn, {
      query: '1 + 1 // @test:delay=10000',
      signal: ac.signal,
      timeoutMs: 20000,
    });
    await until(() => server.pending() === 1, 'the query to reach the server');
    ac.abort();
    const e = err(await p);
    assert.equal(e.code, 'cancelled');
    await until(() => server.pending() === 0, 'the server to see the stream reset');
    assert.equal(runner.active, 0);
    // The client still works after a cancel.
    ok(await runner.run(conn, { query: '1 + 1' }));
  });

  it('cancels during the throttling backoff without waiting for it', async () => {
    const slow = new FaunaRunner({ maxBackoffSeconds: 20 });
    try {
      const ac = new AbortController();
      const p = slow.run(conn, { query: '1 + 1 // @test:throttle=5', signal: ac.signal });
      await until(() => server.requests.length >= 1, 'the first try');
      ac.abort();
      assert.equal(err(await p).code, 'cancelled');
    } finally {
      slow.close();
    }
  });

  const faults: Array<[string, string, number | undefined, RegExp]> = [
    ['Product.all() // @test:fail=forbidden', 'forbidden', 403, /403 forbidden/],
    ['1 + 1 // @test:fail=internal_error', 'internal_error', 500, /internal error/],
    ['1 + 1 // @test:fail=time_out_440', 'time_out', 440, /timed out/],
    ['1 + 1 // @test:fail=time_out_503', 'time_out', 503, /timed out/],
    [
      '1 + 1 // @test:fail=limit_exceeded',
      'limit_exceeded',
      429,
      /retried 2 time\(s\) and gave up/,
    ],
    ['1 + 1 // @test:fail=empty', 'protocol', undefined, /empty response/],
    ['1 + 1 // @test:fail=notjson', 'protocol', undefined, /not Fauna JSON/],
  ];
  for (const [query, code, status, message] of faults) {
    it(`reports ${code} (${query.split('=')[1]})`, async () => {
      const e = err(await runner.run(conn, { query }));
      assert.equal(e.code, code);
      if (status !== undefined) assert.equal(e.httpStatus, status);
      assert.match(e.message, message);
    });
  }

  it('succeeds when the driver retries a throttled query within its attempts', async () => {
    const r = ok(await runner.run(conn, { query: '2 + 2 // @test:throttle=2' }));
    assert.equal(toPlain(r.data), 4);
    assert.equal(server.requests.length, 3);
  });

  it('times out on the server past x-query-timeout-ms', async () => {
    const e = err(await runner.run(conn, { query: '1 + 1 // @test:delay=2000', timeoutMs: 50 }));
    assert.equal(e.code, 'time_out');
    assert.equal(e.httpStatus, 440);
  });

  it('gives up on a server that never answers, at the query timeout plus the buffer', async () => {
    const quick = new FaunaRunner({ clientTimeoutBufferMs: 50 });
    try {
      const e = err(await quick.run(conn, { query: '1 + 1 // @test:hang=1', timeoutMs: 50 }));
      assert.equal(e.code, 'network');
      assert.match(e.message, /No answer from http:\/\/127\.0\.0\.1:\d+ within 100 ms/);
      await until(() => server.pending() === 0, 'the stream to be reset');
    } finally {
      quick.close();
    }
  });

  it('gives invalid_query its summary and 0-based position', async () => {
    const e = err(await runner.run(conn, { query: '\n  foo.bar()' }));
    assert.equal(e.code, 'invalid_query');
    assert.match(e.message, /validation check/);
    assert.match(e.summary, /Unbound variable `foo`/);
    assert.deepEqual(e.position, { line: 1, character: 2, length: 3 });
  });

  it('gives abort its value and summary', async () => {
    const e = err(await runner.run(conn, { query: 'abort({ "reason": "out of stock" })' }));
    assert.equal(e.code, 'abort');
    assert.match(e.message, /reason: "out of stock"/);
    assert.match(e.summary, /Query aborted/);
    assert.deepEqual(e.position?.line, 0);
  });

  it('names the endpoint, never the secret, on 401', async () => {
    const bad = 'fnWRONG-secret-value-999';
    const e = err(await runner.run({ endpoint: server.url, secret: bad }, { query: '1 + 1' }));
    assert.equal(e.code, 'unauthorized');
    assert.equal(e.httpStatus, 401);
    assert.ok(e.message.includes(server.url));
    assert.ok(!JSON.stringify(e).includes(bad));
  });

  it('says how to set a secret when there is none, and sends nothing', async () => {
    const e = err(
      await new FaunaRunner({ secretHint: 'set FAUNA_SECRET' }).run(
        { endpoint: server.url, secret: undefined },
        { query: '1 + 1' },
      ),
    );
    assert.equal(e.code, 'no_secret');
    assert.match(e.message, /set FAUNA_SECRET/);
    assert.equal(server.requests.length, 0);
  });

  it('reports a refused connection', async () => {
    const port = await freePort();
    const e = err(
      await runner.run(
        { endpoint: `http://127.0.0.1:${port}`, secret: SECRET },
        { query: '1 + 1' },
      ),
    );
    assert.equal(e.code, 'network');
    assert.match(e.message, /connection refused/);
  });

  it('reports a host name that does not resolve', async () => {
    const e = err(
      await runner.run(
        { endpoint: 'http://nowhere.invalid:8443', secret: SECRET },
        { query: '1 + 1', timeoutMs: 100 },
      ),
    );
    assert.equal(e.code, 'network');
    assert.match(e.message, /http:\/\/nowhere\.invalid:8443: the host name does not resolve/);
  });

  it('says hosted Fauna ended for db.fauna.com (no network needed: it cannot connect)', async () => {
    // Point the request at a refused port but keep the hostname check: the message is
    // about the endpoint's host, so use a URL whose host is db.fauna.com and whose
    // connection fails (no network here, and the service is gone).
    const e = err(
      await runner.run(
        { endpoint: 'https://db.fauna.com', secret: SECRET },
        { query: '1 + 1', timeoutMs: 100 },
      ),
    );
    assert.equal(e.code, 'network');
    assert.match(e.message, /ended on 2025-05-30/);
    assert.match(e.message, /--endpoint http:\/\/localhost:8443/);
  });

  it('cuts off a response larger than the cap and says so', async () => {
    const small = new FaunaRunner({ maxResponseBytes: 100_000 });
    try {
      const e = err(await small.run(conn, { query: '0 // @test:huge=500' }));
      assert.equal(e.code, 'too_large');
      assert.match(e.message, /larger than/);
      await until(() => server.pending() === 0, 'the stream to close');
    } finally {
      small.close();
    }
  });

  it('rejects a non-http endpoint with a clear message', async () => {
    const e = err(await runner.run({ endpoint: 'ftp://x', secret: SECRET }, { query: '1' }));
    assert.match(e.message, /not an http\(s\) URL/);
  });

  it('keeps the driver quiet even with FAUNA_DEBUG set (its debug log prints the Authorization header)', async () => {
    const saved = process.env.FAUNA_DEBUG;
    const logged: string[] = [];
    const methods = ['log', 'debug', 'info', 'warn', 'error', 'trace'] as const;
    const originals = methods.map((m) => console[m].bind(console));
    process.env.FAUNA_DEBUG = '0'; // TRACE: the most the driver logs
    methods.forEach((m) => {
      console[m] = (...a: unknown[]) => void logged.push(a.map(String).join(' '));
    });
    const loud = new FaunaRunner();
    try {
      ok(await loud.run(conn, { query: '1 + 1' }));
    } finally {
      methods.forEach((m, i) => {
        console[m] = originals[i];
      });
      if (saved === undefined) delete process.env.FAUNA_DEBUG;
      else process.env.FAUNA_DEBUG = saved;
      loud.close();
    }
    assert.ok(!logged.join('\n').includes(SECRET), 'secret logged');
    assert.deepEqual(logged, []);
  });

  it('never records or returns the secret', async () => {
    await runner.run(conn, { query: 'foo' });
    const everything = JSON.stringify(server.requests);
    assert.ok(!everything.includes(SECRET));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
